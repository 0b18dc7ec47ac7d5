import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { Pool } from 'pg';
import { loadConfig, payloadCodecFor } from '../../../libs/config/src';
import { baselineActivities, prepareOutcomes } from './activities';

/**
 * The bare-Temporal baseline worker, a process of its own like the Shuangcha worker: the same connection,
 * payload codec and cache and concurrency settings (read from the same environment), no Nest, and one local
 * activity writing one row to PostgreSQL (BENCH_BASELINE_DATABASE_URL) for the recorded Update. Prints
 * "ready" once it polls.
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
  const databaseUrl = process.env.BENCH_BASELINE_DATABASE_URL;
  if (!databaseUrl) throw new Error('BENCH_BASELINE_DATABASE_URL is unset');
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  await prepareOutcomes(pool);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue,
    workflowBundle,
    activities: baselineActivities(pool),
    dataConverter: { payloadCodecs: [payloadCodecFor(config)] },
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentLocalActivityExecutions: config.WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES,
  });
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
  await connection.close();
  await pool.end();
}

main().catch((error: unknown) => {
  process.stderr.write(`baseline worker failed: ${String(error)}\n`);
  process.exit(1);
});
