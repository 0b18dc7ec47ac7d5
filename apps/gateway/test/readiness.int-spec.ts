import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { ProblemCode } from '@shuangcha/contracts/http';
import { getCaseState } from '@shuangcha/contracts';
import { aCase } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';
import { testDataConverter } from '../../../test/support/payload-keys';
import { workflowBundle, workflowSpanSinks } from '../../../test/support/workflow-env';
import { classifyError } from '../src/problem/classify-error';

let gw: GatewayHarness;
let connection: Connection;

beforeAll(async () => {
  gw = await startGateway({ worker: false });
  connection = await Connection.connect({ address: gw.config.TEMPORAL_ADDRESS });
});

afterAll(async () => {
  await connection?.close();
  await gw?.close();
});

describe('readiness means the gateway can serve', () => {
  it('answers 503 NO_WORKER with Retry-After while no worker polls the case task queue, then 200 once one does', async () => {
    const down = await gw.http().get('/ready');
    expect(down.status).toBe(503);
    expect(down.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.body).toMatchObject({
      code: ProblemCode.NoWorker,
      checks: { database: 'ok', migrations: 'ok', temporal: 'ok', worker: 'no-poller' },
    });

    const native = await NativeConnection.connect({ address: gw.config.TEMPORAL_ADDRESS });
    const worker = await Worker.create({
      sinks: workflowSpanSinks(),
      connection: native,
      taskQueue: gw.config.TEMPORAL_TASK_QUEUE,
      workflowBundle: await workflowBundle(),
      dataConverter: testDataConverter(),
    });
    const running = worker.run();
    try {
      const up = await eventually(async () => {
        const response = await gw.http().get('/ready');
        return response.status === 200 ? response : undefined;
      }, 'readiness once a worker polls');
      expect(up.body).toEqual({
        status: 'ready',
        checks: { database: 'ok', migrations: 'ok', temporal: 'ok', worker: 'ok' },
      });
    } finally {
      worker.shutdown();
      await running;
      await native.close();
    }
  });

  it('classifies what Temporal answers to a live read after the worker went away as NO_WORKER, not INTERNAL', async () => {
    const client = new Client({ connection, dataConverter: testDataConverter() });
    const queue = `worker-gone-${randomBytes(4).toString('hex')}`;
    const native = await NativeConnection.connect({ address: gw.config.TEMPORAL_ADDRESS });
    const worker = await Worker.create({
      sinks: workflowSpanSinks(),
      connection: native,
      taskQueue: queue,
      workflowBundle: await workflowBundle(),
      dataConverter: testDataConverter(),
    });
    const running = worker.run();
    const handle = await client.workflow.start('caseWorkflow', {
      workflowId: `worker-gone-${randomBytes(4).toString('hex')}`,
      taskQueue: queue,
      args: [aCase().build()],
    });
    // Answered by the live worker: the case is running and its first workflow task is done.
    expect((await handle.query(getCaseState)).caseNo).toBeDefined();
    worker.shutdown();
    await running;
    await native.close();
    try {
      const failure = await handle.query(getCaseState).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(classifyError(failure)).toMatchObject({ code: ProblemCode.NoWorker, retryAfter: 10 });
    } finally {
      await handle.terminate('test done');
    }
  });
});
