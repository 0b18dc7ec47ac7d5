import { randomBytes } from 'node:crypto';
import { generatePayloadKey } from '../../libs/config/src/payload-codec';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from './postgres';
import { startTemporalDevServer, type RunningTemporal } from './temporal';

export interface LocalServices {
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl: string | null;
  stop(): Promise<void>;
}

/**
 * Starts what the environment does not already point at: embedded PostgreSQL unless DATABASE_URL is set,
 * the Temporal dev server unless TEMPORAL_ADDRESS is set. Both keep their data under `dataDir`.
 */
export async function startLocalServices(opts: {
  dataDir: string;
  pgPort: number;
  temporalPort: number;
  uiPort: number;
  headless?: boolean;
  /** Remove data PostgreSQL had to keep outside `dataDir` when stopping (test runs). */
  ephemeral?: boolean;
  uiCodecEndpoint?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}): Promise<LocalServices> {
  const env = opts.env ?? process.env;
  mkdirSync(opts.dataDir, { recursive: true });
  let postgres: RunningPostgres | undefined;
  let temporal: RunningTemporal | undefined;
  try {
    if (!env.DATABASE_URL)
      postgres = await startEmbeddedPostgres({
        dataDir: join(opts.dataDir, 'postgres'),
        port: opts.pgPort,
        ephemeral: opts.ephemeral,
      });
    if (!env.TEMPORAL_ADDRESS) {
      temporal = await startTemporalDevServer({
        dataDir: join(opts.dataDir, 'temporal'),
        port: opts.temporalPort,
        uiPort: opts.uiPort,
        headless: opts.headless,
        uiCodecEndpoint: opts.uiCodecEndpoint,
        log: opts.log,
      });
    }
  } catch (error) {
    await Promise.allSettled([temporal?.stop(), postgres?.stop()]);
    throw error;
  }
  return {
    databaseUrl: env.DATABASE_URL ?? postgres!.url,
    temporalAddress: env.TEMPORAL_ADDRESS ?? temporal!.address,
    temporalUiUrl: temporal && !opts.headless ? temporal.uiUrl : null,
    stop: async () => {
      await Promise.allSettled([temporal?.stop(), postgres?.stop()]);
    },
  };
}

/** The dev token secret: generated once per data folder, never a default in code. */
export function devSecret(dataDir: string): string {
  const file = join(dataDir, 'dev-auth-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/**
 * The payload keyring of the local stack: generated once per data folder, like the dev token secret, so
 * the histories in it stay readable across restarts; never a default in code.
 */
export function devPayloadKeys(dataDir: string): { PAYLOAD_KEYS: string; PAYLOAD_ACTIVE_KEY: string } {
  const file = join(dataDir, 'dev-payload-keys');
  if (!existsSync(file)) writeFileSync(file, generatePayloadKey('dev-1'), { mode: 0o600 });
  const keys = readFileSync(file, 'utf8').trim();
  return { PAYLOAD_KEYS: keys, PAYLOAD_ACTIVE_KEY: keys.split(',').at(-1)!.split(':')[0] };
}
