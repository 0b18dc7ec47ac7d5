import { homedir } from 'node:os';
import { join } from 'node:path';

/** Mirrors infra/provision.sh: one cache per user, reused by every clone on the machine. */
export function cacheDir(): string {
  return process.env.SHUANGCHA_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'shuangcha');
}

export const temporalCliPath = (): string => join(cacheDir(), 'bin', 'temporal');
export const timeSkippingServerPath = (): string => join(cacheDir(), 'bin', 'temporal-test-server');
/** SeaweedFS, the S3-compatible server the attachment store's tests run against. */
export const weedPath = (): string => join(cacheDir(), 'bin', 'weed');
/** Built by infra/provision.sh from `go.temporal.io/server` (the cluster mode, infra/temporal/). */
export const temporalServerPath = (): string => join(cacheDir(), 'bin', 'temporal-server');
export const temporalSqlToolPath = (): string => join(cacheDir(), 'bin', 'temporal-sql-tool');
