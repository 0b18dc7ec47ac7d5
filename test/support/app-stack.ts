import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../libs/persistence/src/testing/test-database';
import { runMigrations } from '../../libs/persistence/src';
import { freePort, waitFor } from '../../infra/stack/ports';
import { startApp, superviseApp, type AppProcess, type SupervisionEvents } from '../../infra/stack/processes';
import { startRoundRobinProxy, type RoundRobinProxy } from '../../infra/stack/round-robin-proxy';
import { TEST_PAYLOAD_KEYS } from './payload-keys';
import { workflowBundle } from './workflow-env';

/**
 * The workflow code the worker process loads: the bundle test/run-all.ts built, or else the current sources
 * (cached by content hash), never a dist/workflow-bundle.js left over from an older checkout.
 */
async function currentBundlePath(): Promise<{ path: string; cleanup: () => void }> {
  const built = process.env.SHUANGCHA_WORKFLOW_BUNDLE;
  if (built) return { path: built, cleanup: () => undefined };
  const { code, sourceMap } = await workflowBundle();
  const dir = mkdtempSync(join(tmpdir(), 'shuangcha-bundle-'));
  const path = join(dir, 'workflow-bundle.js');
  writeFileSync(path, code);
  writeFileSync(`${path}.map`, sourceMap);
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface AppStack {
  /** The gateway, or the round-robin proxy in front of the gateways when there are several. */
  baseUrl: string;
  databaseUrl: string;
  taskQueue: string;
  /** The (first) worker and gateway processes, as `npm run dev` runs them (the current ones after a restart). */
  readonly worker: AppProcess;
  readonly gateway: AppProcess;
  /** Every worker process, all polling the stack's task queue (the cluster mode runs two). */
  readonly workers: readonly AppProcess[];
  /** Every gateway instance with its own address, in the order of `gatewayUrls`. */
  readonly gateways: readonly AppProcess[];
  readonly gatewayUrls: readonly string[];
  /** Starts the (first) app again, with the same environment, after it was stopped or killed. */
  relaunch(name: 'worker' | 'gateway'): AppProcess;
  /** A dev token for a person, from the gateway's dev issuer. */
  token(personId: string, roles?: string[], jurisdictions?: string[]): Promise<string>;
  logs(): string;
  stop(): Promise<void>;
}

/**
 * The gateway and worker as separate processes, the way they run in production, over the run's shared
 * PostgreSQL server (a fresh database per test file) and Temporal dev server (a task queue of their own,
 * so no other file's worker picks up these workflows).
 */
export interface AppStackOptions {
  /** Runs on the migrated database before the processes start, e.g. to load the sample org model. */
  beforeStart?: (databaseUrl: string) => Promise<void>;
  /** Restart a process that dies, as the dev launcher does, reporting each exit and restart here. */
  supervise?: SupervisionEvents;
  /** The gateway's port when something started earlier must know it (the Web UI's codec endpoint). */
  gatewayPort?: number;
  /**
   * How many worker and gateway processes share the task queue and the database; several gateways get a
   * round-robin proxy in front (`baseUrl`). Default: SHUANGCHA_TEST_WORKERS / SHUANGCHA_TEST_GATEWAYS, which
   * the cluster tier sets to 2, else 1.
   */
  workers?: number;
  gateways?: number;
  /** Run the apps compiled by `npm run build` (dist/app) instead of from source under the loader. */
  build?: 'source' | 'compiled';
}

/** As long as `npm run dev` gives an app to answer /ready. */
const READY_TIMEOUT_MS = 120_000;

function instances(explicit: number | undefined, variable: string | undefined): number {
  return explicit ?? Math.max(1, Number(variable ?? 1) || 1);
}

/**
 * Stacks whose start has not returned. Jest's hook timeout does not cancel the `beforeAll` that awaits
 * `startAppStack`: the test file ends, nobody holds the stack to stop it, and its processes would outlive
 * the file. So each app is registered here as soon as it is spawned, and the file's `afterAll` (registered
 * when this module loads) stops them. A start that resumes after that stops what it has and fails.
 */
const startingStacks = new Set<{ apps: () => AppProcess[]; abandon: () => Promise<void> }>();

/** Stops every stack whose start has not returned: what a test file's `afterAll` does at its end. */
export async function stopStartingStacks(): Promise<void> {
  await Promise.all([...startingStacks].map((stack) => stack.abandon()));
}

/** The app processes of the stacks still starting (for the spec of `stopStartingStacks`). */
export function startingStackPids(): number[] {
  return [...startingStacks].flatMap((stack) => stack.apps().flatMap((app) => app.child.pid ?? []));
}

// Jest's globals exist only in a test file's module registry; scripts (bench, fuzz) stop their stacks themselves.
if (typeof afterAll === 'function') afterAll(stopStartingStacks);

/**
 * A last resort when the process ends without the afterAll (an interrupted run): no app survives it. The
 * listener is there only while apps run, so files run one after another in one process do not pile them up.
 */
const liveApps = new Set<AppProcess>();
function killLiveApps(): void {
  for (const app of liveApps)
    if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
}
function tracked(app: AppProcess): AppProcess {
  if (liveApps.size === 0) process.on('exit', killLiveApps);
  liveApps.add(app);
  return app;
}
function untracked(app: AppProcess): void {
  liveApps.delete(app);
  if (liveApps.size === 0) process.off('exit', killLiveApps);
}

export async function startAppStack(
  extraEnv: NodeJS.ProcessEnv = {},
  options: AppStackOptions = {},
): Promise<AppStack> {
  const temporalAddress = process.env.SHUANGCHA_TEST_TEMPORAL_ADDRESS;
  if (!temporalAddress) throw new Error('SHUANGCHA_TEST_TEMPORAL_ADDRESS is unset: run with the e2e Jest project');
  let abandoned = false;
  const apps: { worker: AppProcess[]; gateway: AppProcess[] } = { worker: [], gateway: [] };
  const launched: AppProcess[] = [];
  let proxy: RoundRobinProxy | undefined;
  // What the stack holds, released last-first; each is pushed the moment it exists, so a stop at any point
  // of the start releases exactly what was made so far, and one after a later step releases that too.
  const held: (() => Promise<void> | void)[] = [];
  let releasing = Promise.resolve();
  const stop = () =>
    (releasing = releasing
      .catch(() => undefined)
      .then(async () => {
        for (let release = held.pop(); release; release = held.pop()) await release();
      }));
  const starting = {
    apps: () => [...apps.gateway, ...apps.worker],
    abandon: () => {
      abandoned = true;
      return stop();
    },
  };
  /** After each wait: the test file may have ended meanwhile, and then nothing more may start. */
  const stillWanted = () => {
    if (abandoned) throw new Error('the test file ended before its app stack was ready');
  };
  startingStacks.add(starting);
  let output = '';
  try {
    const bundle = await currentBundlePath();
    held.push(bundle.cleanup);
    stillWanted();
    const db: TestDatabase = await createTestDatabase();
    held.push(() => db.drop());
    stillWanted();
    await runMigrations(db.url);
    stillWanted();
    // Before the gateway starts: its directory caches "the org model is empty" like any snapshot.
    await options.beforeStart?.(db.url);
    stillWanted();
    const workerCount = instances(options.workers, process.env.SHUANGCHA_TEST_WORKERS);
    const gatewayCount = instances(options.gateways, process.env.SHUANGCHA_TEST_GATEWAYS);
    const frontPort = options.gatewayPort ?? (await freePort());
    // One gateway listens where the callers go; several listen on ports of their own behind the proxy there.
    const ports =
      gatewayCount === 1 ? [frontPort] : await Promise.all(Array.from({ length: gatewayCount }, () => freePort()));
    stillWanted();
    const attachmentDir = mkdtempSync(join(tmpdir(), 'shuangcha-attachments-'));
    held.push(() => rmSync(attachmentDir, { recursive: true, force: true }));
    const taskQueue = `e2e-${randomBytes(4).toString('hex')}`;
    const env = {
      // The stack signs in with dev tokens, which exist only in an explicitly local environment.
      SHUANGCHA_ENV: 'local',
      LOG_LEVEL: 'warn',
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_TASK_QUEUE: taskQueue,
      AUTH_MODE: 'dev',
      AUTH_DEV_SECRET: randomBytes(32).toString('hex'),
      AUDIT_CHECKPOINT_KEY: randomBytes(32).toString('hex'),
      ALLOWED_POLICY_VERSIONS: 'dom-2026.1,compressed-2026.1',
      WORKFLOW_BUNDLE_PATH: bundle.path,
      ATTACHMENT_LOCAL_DIR: attachmentDir,
      ...TEST_PAYLOAD_KEYS,
      ...extraEnv,
    };
    const collect = (name: string, line: string) => {
      output += `[${name}] ${line}`;
    };
    const launch = (name: 'worker' | 'gateway', port?: number) => {
      const appEnv = port === undefined ? env : { ...env, GATEWAY_PORT: String(port) };
      const app = options.supervise
        ? superviseApp(name, appEnv, collect, options.supervise)
        : startApp(name, appEnv, collect, options.build);
      launched.push(tracked(app));
      return app;
    };
    // The current apps when stopped: a test may have relaunched one.
    held.push(async () => {
      // All at once: each stop waits for its process to exit, and nothing the test checks runs any more.
      await Promise.all([...apps.gateway, ...apps.worker].map((app) => app.stop()));
      // Relaunched ones too: the ones they replaced were stopped or killed by the test.
      for (const app of launched) untracked(app);
    });
    for (let i = 0; i < workerCount; i++) apps.worker.push(launch('worker'));
    for (const port of ports) apps.gateway.push(launch('gateway', port));
    const gatewayUrls = ports.map((port) => `http://127.0.0.1:${port}`);
    for (const [i, gateway] of apps.gateway.entries()) {
      // As infra's waitForReady, but an abandoned stack ends the wait at once instead of after the timeout.
      await waitFor(
        `${gateway.name} at ${gatewayUrls[i]}/ready`,
        async () => {
          if (abandoned) return;
          if (gateway.child.exitCode !== null) throw new Error(`${gateway.name} exited with ${gateway.child.exitCode}`);
          const res = await fetch(`${gatewayUrls[i]}/ready`);
          if (res.status !== 200) throw new Error(`ready answered ${res.status}: ${await res.text()}`);
        },
        READY_TIMEOUT_MS,
      );
      stillWanted();
    }
    if (gatewayCount > 1) {
      const started = await startRoundRobinProxy({ port: frontPort, upstreams: gatewayUrls });
      held.push(() => started.close());
      proxy = started;
    }
    stillWanted();
    startingStacks.delete(starting);
    return handOver({ apps, proxy, gatewayUrls, ports, db, taskQueue, launch, stop, output: () => output });
  } catch (error) {
    startingStacks.delete(starting);
    await stop();
    throw new Error(`${String(error)}\n--- app output ---\n${output}`);
  }
}

function handOver({
  apps,
  proxy,
  gatewayUrls,
  ports,
  db,
  taskQueue,
  launch,
  stop,
  output,
}: {
  apps: { worker: AppProcess[]; gateway: AppProcess[] };
  proxy: RoundRobinProxy | undefined;
  gatewayUrls: string[];
  ports: number[];
  db: TestDatabase;
  taskQueue: string;
  launch: (name: 'worker' | 'gateway', port?: number) => AppProcess;
  stop: () => Promise<void>;
  output: () => string;
}): AppStack {
  return {
    baseUrl: proxy?.url ?? gatewayUrls[0],
    databaseUrl: db.url,
    taskQueue,
    gatewayUrls,
    get worker() {
      return apps.worker[0];
    },
    get gateway() {
      return apps.gateway[0];
    },
    get workers() {
      return apps.worker;
    },
    get gateways() {
      return apps.gateway;
    },
    relaunch: (name) => {
      apps[name][0] = launch(name, name === 'gateway' ? ports[0] : undefined);
      return apps[name][0];
    },
    logs: output,
    stop,
    token: async (personId, roles, jurisdictions) => {
      // Through the proxy when there is one: it skips an instance a test has killed.
      const res = await fetch(`${proxy?.url ?? gatewayUrls[0]}/dev/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          personId,
          ...(roles && { roles }),
          ...(jurisdictions && { jurisdictionIds: jurisdictions }),
        }),
      });
      if (!res.ok) throw new Error(`dev token for ${personId}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
  };
}
