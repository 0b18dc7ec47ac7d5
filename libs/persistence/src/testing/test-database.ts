import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function serverUrl(): URL {
  const url = process.env.SHUANGCHA_TEST_DATABASE_URL;
  if (!url)
    throw new Error('SHUANGCHA_TEST_DATABASE_URL is unset: run integration tests with `jest --selectProjects int`');
  return new URL(url);
}

async function onAdminDatabase(run: (admin: Client) => Promise<unknown>): Promise<void> {
  const adminUrl = serverUrl();
  adminUrl.pathname = '/postgres';
  const admin = new Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    await run(admin);
  } finally {
    await admin.end();
  }
}

/** A new, empty database on the run's embedded server, so test files never see each other's rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `test_${randomBytes(8).toString('hex')}`;
  await onAdminDatabase((admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = serverUrl();
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onAdminDatabase((admin) => admin.query(`DROP DATABASE "${name}" WITH (FORCE)`)),
  };
}

/** The same database, every connection acting as `role` (privilege checks included) from its first statement. */
export function asRole(databaseUrl: string, role: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c role=${role}`);
  return url.toString();
}
