import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from '../../../infra/stack/postgres';
import { freePort } from '../../../infra/stack/ports';
import { startTemporalDevServer, type RunningTemporal } from '../../../infra/stack/temporal';
import { startAppStack, type AppStack } from '../../support/app-stack';

/**
 * A PostgreSQL and a Temporal dev server of one fault test file's own: the file stops and restarts them,
 * which it may not do to the servers every other file of the run shares. The app stack and the test
 * databases find them through the same variables the shared ones use.
 */
const LONG_POLL_S = 5;
/** The gateway's READY_POLLER_MAX_AGE_S against these servers: three long polls. */
export const FAULT_POLLER_MAX_AGE_S = 3 * LONG_POLL_S;

export interface FaultServers {
  /** Stops the Temporal dev server; its SQLite file stays. */
  stopTemporal(): Promise<void>;
  /** Starts it again on the same port and file, so every process finds it where it was. */
  startTemporal(): Promise<void>;
  /** Stops PostgreSQL (a fast shutdown: sessions end at once); its data stays. */
  stopPostgres(): Promise<void>;
  /** Starts it again on the same port and data. */
  startPostgres(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFaultServers(): Promise<FaultServers> {
  const dir = mkdtempSync(join(tmpdir(), 'shuangcha-faults-'));
  const [pgPort, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
  const postgresOptions = { dataDir: join(dir, 'pg'), port: pgPort, ephemeral: true };
  let postgres: RunningPostgres | undefined = await startEmbeddedPostgres(postgresOptions);
  const temporalOptions = {
    dataDir: join(dir, 'temporal'),
    port: temporalPort,
    uiPort,
    headless: true,
    dynamicConfig: {
      // A live worker polls again every few seconds, so its last poll is never older than FAULT_POLLER_MAX_AGE_S.
      'matching.longPollExpirationInterval': `${LONG_POLL_S}s`,
      // Queries on a queue nobody polled for this long fail at once (FAILED_PRECONDITION: no poller).
      'matching.queryPollerUnavailableWindow': `${LONG_POLL_S}s`,
    },
  };
  let temporal: RunningTemporal | undefined = await startTemporalDevServer(temporalOptions);
  process.env.SHUANGCHA_TEST_DATABASE_URL = postgres.url;
  process.env.SHUANGCHA_TEST_TEMPORAL_ADDRESS = temporal.address;
  return {
    stopTemporal: async () => {
      await temporal?.stop();
      temporal = undefined;
    },
    startTemporal: async () => {
      temporal = await startTemporalDevServer(temporalOptions);
    },
    stopPostgres: async () => {
      await postgres?.stop({ keepData: true });
      postgres = undefined;
    },
    startPostgres: async () => {
      postgres = await startEmbeddedPostgres(postgresOptions);
    },
    stop: async () => {
      // A server stopped by a test is started once more, so that its stop removes the data it kept.
      postgres ??= await startEmbeddedPostgres(postgresOptions).catch(() => undefined);
      await Promise.allSettled([temporal?.stop(), postgres?.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The app stack on these servers. A free port is free only when it is asked for: on a machine shared with
 * other runs another process may bind it before the gateway does, so that one failure starts it again.
 */
export async function startFaultAppStack(env: NodeJS.ProcessEnv): Promise<AppStack> {
  try {
    return await startAppStack(env);
  } catch (error) {
    if (!String(error).includes('EADDRINUSE')) throw error;
    return startAppStack(env);
  }
}
