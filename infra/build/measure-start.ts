import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runMigrations } from '../../libs/persistence/src';
import { startLocalServices } from '../stack/local-stack';
import { freePort } from '../stack/ports';
import { appArgs } from '../stack/processes';

/**
 * `npx tsx infra/build/measure-start.ts` (after `npm run build`): how long the gateway takes from spawn to
 * answering /health, and the worker to logging "worker started", from source under the loader and
 * compiled, on a PostgreSQL and Temporal dev server of its own. Prints the median of RUNS starts each.
 */
const ROOT = resolve(__dirname, '../..');
const RUNS = Number(process.env.RUNS ?? 5);

function timeStart(
  name: 'gateway' | 'worker',
  build: 'source' | 'compiled',
  env: NodeJS.ProcessEnv,
  port: number,
): Promise<{ wallMs: number; cpuMs: number }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, appArgs(name, build), {
    cwd: ROOT,
    env: { ...process.env, ...env, GATEWAY_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
  return new Promise((resolveMs, reject) => {
    let upAfterMs: number | undefined;
    let cpuMs = 0;
    const done = (ms: number) => {
      if (upAfterMs !== undefined) return;
      upAfterMs = ms;
      cpuMs = cpuMsOf(child.pid);
      clearInterval(poll);
      child.kill('SIGTERM');
    };
    child.once('exit', (code) =>
      upAfterMs === undefined
        ? reject(new Error(`${name} (${build}) exited with ${code} before it was up`))
        : resolveMs({ wallMs: upAfterMs, cpuMs }),
    );
    child.stdout.on('data', (chunk: Buffer) => {
      if (name === 'worker' && chunk.toString().includes('worker started')) done(elapsed());
    });
    const poll = setInterval(() => {
      if (name !== 'gateway') return;
      fetch(`http://127.0.0.1:${port}/health`).then(
        (res) => res.ok && done(elapsed()),
        () => undefined,
      );
    }, 20);
  });
}

/** User + system CPU time of a process so far (Linux /proc, clock ticks of 10 ms): steadier than wall time under load. */
function cpuMsOf(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'shuangcha-measure-'));
  const services = await startLocalServices({
    dataDir: dir,
    pgPort: await freePort(),
    temporalPort: await freePort(),
    uiPort: await freePort(),
    headless: true,
    ephemeral: true,
    env: {},
  });
  try {
    await runMigrations(services.databaseUrl);
    const env = {
      SHUANGCHA_ENV: 'local',
      LOG_LEVEL: 'info',
      DATABASE_URL: services.databaseUrl,
      TEMPORAL_ADDRESS: services.temporalAddress,
      AUTH_DEV_SECRET: randomBytes(32).toString('hex'),
      PAYLOAD_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      PAYLOAD_ACTIVE_KEY: 'k1',
      ATTACHMENT_LOCAL_DIR: join(dir, 'attachments'),
    };
    for (const name of ['gateway', 'worker'] as const) {
      const results: Record<string, { wallMs: number; cpuMs: number }[]> = { source: [], compiled: [] };
      for (let run = 0; run < RUNS; run += 1) {
        // Alternating, so both see the same load on a shared machine.
        for (const build of ['source', 'compiled'] as const)
          results[build].push(await timeStart(name, build, env, await freePort()));
      }
      const line = (build: 'source' | 'compiled') =>
        `wall median ${median(results[build].map((r) => r.wallMs)).toFixed(0)} ms, ` +
        `CPU median ${median(results[build].map((r) => r.cpuMs)).toFixed(0)} ms`;
      process.stdout.write(`${name} (${RUNS} starts each): loader ${line('source')}; compiled ${line('compiled')}\n`);
    }
  } finally {
    await services.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
