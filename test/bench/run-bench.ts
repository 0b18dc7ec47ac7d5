import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { loadConfig } from '../../libs/config/src';
import { TEST_PAYLOAD_KEYS } from '../support/payload-keys';
import { BenchStack } from './bench-stack';
import { loadSampleOrg, measureFullCase } from './full-case';
import { Progress } from './progress';
import { consoleTable, markdownRun, spliceGenerated, svgChart } from './render';
import { figures, targets, type BenchResults } from './results';
import { insertReadModel, measureSupervision } from './supervision';
import { Throughput } from './throughput';

const ROOT = resolve(__dirname, '../..');
const PHASES = ['throughput', 'memory', 'supervision', 'history'] as const;
type Phase = (typeof PHASES)[number];

function size(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
}

/** The run's settings: sizes from BENCH_* (defaults sized for a 2-core machine), phases from BENCH_PHASES. */
function settings() {
  const phases = (process.env.BENCH_PHASES ?? PHASES.join(','))
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean) as Phase[];
  for (const p of phases) if (!PHASES.includes(p)) throw new Error(`BENCH_PHASES: unknown phase ${p}`);
  const outDir = process.env.BENCH_OUT_DIR ? resolve(process.env.BENCH_OUT_DIR) : join(ROOT, 'docs/benchmarks');
  return {
    phases,
    sizes: {
      starts: size('BENCH_STARTS', 200),
      decisionsC1: size('BENCH_DECISIONS_C1', 20),
      decisionsC8: size('BENCH_DECISIONS_C8', 100),
      openCases: size('BENCH_OPEN_CASES', 2_000),
      readModelRows: size('BENCH_READ_MODEL_ROWS', 100_000),
      queryRepeats: size('BENCH_QUERY_REPEATS', 50),
    },
    temporal: temporalKind(),
    outDir,
    markdown: process.env.BENCH_OUT_DIR ? join(outDir, 'benchmarks.md') : join(ROOT, 'docs/benchmarks.md'),
  };
}

function temporalKind(): 'dev' | 'server' {
  const kind = process.env.BENCH_TEMPORAL ?? 'dev';
  if (kind !== 'dev' && kind !== 'server') throw new Error(`BENCH_TEMPORAL must be dev or server, got ${kind}`);
  return kind;
}

/** Rate limits far above the load the bench sends, so it measures the engine and not the limiter. */
const BENCH_APP_ENV = { RATE_LIMIT_PER_CLIENT: '100000000', RATE_LIMIT_PER_PERSON: '100000000' };

async function main(): Promise<void> {
  const s = settings();
  // Only the worker settings are read here; the rest is what the app processes get from app-stack.
  const config = loadConfig({
    ...process.env,
    SHUANGCHA_ENV: 'local',
    AUTH_MODE: 'dev',
    AUTH_DEV_SECRET: randomBytes(32).toString('hex'),
    ...TEST_PAYLOAD_KEYS,
  });
  const workerEnv = {
    WORKER_MAX_CACHED_WORKFLOWS: String(config.WORKER_MAX_CACHED_WORKFLOWS),
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: String(config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS),
    WORKER_MAX_CONCURRENT_ACTIVITIES: String(config.WORKER_MAX_CONCURRENT_ACTIVITIES),
  };
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    finishedAt: '',
    machine: {
      nproc: cpus().length,
      memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      node: process.version,
      loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    },
    sizes: s.sizes,
    temporal: s.temporal,
    worker: {
      maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentWorkflowTasks: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      maxConcurrentActivities: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    },
    errors: [],
  };
  const has = (p: Phase) => s.phases.includes(p);
  const steps =
    3 +
    (has('throughput') || has('memory') ? 1 : 0) +
    (has('throughput') ? 9 : 0) +
    (has('memory') ? 5 : 0) +
    (has('supervision') ? 9 : 0) +
    (has('history') ? 5 : 0);
  const progress = new Progress(process.stderr, steps);
  const stack = new BenchStack(workerEnv, s.temporal);
  let interrupted = false;
  const interrupt = () => {
    if (interrupted) return;
    interrupted = true;
    progress.finishLine();
    process.stderr.write('interrupted: stopping everything the bench started\n');
    shuttingDown = stack.stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  // Ctrl-C reaches the servers too: PostgreSQL ends its sessions, and a client's 'error' event must not
  // end this process before it has stopped what it started.
  const crashed = (error: unknown) => {
    if (interrupted) return;
    interrupted = true;
    progress.finishLine();
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    shuttingDown = stack.stop().finally(() => process.exit(1));
  };
  process.on('uncaughtException', crashed);
  process.on('unhandledRejection', crashed);

  const phase = async (name: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      if (interrupted) return;
      progress.finishLine();
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`phase ${name} failed: ${message}\n`);
      // The apps' own account of the failure (a 500 quotes only a trace id): kept beside the results.
      const logs = stack.appLogs();
      if (logs) {
        const file = join(tmpdir(), `shuangcha-bench-${name}-${Date.now()}.log`);
        writeFileSync(file, logs);
        const errors = logs.split('\n').filter((line) => /"level":\s*50|ERROR/.test(line));
        process.stderr.write(`the apps' output is in ${file}; its last errors:\n${errors.slice(-5).join('\n')}\n`);
      }
      results.errors.push({ phase: name, message: error instanceof Error ? error.message : String(error) });
    }
  };

  try {
    progress.step(
      `starting PostgreSQL and the Temporal ${s.temporal === 'server' ? 'server on it' : 'dev server'}, bundling the workflows`,
    );
    await stack.startServers();
    progress.step('starting the baseline worker');
    const baseline = await stack.startBaselineWorker();

    if (s.phases.includes('throughput') || s.phases.includes('memory')) {
      progress.step('starting the Shuangcha gateway and worker');
      const apps = await stack.startApps(BENCH_APP_ENV);
      const throughput = new Throughput(apps, stack.client, stack.baselineTaskQueue, baseline.pid!, progress);
      await throughput.connect();
      await phase('throughput', async () => {
        if (!s.phases.includes('throughput')) return;
        await throughput.warmUp();
        results.starts = await throughput.starts(s.sizes.starts);
        results.decisions = {};
        results.decisions.c1 = await throughput.decisions(s.sizes.decisionsC1, 1);
        results.decisions.c8 = await throughput.decisions(s.sizes.decisionsC8, 8);
      });
      await phase('memory', async () => {
        if (s.phases.includes('memory')) results.memory = await throughput.footprint(s.sizes.openCases);
      });
      await throughput.close();
      await stack.stopApps(apps);
    }

    if (s.phases.includes('supervision'))
      await phase('supervision', async () => {
        progress.step('starting a gateway over the bench-only read model');
        const apps = await stack.startApps(BENCH_APP_ENV, {
          beforeStart: (url) => insertReadModel(url, s.sizes.readModelRows, progress),
        });
        try {
          results.supervision = await measureSupervision(apps, s.sizes.readModelRows, s.sizes.queryRepeats, progress);
        } finally {
          await stack.stopApps(apps);
        }
      });

    if (s.phases.includes('history'))
      await phase('history', async () => {
        progress.step('starting a gateway and worker over the sample org');
        const apps = await stack.startApps(BENCH_APP_ENV, { beforeStart: loadSampleOrg });
        try {
          results.fullCase = await measureFullCase(apps, stack.client, stack.baselineTaskQueue, progress);
        } finally {
          await stack.stopApps(apps);
        }
      });
  } finally {
    progress.step('stopping everything the bench started');
    await stack.stop();
    progress.finishLine();
  }
  if (interrupted) return;

  results.finishedAt = new Date().toISOString();
  const figs = figures(results);
  const tgts = targets(results);
  process.stdout.write(`\n${consoleTable(figs)}\n\n`);
  for (const t of tgts) process.stdout.write(`${t.status.padEnd(12)} ${t.target}: ${t.measured}\n`);
  process.stdout.write(
    `\nworker sticky cache bound WORKER_MAX_CACHED_WORKFLOWS=${results.worker.maxCachedWorkflows} (both workers)` +
      (results.memory
        ? `; ${results.memory.runningWorkflows.toLocaleString('en')} running Shuangcha workflows at the memory reading\n`
        : '\n'),
  );
  for (const e of results.errors) process.stdout.write(`FAILED ${e.phase}: ${e.message.split('\n')[0]}\n`);

  mkdirSync(s.outDir, { recursive: true });
  // Formatted as `prettier --check` (CI) wants the committed files.
  const pretty = async (path: string, text: string) =>
    writeFileSync(path, await format(text, { ...(await resolveConfig(path)), filepath: path }));
  await pretty(join(s.outDir, 'results.json'), JSON.stringify(results));
  writeFileSync(join(s.outDir, 'chart.svg'), svgChart(figs, `Shuangcha vs bare Temporal, ${results.startedAt}`));
  const existing = existsSync(s.markdown) ? readFileSync(s.markdown, 'utf8') : null;
  await pretty(s.markdown, spliceGenerated(existing, markdownRun(results, figs, tgts), '# Benchmarks\n'));
  process.stdout.write(`\nwritten: ${join(s.outDir, 'results.json')}, chart.svg, ${s.markdown}\n`);
  if (results.errors.length) process.exitCode = 1;
}

/** Set once Ctrl-C or a crash began stopping the stack; that path ends the process when it is done. */
let shuttingDown: Promise<void> | null = null;

main().catch((error: unknown) => {
  if (shuttingDown) return;
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
