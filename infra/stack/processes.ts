import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { stopChild } from './temporal';
import { waitFor } from './ports';

const ROOT = resolve(__dirname, '../..');

export interface AppProcess {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Runs one app (gateway or worker) from TypeScript source as its own process, as in production. */
export function startApp(
  name: 'gateway' | 'worker',
  env: NodeJS.ProcessEnv,
  output: (name: string, chunk: string) => void = () => undefined,
): AppProcess {
  // swc, unlike tsx's esbuild, emits decorator metadata, which Nest's constructor injection needs.
  const child = spawn(process.execPath, ['-r', '@swc-node/register', resolve(ROOT, `apps/${name}/src/main.ts`)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  relayLines(child.stdout, (line) => output(name, line));
  relayLines(child.stderr, (line) => output(name, line));
  return { name, child, stop: () => stopChild(child, 15_000) };
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
