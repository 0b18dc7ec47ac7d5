import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { AppStack } from '../support/app-stack';
import { eventually } from '../e2e/support/eventually';
import { personClient, type PersonClient } from '../e2e/support/http-client';
import {
  decision,
  decisionsRecorded,
  JURISDICTION,
  openCaseWithIntake,
  PEOPLE,
  untilFinal,
  type Answer,
} from './support/fault-client';
import {
  FAULT_POLLER_MAX_AGE_S,
  startFaultAppStack,
  startFaultServers,
  type FaultServers,
} from './support/fault-servers';

/**
 * Issue 15: PostgreSQL stopped while decisions arrive. The gateway says which part is down (503
 * DATABASE_UNAVAILABLE, not TEMPORAL_UNAVAILABLE, never 500), a decision in flight when it stopped is
 * answered within the gateway's deadline, and once it returns every decision is recorded exactly once.
 */
const TEMPORAL_CALL_TIMEOUT_MS = 5000;

describe('a PostgreSQL stopped and started again', () => {
  let servers: FaultServers;
  let stack: AppStack;
  let cmo: PersonClient;
  let officer: PersonClient;
  let pool: Pool;

  beforeAll(async () => {
    servers = await startFaultServers();
    stack = await startFaultAppStack({
      READY_POLLER_MAX_AGE_S: String(FAULT_POLLER_MAX_AGE_S),
      TEMPORAL_CALL_TIMEOUT_MS: String(TEMPORAL_CALL_TIMEOUT_MS),
      DATABASE_CONNECT_TIMEOUT_MS: '2000',
      DATABASE_STATEMENT_TIMEOUT_MS: '5000',
    });
    cmo = await personClient(stack, PEOPLE.caseManagementOfficer, ['staff'], [JURISDICTION]);
    officer = await personClient(stack, PEOPLE.caseOfficer, ['staff'], [JURISDICTION]);
    pool = new Pool({ connectionString: stack.databaseUrl, max: 2 });
    // An idle connection the stopped server closes must not end the test process.
    pool.on('error', () => undefined);
  }, 240_000);

  afterAll(async () => {
    await pool?.end();
    await stack?.stop();
    await servers?.stop();
  });

  const decide = (taskId: string, version: number, key: string): Promise<Answer> =>
    cmo.post(`/tasks/${taskId}/decision`, decision(version), key) as Promise<Answer>;

  it('answers 503 DATABASE_UNAVAILABLE while it is down, the decision in flight too, and records each decision once after', async () => {
    const [inFlight, later] = await Promise.all([openCaseWithIntake(cmo), openCaseWithIntake(cmo)]);

    // The worker is held, so the decision waits in Temporal after the gateway has done its database work.
    stack.worker.child.kill('SIGSTOP');
    const inFlightKey = `k-${randomUUID()}`;
    let answeredAt = 0;
    const inFlightAnswer = decide(inFlight.taskId, inFlight.version, inFlightKey).then((answer) => {
      answeredAt = Date.now();
      return answer;
    });
    await eventually(async () => {
      const { rowCount } = await pool.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [inFlightKey]);
      return rowCount === 1 ? true : undefined;
    }, 'the in-flight decision to reserve its key');
    await servers.stopPostgres();
    const stoppedAt = Date.now();
    stack.worker.child.kill('SIGCONT');

    try {
      const answer = await inFlightAnswer;
      process.stdout.write(`in-flight decision answered ${answeredAt - stoppedAt} ms after PostgreSQL stopped\n`);
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 503, code: 'DATABASE_UNAVAILABLE' });

      const read = await cmo.get<{ code?: string }>(`/cases/${later.caseId}`);
      const inbox = await cmo.get<{ code?: string }>('/tasks');
      for (const reply of [read, inbox]) {
        expect({ status: reply.status, code: reply.body.code }).toEqual({ status: 503, code: 'DATABASE_UNAVAILABLE' });
      }
      const ready = await fetch(`${stack.baseUrl}/ready`);
      const readyBody = (await ready.json()) as { code?: string; checks?: Record<string, string> };
      expect({ status: ready.status, retryAfter: ready.headers.get('retry-after'), ...readyBody }).toMatchObject({
        status: 503,
        retryAfter: '5',
        code: 'DATABASE_UNAVAILABLE',
        checks: { database: 'unreachable', temporal: 'ok' },
      });
    } finally {
      await servers.startPostgres();
    }

    await eventually(
      async () => ((await fetch(`${stack.baseUrl}/ready`)).status === 200 ? true : undefined),
      '/ready once PostgreSQL is back',
      90_000,
    );
    // The retry of the in-flight decision gets its result; the later one is decided now.
    const retried = await untilFinal(
      () => decide(inFlight.taskId, inFlight.version, inFlightKey),
      'the retry of the in-flight decision',
    );
    expect(retried).toMatchObject({ status: 200, body: { taskId: inFlight.taskId, outcome: 'REGISTERED' } });
    const laterKey = `k-${randomUUID()}`;
    const decided = await untilFinal(() => decide(later.taskId, later.version, laterKey), 'the later decision');
    expect(decided.status).toBe(200);

    for (const { caseId } of [inFlight, later]) await officer.findInInbox(caseId, 'clueDisposal', 'decision', 60_000);
    expect(await decisionsRecorded(pool, [inFlight.taskId, later.taskId])).toEqual({
      [inFlight.taskId]: 1,
      [later.taskId]: 1,
    });
    for (const { caseId } of [inFlight, later]) {
      const verified = await cmo.get<{ ok: boolean }>(`/cases/${caseId}/audit/verify`);
      expect({ caseId, ok: verified.body.ok }).toEqual({ caseId, ok: true });
    }
  });
});
