import { randomUUID } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { startTracing, type Tracing } from '@shuangcha/config';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
import { testDataConverter } from '../../../test/support/payload-keys';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';
import { workflowBundle } from '../../../test/support/workflow-env';
import { startWorker } from '../../worker/src/main';

/**
 * Issue 14 item 4: one trace from the HTTP request through the Temporal client's Update into the workflow
 * and its activity, and the problem responses carry that trace id. Spans land in memory instead of a
 * collector; the gateway and the worker share this process's tracer provider.
 */
const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let gw: GatewayHarness;
let stopWorker: () => Promise<void>;

beforeAll(async () => {
  tracing = startTracing({ TRACE_EXPORTER: 'none' }, 'shuangcha-test', pino({ level: 'silent' }), exporter);
  gw = await startGateway();
  ({ stop: stopWorker } = await startWorker(gw.config, { workflowBundle: await workflowBundle(), tracing }));
});

afterAll(async () => {
  await stopWorker?.();
  await gw?.close();
  await tracing?.shutdown();
});

const spansOf = (traceId: string) => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
const names = (spans: ReadableSpan[]) => spans.map((s) => s.name);

/** Span names the workflow interceptors make inside a run (the sandbox's side, exported through the sink). */
const WORKFLOW_SIDE =
  /^(RunWorkflow|HandleSignal|HandleUpdate|StartActivity|StartChildWorkflowExecution|SignalChildWorkflow|SignalExternalWorkflow):/;

describe('tracing (issue 14 item 4)', () => {
  // First in the file, so no traced run of this worker is making spans yet.
  it('traces no run that was started without a trace context (issue 17: tracing costs nothing while off)', async () => {
    const connection = await Connection.connect({ address: gw.config.TEMPORAL_ADDRESS });
    try {
      // A client without the tracing interceptor, as a gateway with tracing off starts cases.
      const plain = new Client({ connection, dataConverter: testDataConverter() });
      const input = aCase().build();
      const workflowId = `case-untraced-${input.caseNo}`;
      await plain.workflow.start('caseWorkflow', {
        taskQueue: gw.config.TEMPORAL_TASK_QUEUE,
        workflowId,
        args: [input],
      });
      await eventually(async () => {
        const rows: unknown[] = await gw.dataSource.query(
          `SELECT 1 FROM case_tasks WHERE case_id = $1 AND stage = 'intake' AND status = 'OPEN'`,
          [workflowId],
        );
        return rows.length > 0 ? true : undefined;
      }, 'the intake task of the untraced case in the read model');
      const workflowSpans = exporter.getFinishedSpans().filter((s) => WORKFLOW_SIDE.test(s.name));
      expect(workflowSpans.map((s) => s.name)).toEqual([]);
      // The worker's activity side still traced them: the run was live and ran its activities.
      expect(exporter.getFinishedSpans().some((s) => s.name.startsWith('RunActivity:'))).toBe(true);
    } finally {
      await connection.close();
    }
  });

  it('follows a decision from the HTTP request through the Update into the workflow and its activity', async () => {
    const token = await gw.token(PEOPLE.caseManagementOfficer, ['staff'], ['u-county-x']);
    const { openedBy: _o, requestKey: _r, ...body } = aCase().build();
    const opened = await gw
      .http()
      .post('/cases')
      .set('authorization', token)
      .set('idempotency-key', `k-${randomUUID()}`)
      .send(body);
    expect(opened.status).toBe(201);
    const intake = await eventually(async () => {
      const res = await gw.http().get(`/cases/${opened.body.caseId}`).set('authorization', token);
      return res.body.openTasks?.find((t: { stage: string }) => t.stage === 'intake');
    }, 'the intake task');
    await eventually(async () => {
      const inbox = await gw.http().get('/tasks').set('authorization', token);
      return inbox.body.items?.find((t: { taskId: string }) => t.taskId === intake.taskId);
    }, 'the intake task in the read model');

    const decided = await gw
      .http()
      .post(`/tasks/${intake.taskId}/decision`)
      .set('authorization', token)
      .set('idempotency-key', `k-${randomUUID()}`)
      .send({ taskVersion: intake.version, outcome: 'REGISTERED', comment: 'traced' });
    expect(decided.status).toBe(200);

    const server = exporter
      .getFinishedSpans()
      .find((s) => s.kind === SpanKind.SERVER && s.name === 'POST /tasks/:id/decision');
    expect(server).toBeDefined();
    const traceId = server!.spanContext().traceId;
    const trace = await eventually(async () => {
      const spans = spansOf(traceId);
      return spans.some((s) => s.name.startsWith('RunActivity:')) ? spans : undefined;
    }, 'the activity span in the decision trace');
    expect(names(trace)).toEqual(
      expect.arrayContaining([
        'POST /tasks/:id/decision',
        expect.stringMatching(/^StartWorkflowUpdate:/),
        expect.stringMatching(/^HandleUpdate:/),
        expect.stringMatching(/^RunActivity:/),
      ]),
    );
    const byId = new Map(trace.map((s) => [s.spanContext().spanId, s]));
    const activity = trace.find((s) => s.name.startsWith('RunActivity:'))!;
    const ancestors: string[] = [];
    for (let s: ReadableSpan | undefined = activity; s; s = s.parentSpanId ? byId.get(s.parentSpanId) : undefined)
      ancestors.push(s.name);
    expect(ancestors.at(-1)).toBe('POST /tasks/:id/decision');
    // The run itself was traced from its start: its activities' StartActivity spans are in the start's trace.
    const opening = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.SERVER && s.name === 'POST /cases')!;
    expect(names(spansOf(opening.spanContext().traceId))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^StartActivity:/)]),
    );
  });

  it('puts the OpenTelemetry trace id of the request in a problem response', async () => {
    const refused = await gw
      .http()
      .get(`/cases/${randomUUID()}`)
      .set('traceparent', `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`);
    expect(refused.status).toBe(401);
    expect(refused.body.traceId).toBe('ab'.repeat(16));
    expect(spansOf('ab'.repeat(16)).map((s) => s.kind)).toContain(SpanKind.SERVER);
  });
});
