import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { loadConfig, payloadCodecFor } from '../../../libs/config/src';

/**
 * The bare-Temporal baseline worker, a process of its own like the Shuangcha worker: the same connection,
 * payload codec and cache and concurrency settings (read from the same environment), no activities and
 * no Nest. Prints "ready" once it polls.
 */
async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const config = loadConfig();
  const taskQueue = process.env.BENCH_BASELINE_TASK_QUEUE;
  if (!taskQueue) throw new Error('BENCH_BASELINE_TASK_QUEUE is unset');
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./workflows'),
    logger: new DefaultLogger('WARN'),
  });
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue,
    workflowBundle,
    dataConverter: { payloadCodecs: [payloadCodecFor(config)] },
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
  });
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
  await connection.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`baseline worker failed: ${String(error)}\n`);
  process.exit(1);
});
