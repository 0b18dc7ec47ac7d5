import { randomUUID } from 'node:crypto';
import { freePort } from '../../../infra/stack/ports';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
import { startAppStack, type AppStack } from '../../../test/support/app-stack';

/**
 * Issue 14 item 4: the worker exports the Temporal SDK's metrics and the gateway its request, problem and
 * business metrics, both in Prometheus text, the gateway's on an internal port only.
 */
let stack: AppStack;
let gatewayMetricsUrl: string;
let workerMetricsUrl: string;

beforeAll(async () => {
  const gatewayMetricsPort = await freePort();
  const workerMetricsPort = await freePort();
  gatewayMetricsUrl = `http://127.0.0.1:${gatewayMetricsPort}/metrics`;
  workerMetricsUrl = `http://127.0.0.1:${workerMetricsPort}/metrics`;
  // One process of each, also in the cluster tier: metrics are per process (Prometheus scrapes every pod),
  // and two processes told the same metrics port would not both start.
  stack = await startAppStack(
    {
      GATEWAY_METRICS_PORT: String(gatewayMetricsPort),
      WORKER_METRICS_ADDRESS: `127.0.0.1:${workerMetricsPort}`,
    },
    { workers: 1, gateways: 1 },
  );
});

afterAll(async () => {
  await stack?.stop();
});

const scrape = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
};
/** Metric names a Prometheus text body declares (`# TYPE <name> <kind>`). */
const declared = (body: string) => new Set([...body.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));

describe('metrics (issue 14 item 4)', () => {
  it('serves request, problem and business metrics on the gateway metrics port after a case opens', async () => {
    const token = await stack.token(PEOPLE.caseManagementOfficer, ['staff'], ['u-county-x']);
    const { openedBy: _o, requestKey: _r, ...body } = aCase().build();
    const opened = await fetch(`${stack.baseUrl}/cases`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify(body),
    });
    expect(opened.status).toBe(201);
    const refused = await fetch(`${stack.baseUrl}/cases/${randomUUID()}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const problem = (await refused.json()) as { code: string; status: number };
    expect(problem.status).toBeGreaterThanOrEqual(400);

    const metrics = await eventually(async () => {
      const scraped = await scrape(gatewayMetricsUrl);
      return /^shuangcha_open_cases\{stage="[^"]+"\} 1$/m.test(scraped.body) ? scraped : undefined;
    }, 'the opened case in the open-cases gauge');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect([...declared(metrics.body)]).toEqual(
      expect.arrayContaining([
        'shuangcha_http_requests_total',
        'shuangcha_http_request_duration_seconds',
        'shuangcha_problems_total',
        'shuangcha_open_cases',
        'shuangcha_overdue_tasks',
        'shuangcha_escalations_last_24h',
        'process_cpu_seconds_total',
      ]),
    );
    expect(metrics.body).toMatch(/^shuangcha_http_requests_total\{method="POST",route="\/cases",status="201"\} 1$/m);
    expect(metrics.body).toContain(`shuangcha_problems_total{code="${problem.code}",status="${problem.status}"} 1\n`);
  });

  it('never serves metrics on the API port, and nothing but /metrics on the metrics port', async () => {
    expect((await fetch(`${stack.baseUrl}/metrics`)).status).toBe(404);
    expect((await scrape(gatewayMetricsUrl.replace('/metrics', '/health'))).status).toBe(404);
  });

  it("exports the Temporal SDK's worker metrics from the worker process", async () => {
    const metrics = await eventually(async () => {
      const scraped = await scrape(workerMetricsUrl).catch(() => undefined);
      return scraped && declared(scraped.body).has('temporal_worker_task_slots_available') ? scraped : undefined;
    }, 'the worker metrics');
    expect(metrics.status).toBe(200);
    expect([...declared(metrics.body)]).toEqual(
      expect.arrayContaining(['temporal_worker_task_slots_available', 'temporal_num_pollers']),
    );
  });
});
