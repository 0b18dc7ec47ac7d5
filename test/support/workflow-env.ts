import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Resource } from '@opentelemetry/resources';
import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry/lib/worker';
import { timeSkippingServerPath } from '../../infra/stack/paths';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../libs/contracts/src/search-attributes';
import {
  WORKFLOW_INTERCEPTOR_MODULES,
  WORKFLOWS_PATH,
  webpackConfigHook,
} from '../../infra/workflow-bundle/webpack-hook';
import { testDataConverter } from './payload-keys';

/**
 * The Java time-skipping server from the user cache (infra/provision.sh); never downloaded at test time.
 * Its client encrypts payloads like production, so a spec's worker needs `dataConverter: testDataConverter()`;
 * `encrypted: false` only for recording histories, which must replay in any later process.
 */
export async function timeSkippingEnv({ encrypted = true } = {}): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const path = timeSkippingServerPath();
  if (!existsSync(path)) throw new Error(`time-skipping server launcher missing at ${path}: run infra/provision.sh`);
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path } },
    ...(encrypted && { client: { dataConverter: testDataConverter() } }),
  });
  await env.connection.operatorService
    .addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: Object.fromEntries(
        SEARCH_ATTRIBUTE_DEFINITIONS.map((sa) => [sa.name, indexedValueType(sa.temporalType)]),
      ),
    })
    .catch(() => undefined);
  // The Java server starts with time skipping unlocked; the SDK's client assumes it is locked and only
  // unlocks it while awaiting a result or in env.sleep. Lock it so tests move time only on purpose.
  await env.connection.testService?.lockTimeSkipping({});
  return env;
}

function indexedValueType(type: string): number {
  // temporal.api.enums.v1.IndexedValueType
  return { Text: 1, Keyword: 2, Int: 3, Double: 4, Bool: 5, Datetime: 6, KeywordList: 7 }[type] ?? 2;
}

/**
 * Bundles the workflows once per source change and caches the result beside the repo's dist/, so the test
 * files of one run (and the next run, if nothing changed) share it.
 */
export async function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  // test/run-all.ts builds dist/workflow-bundle.js first and points here, so the tiers (replay included)
  // exercise the same bundle production loads.
  const built = process.env.SHUANGCHA_WORKFLOW_BUNDLE;
  if (built) return { code: readFileSync(built, 'utf8'), sourceMap: readFileSync(`${built}.map`, 'utf8') };
  const root = resolve(__dirname, '../..');
  const hash = createHash('sha256');
  for (const dir of ['workflows', 'libs/contracts/src', 'libs/domain/src']) hashTree(join(root, dir), hash);
  for (const file of WORKFLOW_INTERCEPTOR_MODULES) hash.update(file).update(readFileSync(file));
  const key = hash.digest('hex').slice(0, 16);
  const cacheDir = join(root, 'dist', 'test-bundles');
  const codeFile = join(cacheDir, `${key}.js`);
  if (existsSync(codeFile)) {
    return { code: readFileSync(codeFile, 'utf8'), sourceMap: readFileSync(`${codeFile}.map`, 'utf8') };
  }
  const bundle = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    webpackConfigHook,
    logger: quietLogger,
  });
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(codeFile, bundle.code);
  writeFileSync(`${codeFile}.map`, bundle.sourceMap);
  return bundle;
}

function hashTree(dir: string, hash: ReturnType<typeof createHash>): void {
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) hashTree(full, hash);
    else if (entry.endsWith('.ts') && !/spec\.ts$/.test(entry)) hash.update(full).update(readFileSync(full));
  }
}

const quietLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  log: () => undefined,
};

let runtimeInstalled = false;
/** Worker state changes at INFO drown test output; keep warnings and errors. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by another helper in this process: keep that one.
  }
}

/**
 * The span sink the bundle's tracing interceptors call (infra/workflow-bundle/tracing.interceptors.ts);
 * tests that do not look at spans drop them, instead of the worker logging an unregistered sink.
 */
export function workflowSpanSinks() {
  return { exporter: makeWorkflowExporter(new NoopSpanProcessor(), new Resource({})) };
}
