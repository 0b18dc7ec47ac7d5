import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  type LogLevel,
  type WorkerOptions,
} from '@temporalio/worker';
import pino from 'pino';
import { ACTIVITY_CLASSES, bindActivities } from '../../../activities';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry/lib/worker';
import {
  activeTraceFields,
  ConfigError,
  loadConfig,
  payloadCodecFor,
  startTracing,
  temporalConnectionOptions,
  type AppConfig,
  type Tracing,
} from '@shuangcha/config';
import { CASE_TASK_QUEUE } from '@shuangcha/contracts';
import { BUNDLE_PATH } from '../../../infra/workflow-bundle/paths';
import { WorkerModule } from './worker.module';

/**
 * The worker process: activities as Nest providers (so they share one DataSource), workflows from the
 * prebuilt bundle (`npm run build:workflows`). Without a bundle (a fresh checkout in dev) it bundles
 * from source at start, which takes a few seconds.
 */
export async function startWorker(
  config: AppConfig = loadConfig(),
  opts: { workflowBundle?: { code: string; sourceMap?: string }; tracing?: Tracing } = {},
): Promise<{ worker: Worker; stop: () => Promise<void> }> {
  // The trace id of the activity's span on every line an activity logs (TRACE_EXPORTER).
  const logger = pino({ name: 'shuangcha-worker', level: config.LOG_LEVEL, mixin: activeTraceFields });
  const tracing = opts.tracing ?? startTracing(config, 'shuangcha-worker', logger);
  // Before anything connects: without a keyring the worker would write case text to histories in clear.
  const payloadCodec = payloadCodecFor(config);
  installRuntime(logger, config);
  const app = await NestFactory.createApplicationContext(WorkerModule.forConfig(config), {
    logger: false,
    abortOnError: false,
  });
  const activities = Object.assign({}, ...ACTIVITY_CLASSES.map((cls) => bindActivities(app.get(cls)))) as Record<
    string,
    (...args: unknown[]) => Promise<unknown>
  >;
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  const { code: workflowCode, workflowModules } = workflowCodeFor(config, opts.workflowBundle);
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE ?? CASE_TASK_QUEUE,
    activities,
    // Codecs run in the worker's main thread, not in the sandbox, so a prebuilt bundle needs nothing else.
    dataConverter: { payloadCodecs: [payloadCodec] },
    ...workflowCode,
    interceptors: {
      workflowModules,
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    // The bundle's tracing interceptors export workflow spans through this sink (a no-op while tracing is off).
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentLocalActivityExecutions: config.WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES,
  });
  logger.info(
    {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      namespace: config.TEMPORAL_NAMESPACE,
      bundle: 'workflowBundle' in workflowCode,
    },
    'worker started',
  );
  const running = worker.run();
  return {
    worker,
    stop: async () => {
      // The SDK already begins shutting down on SIGINT/SIGTERM; a second shutdown() throws IllegalStateError.
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
      await app.close();
      if (!opts.tracing) await tracing.shutdown();
      logger.info('worker stopped');
    },
  };
}

type WorkflowCode = Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'>;

/**
 * The prebuilt bundle (`npm run build:workflows`, or WORKFLOW_BUNDLE_PATH). Only a fresh checkout in dev
 * without one bundles from source: the bundler (webpack, a dev dependency) is loaded only then, so a
 * production worker never needs it. The tracing interceptors are inside a prebuilt bundle already.
 */
function workflowCodeFor(
  config: AppConfig,
  given: { code: string; sourceMap?: string } | undefined,
): { code: WorkflowCode; workflowModules: string[] } {
  if (given) return { code: { workflowBundle: given }, workflowModules: [] };
  const bundlePath = config.WORKFLOW_BUNDLE_PATH ?? BUNDLE_PATH;
  if (config.WORKFLOW_BUNDLE_PATH !== undefined || existsSync(bundlePath))
    return {
      code: { workflowBundle: { codePath: bundlePath, sourceMapPath: `${bundlePath}.map` } },
      workflowModules: [],
    };
  type BundleHook = typeof import('../../../infra/workflow-bundle/webpack-hook');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hook = require('../../../infra/workflow-bundle/webpack-hook') as BundleHook;
  return {
    code: { workflowsPath: hook.WORKFLOWS_PATH, bundlerOptions: { webpackConfigHook: hook.webpackConfigHook } },
    workflowModules: hook.WORKFLOW_INTERCEPTOR_MODULES,
  };
}

let runtimeInstalled = false;
/**
 * The SDK's Runtime is per process and installed once: its logger, and with WORKER_METRICS_ADDRESS the
 * Prometheus exporter of the SDK's own metrics (task slots, poll latencies, sticky cache, schedule-to-start).
 */
function installRuntime(logger: pino.Logger, config: AppConfig): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const level = (
    config.LOG_LEVEL === 'silent' || config.LOG_LEVEL === 'fatal' ? 'ERROR' : config.LOG_LEVEL.toUpperCase()
  ) as LogLevel;
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      const method =
        entry.level === 'TRACE'
          ? 'trace'
          : entry.level === 'DEBUG'
            ? 'debug'
            : entry.level === 'WARN'
              ? 'warn'
              : entry.level === 'ERROR'
                ? 'error'
                : 'info';
      logger[method]({ ...entry.meta }, entry.message);
    }),
    ...(config.WORKER_METRICS_ADDRESS && {
      telemetryOptions: { metrics: { prometheus: { bindAddress: config.WORKER_METRICS_ADDRESS } } },
    }),
  });
}

if (require.main === module) {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(2);
  }
  startWorker(config).then(
    ({ stop }) => {
      const shutdown = () => void stop().then(() => process.exit(0));
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    },
    (error: unknown) => {
      process.stderr.write(`worker failed to start: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
