import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../infra/stack/postgres';
import { freePort } from '../../infra/stack/ports';
import { startTemporalServer } from '../../infra/stack/temporal-server';

/**
 * The cluster tier (issue 14): the same integration and end-to-end specs against the Temporal server on
 * PostgreSQL (infra/temporal/) instead of the CLI dev server, with two worker processes and two gateway
 * instances behind the round-robin proxy in every app stack (test/support/app-stack.ts) and two in-process
 * workers in every gateway harness. Always servers of its own: test/run-all.ts passes the dev server's
 * addresses to every tier. The specs address namespace `default`, as on the dev server, so that is the one
 * registered here (`npm run dev:cluster` registers `shuangcha`).
 */
export default async function globalSetup(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'shuangcha-cluster-'));
  const postgres = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: await freePort(), ephemeral: true });
  const temporal = await startTemporalServer({
    postgresUrl: postgres.url,
    port: await freePort(),
    namespace: 'default',
  }).catch(async (error: unknown) => {
    await postgres.stop();
    throw error;
  });
  process.env.SHUANGCHA_TEST_DATABASE_URL = postgres.url;
  process.env.SHUANGCHA_TEST_TEMPORAL_ADDRESS = temporal.address;
  process.env.SHUANGCHA_TEST_WORKERS = '2';
  process.env.SHUANGCHA_TEST_GATEWAYS = '2';
  (globalThis as Record<string, unknown>).__shuangchaStack = { postgres, temporal, dir };
}
