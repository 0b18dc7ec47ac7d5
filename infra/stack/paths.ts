import { homedir } from 'node:os';
import { join } from 'node:path';

/** Mirrors infra/provision.sh: one cache per user, reused by every clone on the machine. */
export function cacheDir(): string {
  return process.env.SHUANGCHA_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'shuangcha');
}

export const temporalCliPath = (): string => join(cacheDir(), 'bin', 'temporal');
export const timeSkippingServerPath = (): string => join(cacheDir(), 'bin', 'temporal-test-server');
