import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../infra/stack/postgres';
import { freePort } from '../../infra/stack/ports';
import { startTemporalDevServer } from '../../infra/stack/temporal';

/**
 * One real PostgreSQL and one real Temporal dev server per test run, shared by every integration and e2e
 * file. When test/run-all.ts already started them it passes their addresses in and this does nothing.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.SHUANGCHA_TEST_DATABASE_URL && process.env.SHUANGCHA_TEST_TEMPORAL_ADDRESS) return;
  const dir = mkdtempSync(join(tmpdir(), 'shuangcha-test-'));
  const [pgPort, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
  const postgres = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: pgPort, ephemeral: true });
  const temporal = await startTemporalDevServer({
    dataDir: join(dir, 'temporal'),
    port: temporalPort,
    uiPort,
    headless: true,
  });
  process.env.SHUANGCHA_TEST_DATABASE_URL = postgres.url;
  process.env.SHUANGCHA_TEST_TEMPORAL_ADDRESS = temporal.address;
  (globalThis as Record<string, unknown>).__shuangchaStack = { postgres, temporal, dir };
}
