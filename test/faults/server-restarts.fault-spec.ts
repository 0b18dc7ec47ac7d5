import { randomUUID } from 'node:crypto';
import { COMPRESSED_POLICY } from '@shuangcha/domain/policy';
import { eventually } from '../e2e/support/eventually';
import { decisionsRecorded, openCaseWithIntake, untilFinal } from './support/fault-client';
import { useFaultWorld } from './support/fault-world';

/**
 * Issue 15 item 5: the servers stopped and started again, on one pair of servers for the file.
 *
 * The Temporal dev server, on its SQLite file: while it is down the gateway says so (503
 * TEMPORAL_UNAVAILABLE within its deadline) and still serves the read model; afterwards the cases and their
 * open tasks are all there and the case goes on, and a deadline that fell due while it was down escalates.
 *
 * PostgreSQL: the gateway says which part is down (503 DATABASE_UNAVAILABLE, not TEMPORAL_UNAVAILABLE, never
 * 500), a decision in flight when it stopped is answered within the gateway's deadline, and once it returns
 * every decision is recorded exactly once.
 */
describe('Temporal or PostgreSQL stopped and started again', () => {
  const w = useFaultWorld({
    TEMPORAL_CALL_TIMEOUT_MS: '3000',
    DATABASE_CONNECT_TIMEOUT_MS: '2000',
    DATABASE_STATEMENT_TIMEOUT_MS: '5000',
  });

  /** Starts Temporal again and a worker that gave up on it, as a supervisor would, until /ready says so. */
  async function restartTemporal(): Promise<void> {
    await w.servers.startTemporal();
    if (w.stack.worker.child.exitCode !== null || w.stack.worker.child.signalCode !== null) w.stack.relaunch('worker');
    await w.untilReady('after the restart');
  }

  it('keeps cases and open tasks across the restart, answering 503 TEMPORAL_UNAVAILABLE while it is down', async () => {
    const opened = await Promise.all([openCaseWithIntake(w.cmo), openCaseWithIntake(w.cmo)]);

    await w.servers.stopTemporal();
    const read = await w.cmo.get<{ code?: string }>(`/cases/${opened[0].caseId}`);
    expect({ status: read.status, code: read.body.code }).toEqual({ status: 503, code: 'TEMPORAL_UNAVAILABLE' });
    const ready = await fetch(`${w.stack.baseUrl}/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { code: string }).code).toBe('TEMPORAL_UNAVAILABLE');
    const refused = await w.decide(opened[0].taskId, opened[0].version, `k-${randomUUID()}`);
    expect({ status: refused.status, code: refused.body.code }).toEqual({
      status: 503,
      code: 'TEMPORAL_UNAVAILABLE',
    });
    // The read model needs no Temporal: the inbox still lists both tasks.
    const inbox = (await w.cmo.inbox()).map((t) => t.taskId);
    expect(inbox).toEqual(expect.arrayContaining(opened.map((c) => c.taskId)));

    await restartTemporal();

    for (const { caseId, taskId } of opened) {
      const detail = await w.cmo.caseDetail(caseId);
      expect(detail.openTasks?.map((t) => t.taskId)).toEqual([taskId]);
    }
    const key = `k-${randomUUID()}`;
    const decided = await untilFinal(
      () => w.decide(opened[0].taskId, opened[0].version, key),
      'the decision after the restart',
    );
    expect(decided.status).toBe(200);
    await w.officer.findInInbox(opened[0].caseId, 'clueDisposal', 'decision', 60_000);
    expect(await decisionsRecorded(w.pool, [opened[0].taskId])).toEqual({ [opened[0].taskId]: 1 });
    await w.expectAuditVerifies([opened[0].caseId]);
  });

  it('escalates a task whose deadline fell due while Temporal was down, once it is back', async () => {
    const { caseId, taskId, dueAt } = await openCaseWithIntake(w.cmo, COMPRESSED_POLICY.version);
    // Case time runs 1/timeScale faster than real time from the opening on.
    const openedAt = Date.parse((await w.cmo.caseDetail(caseId)).case.openedAt);
    const dueInRealTime = openedAt + (Date.parse(dueAt) - openedAt) * COMPRESSED_POLICY.timeScale;
    const escalations = async () =>
      (
        await w.pool.query<{ level: number }>(
          `SELECT level FROM case_notifications WHERE task_id = $1 AND kind = 'escalation' ORDER BY level`,
          [taskId],
        )
      ).rows.map((r) => r.level);

    await w.servers.stopTemporal();
    try {
      expect(await escalations()).toEqual([]);
      // The first escalation is due at the deadline; wait out the deadline with the server down.
      await eventually(
        async () => (Date.now() > dueInRealTime ? true : undefined),
        `the deadline of ${taskId} (${dueAt}) to pass`,
        120_000,
      );
      expect(await escalations()).toEqual([]);
    } finally {
      await restartTemporal();
    }
    const delivered = await eventually(
      async () => {
        const levels = await escalations();
        return levels.includes(1) ? levels : undefined;
      },
      `the escalation of ${taskId} after the restart`,
      90_000,
    );
    expect(delivered[0]).toBe(1);
    const detail = await w.cmo.caseDetail(caseId);
    expect(detail.case.overdue).toBe(true);
  }, 300_000);

  it('answers 503 DATABASE_UNAVAILABLE while it is down, the decision in flight too, and records each decision once after', async () => {
    const [inFlight, later] = await Promise.all([openCaseWithIntake(w.cmo), openCaseWithIntake(w.cmo)]);

    // The worker is held, so the decision waits in Temporal after the gateway has done its database work.
    w.stack.worker.child.kill('SIGSTOP');
    const inFlightKey = `k-${randomUUID()}`;
    let answeredAt = 0;
    const inFlightAnswer = w.decide(inFlight.taskId, inFlight.version, inFlightKey).then((answer) => {
      answeredAt = Date.now();
      return answer;
    });
    await w.keyReserved(inFlightKey);
    await w.servers.stopPostgres();
    const stoppedAt = Date.now();
    w.stack.worker.child.kill('SIGCONT');

    try {
      const answer = await inFlightAnswer;
      process.stdout.write(`in-flight decision answered ${answeredAt - stoppedAt} ms after PostgreSQL stopped\n`);
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 503, code: 'DATABASE_UNAVAILABLE' });

      const read = await w.cmo.get<{ code?: string }>(`/cases/${later.caseId}`);
      const inbox = await w.cmo.get<{ code?: string }>('/tasks');
      for (const reply of [read, inbox]) {
        expect({ status: reply.status, code: reply.body.code }).toEqual({ status: 503, code: 'DATABASE_UNAVAILABLE' });
      }
      const ready = await fetch(`${w.stack.baseUrl}/ready`);
      const readyBody = (await ready.json()) as { code?: string; checks?: Record<string, string> };
      expect({ status: ready.status, retryAfter: ready.headers.get('retry-after'), ...readyBody }).toMatchObject({
        status: 503,
        retryAfter: '5',
        code: 'DATABASE_UNAVAILABLE',
        checks: { database: 'unreachable', temporal: 'ok' },
      });
    } finally {
      await w.servers.startPostgres();
    }

    await w.untilReady('once PostgreSQL is back');
    // The retry of the in-flight decision gets its result; the later one is decided now.
    const retried = await untilFinal(
      () => w.decide(inFlight.taskId, inFlight.version, inFlightKey),
      'the retry of the in-flight decision',
    );
    expect(retried).toMatchObject({ status: 200, body: { taskId: inFlight.taskId, outcome: 'REGISTERED' } });
    const laterKey = `k-${randomUUID()}`;
    const decided = await untilFinal(() => w.decide(later.taskId, later.version, laterKey), 'the later decision');
    expect(decided.status).toBe(200);

    for (const { caseId } of [inFlight, later]) await w.officer.findInInbox(caseId, 'clueDisposal', 'decision', 60_000);
    expect(await decisionsRecorded(w.pool, [inFlight.taskId, later.taskId])).toEqual({
      [inFlight.taskId]: 1,
      [later.taskId]: 1,
    });
    await w.expectAuditVerifies([inFlight.caseId, later.caseId]);
  });
});
