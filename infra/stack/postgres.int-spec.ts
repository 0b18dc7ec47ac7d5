import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './ports';
import { startEmbeddedPostgres } from './postgres';

async function scalar(url: string, sql: string): Promise<unknown> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ value: unknown }>(sql);
    return rows[0]?.value;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL in a folder only its owner may enter', () => {
  const home = mkdtempSync(join(tmpdir(), 'shuangcha-private-home-'));
  const checkout = join(home, 'clone');
  mkdirSync(checkout, { mode: 0o700 });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('starts, keeps its data across a restart, and leaves the folders modes as they were', async () => {
    const before = [home, checkout].map((dir) => statSync(dir).mode & 0o777);
    const dataDir = join(checkout, '.data', 'postgres');

    const first = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    try {
      await scalar(first.url, 'CREATE TABLE kept AS SELECT 42 AS value');
    } finally {
      await first.stop();
    }
    const second = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    try {
      expect(await scalar(second.url, 'SELECT value FROM kept')).toBe(42);
      expect(await scalar(second.url, "SELECT current_setting('server_encoding') AS value")).toBe('UTF8');
    } finally {
      await second.stop();
    }

    expect([home, checkout].map((dir) => statSync(dir).mode & 0o777)).toEqual(before);
    expect(before).toEqual([0o700, 0o700]);
  });
});
