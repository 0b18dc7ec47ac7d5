import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { ProblemCode } from '@shuangcha/contracts/http';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';

/**
 * A Temporal that accepts connections and never answers (a hung server, a half-open load balancer): the
 * gateway must give up on its own deadline and say which part is down, never hang or answer 500.
 */
interface Blackhole {
  port: number;
  close(): Promise<void>;
}

async function blackhole(): Promise<Blackhole> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the blackhole has no port');
  return {
    port: address.port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const JURISDICTION = 'u-county-x';
let hole: Blackhole;
let gw: GatewayHarness;

beforeAll(async () => {
  hole = await blackhole();
  gw = await startGateway({
    worker: false,
    env: { TEMPORAL_ADDRESS: `127.0.0.1:${hole.port}`, TEMPORAL_CALL_TIMEOUT_MS: '1500' },
  });
});

afterAll(async () => {
  await gw?.close();
  await hole?.close();
});

describe('a Temporal that never answers', () => {
  it('answers a case opening with 503 TEMPORAL_UNAVAILABLE and Retry-After, and frees its Idempotency-Key', async () => {
    const cmo = await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [JURISDICTION]);
    const { openedBy: _o, requestKey: _r, ...body } = aCase().build();
    const key = `k-${randomUUID()}`;
    const res = await gw.http().post('/cases').set('authorization', cmo).set('idempotency-key', key).send(body);
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 503,
      code: ProblemCode.TemporalUnavailable,
    });
    expect(res.headers['retry-after']).toBe('5');
    // Nothing was acknowledged, so a retry with the same key is free to run (and is refused the same way).
    const stored: unknown[] = await gw.dataSource.query(`SELECT 1 FROM idempotency_keys WHERE key = $1`, [key]);
    expect(stored).toEqual([]);
  });

  it('answers a decision, which asks the case for its live state first, with 503 TEMPORAL_UNAVAILABLE', async () => {
    const taskId = `t-${randomUUID()}`;
    await gw.dataSource.query(
      `INSERT INTO case_tasks (task_id, case_id, workflow_id, stage, kind, title, assignee_id, candidate_role, allowed_outcomes,
         status, version, created_at, due_at, due_provisional, warning_level, escalation_level, suspended, extension_count, history, projection_version)
       VALUES ($1, 'case-2026-9997', 'case-2026-9997/violation', 'intake', 'decision', 'Register the lead', $2, 'caseManagementOfficer',
         '["REGISTERED"]', 'OPEN', 1, now(), now() + interval '5 days', false, 'green', 0, false, 0, '[]', 1)`,
      [taskId, PEOPLE.caseManagementOfficer],
    );
    const res = await gw
      .http()
      .post(`/tasks/${taskId}/decision`)
      .set('authorization', await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [JURISDICTION]))
      .set('idempotency-key', `k-${randomUUID()}`)
      .send({
        taskVersion: 1,
        outcome: 'REGISTERED',
        comment: 'registered',
        basis: [{ regulation: 'WR', article: '1' }],
      });
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 503,
      code: ProblemCode.TemporalUnavailable,
    });
  });

  it('answers readiness with 503 TEMPORAL_UNAVAILABLE naming the temporal check', async () => {
    const res = await gw.http().get('/ready');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: ProblemCode.TemporalUnavailable, checks: { temporal: 'unreachable' } });
  });
});
