import { randomUUID } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import pino from 'pino';
import { startTracing, type Tracing } from '@shuangcha/config';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
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

describe('tracing (issue 14 item 4)', () => {
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
