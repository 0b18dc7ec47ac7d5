import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { stopChild } from './temporal';
import { waitFor } from './ports';

const ROOT = resolve(__dirname, '../..');

export interface AppProcess {
  name: string;
  /** The running process; a supervised app gets a new one after each restart. */
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

export interface SupervisionEvents {
  /** The app died on its own; it is started again after `delayMs`. */
  exited(name: string, exit: { code: number | null; signal: NodeJS.Signals | null; delayMs: number }): void;
  restarted(name: string, pid: number | undefined): void;
}

const RESTART_BACKOFF_MS = { first: 1000, max: 30_000 };
/** A process that stayed up this long is healthy again: the next crash restarts after the first delay. */
const STABLE_AFTER_MS = 60_000;

/**
 * The command line of an app: from TypeScript source under swc's loader (swc, unlike tsx's esbuild, emits
 * the decorator metadata Nest's constructor injection needs), or compiled by `npm run build` into dist/app
 * (`npm run start:prod:<app>`).
 */
export function appArgs(name: 'gateway' | 'worker', build: 'source' | 'compiled' = 'source'): string[] {
  return build === 'compiled'
    ? ['--enable-source-maps', resolve(ROOT, `dist/app/apps/${name}/src/main.js`)]
    : ['-r', '@swc-node/register', resolve(ROOT, `apps/${name}/src/main.ts`)];
}

/** Runs one app (gateway or worker) as its own process, as in production. */
export function startApp(
  name: 'gateway' | 'worker',
  env: NodeJS.ProcessEnv,
  output: (name: string, chunk: string) => void = () => undefined,
  build: 'source' | 'compiled' = 'source',
): AppProcess {
  const child = spawn(process.execPath, appArgs(name, build), {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  relayLines(child.stdout, (line) => output(name, line));
  relayLines(child.stderr, (line) => output(name, line));
  return { name, child, stop: () => stopChild(child, 15_000) };
}

/**
 * Like `startApp`, but a process that exits on its own (crash, OOM kill, SIGKILL) is started again with
 * exponential backoff, and each exit and restart is reported. `stop()` ends it for good.
 */
export function superviseApp(
  name: 'gateway' | 'worker',
  env: NodeJS.ProcessEnv,
  output: (name: string, chunk: string) => void,
  events: SupervisionEvents,
): AppProcess {
  let current = startApp(name, env, output);
  let stopped = false;
  let delayMs = RESTART_BACKOFF_MS.first;
  let timer: NodeJS.Timeout | undefined;
  const watch = (app: AppProcess) => {
    const startedAt = Date.now();
    app.child.once('exit', (code, signal) => {
      if (stopped) return;
      if (Date.now() - startedAt >= STABLE_AFTER_MS) delayMs = RESTART_BACKOFF_MS.first;
      events.exited(name, { code, signal, delayMs });
      timer = setTimeout(() => {
        if (stopped) return;
        current = startApp(name, env, output);
        events.restarted(name, current.child.pid);
        watch(current);
      }, delayMs);
      delayMs = Math.min(delayMs * 2, RESTART_BACKOFF_MS.max);
    });
  };
  watch(current);
  return {
    name,
    get child() {
      return current.child;
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await current.stop();
    },
  };
}

export async function waitForReady(baseUrl: string, app: AppProcess, timeoutMs = 120_000): Promise<void> {
  await waitFor(
    `${app.name} at ${baseUrl}/ready`,
    async () => {
      if (app.child.exitCode !== null) throw new Error(`${app.name} exited with ${app.child.exitCode}`);
      const res = await fetch(`${baseUrl}/ready`);
      if (res.status !== 200) throw new Error(`ready answered ${res.status}: ${await res.text()}`);
    },
    timeoutMs,
  );
}

/** Hands on whole lines, so output of two processes never interleaves inside a line. */
function relayLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  let pending = '';
  stream?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(`${line}\n`);
  });
  stream?.on('end', () => {
    if (pending) onLine(`${pending}\n`);
  });
}
