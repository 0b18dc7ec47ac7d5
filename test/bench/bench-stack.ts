import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { freePort, waitFor } from '../../infra/stack/ports';
import { startEmbeddedPostgres, type RunningPostgres } from '../../infra/stack/postgres';
import { startTemporalDevServer, stopChild, type RunningTemporal } from '../../infra/stack/temporal';
import { startTemporalServer } from '../../infra/stack/temporal-server';
import { startAppStack, type AppStack, type AppStackOptions } from '../support/app-stack';
import { TEST_PAYLOAD_KEYS, testDataConverter } from '../support/payload-keys';
import { workflowBundle } from '../support/workflow-env';

const ROOT = resolve(__dirname, '../..');

/**
 * Everything one bench run starts, on free ports, and stops again (also on Ctrl-C): one PostgreSQL and one
 * Temporal dev server, as the e2e global setup starts them; the gateway and worker processes of
 * test/support/app-stack (a database and task queue each); the bare baseline worker on its own queue.
 */
export class BenchStack {
  private readonly dir = mkdtempSync(join(tmpdir(), 'shuangcha-bench-'));
  private postgres?: RunningPostgres;
  private temporal?: RunningTemporal;
  private readonly appStacks = new Set<AppStack>();
  private baselineWorker?: ChildProcess;
  private connection?: Connection;
  private stopped = false;
  client!: Client;
  databaseServerUrl = '';
  readonly baselineTaskQueue = `bench-baseline-${randomBytes(4).toString('hex')}`;

  /**
   * `temporal`: the CLI dev server on SQLite, as `npm run dev` and the e2e tier run it, or the Temporal server
   * on the run's PostgreSQL, as `npm run dev:cluster` and production run it (BENCH_TEMPORAL=server). The dev
   * server's SQLite gave up ("Error interrupted") with about 13,000 open workflows on 2 busy cores.
   */
  constructor(
    readonly workerEnv: Record<string, string>,
    readonly temporalKind: 'dev' | 'server' = 'dev',
  ) {}

  async startServers(): Promise<void> {
    const [pgPort, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
    this.postgres = await startEmbeddedPostgres({ dataDir: join(this.dir, 'pg'), port: pgPort, ephemeral: true });
    this.temporal =
      this.temporalKind === 'server'
        ? await startTemporalServer({ postgresUrl: this.postgres.url, port: temporalPort, namespace: 'default' })
        : await startTemporalDevServer({
            dataDir: join(this.dir, 'temporal'),
            port: temporalPort,
            uiPort,
            headless: true,
          });
    // test/support/app-stack finds the servers the way the e2e tier's global setup hands them over.
    process.env.SHUANGCHA_TEST_DATABASE_URL = this.postgres.url;
    process.env.SHUANGCHA_TEST_TEMPORAL_ADDRESS = this.temporal.address;
    this.databaseServerUrl = this.postgres.url;
    // One bundle for every worker this run starts, removed with the run's folder.
    const bundle = await workflowBundle();
    const bundlePath = join(this.dir, 'workflow-bundle.js');
    writeFileSync(bundlePath, bundle.code);
    writeFileSync(`${bundlePath}.map`, bundle.sourceMap);
    process.env.SHUANGCHA_WORKFLOW_BUNDLE = bundlePath;
    this.connection = await Connection.connect({ address: this.temporal.address });
    this.client = new Client({ connection: this.connection, dataConverter: testDataConverter() });
  }

  /** A gateway and a worker over a fresh database; stopped by `stopApps` or `stop`. */
  async startApps(extraEnv: NodeJS.ProcessEnv = {}, options: AppStackOptions = {}): Promise<AppStack> {
    const stack = await startAppStack({ ...this.workerEnv, ...extraEnv }, options);
    this.appStacks.add(stack);
    return stack;
  }

  /** Stops one gateway and worker pair; a failure to drop its database is reported, not thrown. */
  async stopApps(stack: AppStack): Promise<void> {
    if (!this.appStacks.delete(stack)) return;
    await stack.stop().catch((error: unknown) => process.stderr.write(`stopping the apps: ${String(error)}\n`));
  }

  /** The baseline worker process; resolves once it polls its task queue. */
  async startBaselineWorker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'baseline/worker.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...this.workerEnv,
        ...TEST_PAYLOAD_KEYS,
        SHUANGCHA_ENV: 'local',
        AUTH_MODE: 'dev',
        AUTH_DEV_SECRET: randomBytes(32).toString('hex'),
        TEMPORAL_ADDRESS: this.temporal!.address,
        BENCH_BASELINE_TASK_QUEUE: this.baselineTaskQueue,
        BENCH_BASELINE_DATABASE_URL: this.databaseServerUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.baselineWorker = child;
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(
      'the baseline worker',
      async () => {
        if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${output}`);
        if (!output.includes('ready')) throw new Error('not ready yet');
      },
      120_000,
    );
    return child;
  }

  /** What the running gateway and worker processes have printed so far (LOG_LEVEL=warn: warnings and errors). */
  appLogs(): string {
    return [...this.appStacks].map((stack) => stack.logs()).join('');
  }

  /** Idempotent; stops the apps, the baseline worker, then the servers, and removes their data. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const stack of [...this.appStacks].reverse()) await stack.stop().catch(() => undefined);
    this.appStacks.clear();
    if (this.baselineWorker) await stopChild(this.baselineWorker, 15_000);
    await this.connection?.close().catch(() => undefined);
    await Promise.allSettled([this.temporal?.stop(), this.postgres?.stop()]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
