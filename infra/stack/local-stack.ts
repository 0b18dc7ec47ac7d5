import { randomBytes } from 'node:crypto';
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
