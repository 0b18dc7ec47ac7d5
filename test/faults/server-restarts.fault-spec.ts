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
 * PostgreSQL: reads say which part is down (503 DATABASE_UNAVAILABLE, not TEMPORAL_UNAVAILABLE, never 500),
 * a decision in flight when it stopped is answered within the gateway's deadline, new decisions are
 * accepted (202) by their workflows (issue 15 §2), and once it returns every decision is recorded exactly
 * once and the read model equals the workflows' state.
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

  it('accepts decisions while it is down (202, a retry applied once) and answers reads 503 DATABASE_UNAVAILABLE; after, the read model and audit catch up', async () => {
    const [inFlight, ...accepted] = await Promise.all([1, 2, 3].map(() => openCaseWithIntake(w.cmo)));

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

    const keys = accepted.map(() => `k-${randomUUID()}`);
    try {
      const answer = await inFlightAnswer;
      process.stdout.write(`in-flight decision answered ${answeredAt - stoppedAt} ms after PostgreSQL stopped\n`);
      // It had reserved its key in the database, so it waited for its result there and says which part is down.
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 503, code: 'DATABASE_UNAVAILABLE' });

      // New decisions need no database: the task id names its workflow, whose validator checks the person.
      for (const [i, { taskId, version }] of accepted.entries()) {
        const first = await w.decide(taskId, version, keys[i]);
        expect({ status: first.status, body: first.body }).toEqual({
          status: 202,
          body: { taskId, status: 'ACCEPTED', detail: expect.stringContaining(keys[i]) },
        });
      }
      const retried = await w.decide(accepted[0].taskId, accepted[0].version, keys[0]);
      expect({ status: retried.status, taskStatus: retried.body.status }).toEqual({
        status: 202,
        taskStatus: 'ACCEPTED',
      });
      // Another key is another decision on a task that already has one: the workflow refuses it.
      const second = await w.decide(accepted[1].taskId, accepted[1].version, `k-${randomUUID()}`);
      expect({ status: second.status, code: second.body.code }).toEqual({ status: 409, code: 'DUPLICATE_DECISION' });

      const read = await w.cmo.get<{ code?: string }>(`/cases/${accepted[0].caseId}`);
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
    // Each retry with its key gets the decision's result, once the workflow has stored it.
    const retries = [{ ...inFlight, key: inFlightKey }, ...accepted.map((c, i) => ({ ...c, key: keys[i] }))];
    for (const { taskId, version, key } of retries) {
      const result = await untilFinal(async () => {
        const answer = await w.decide(taskId, version, key);
        return answer.status === 202 ? { ...answer, status: 503 } : answer;
      }, `the result of the decision on ${taskId}`);
      expect(result).toMatchObject({ status: 200, body: { taskId, outcome: 'REGISTERED' } });
    }

    const cases = retries.map((c) => c.caseId);
    for (const caseId of cases) await w.officer.findInInbox(caseId, 'clueDisposal', 'decision', 60_000);
    expect(
      await decisionsRecorded(
        w.pool,
        retries.map((c) => c.taskId),
      ),
    ).toEqual(Object.fromEntries(retries.map((c) => [c.taskId, 1])));
    const { rows } = await w.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM audit_entries WHERE action = 'DECISION_RECORDED' AND case_id = ANY($1)`,
      [cases],
    );
    expect(Number(rows[0]?.n)).toBe(retries.length);
    for (const { caseId, taskId } of retries) await expectReadModelMatchesWorkflow(caseId, taskId);
    await w.expectAuditVerifies(cases);
  });

  /** The case's task rows against its workflows' own state, read live through `GET /cases/{id}`. */
  async function expectReadModelMatchesWorkflow(caseId: string, decidedTaskId: string): Promise<void> {
    const live = await w.cmo.caseDetail(caseId);
    const { rows } = await w.pool.query<{
      task_id: string;
      workflow_id: string;
      stage: string;
      assignee_id: string;
      status: string;
      version: number;
      outcome: string | null;
      decided_by: string | null;
    }>(
      `SELECT task_id, workflow_id, stage, assignee_id, status, version, outcome, decided_by
         FROM case_tasks WHERE case_id = $1 ORDER BY task_id`,
      [caseId],
    );
    const open = rows.filter((r) => r.status === 'OPEN');
    const liveOpen = (live.openTasks ?? []).map((t) => ({
      task_id: t.taskId,
      workflow_id: t.workflowId,
      stage: t.stage,
      assignee_id: t.assigneeId,
      status: 'OPEN',
      version: t.version,
      outcome: null,
      decided_by: null,
    }));
    expect(open).toEqual(liveOpen.sort((a, b) => a.task_id.localeCompare(b.task_id)));
    const decided = rows.find((r) => r.task_id === decidedTaskId);
    // The case's timeline names a child's stages `<role>:<stage>`.
    const decidedLive = live.timeline?.find((e) => e.stage.endsWith(`:${decided?.stage}`) && e.outcome !== undefined);
    expect(decidedLive).toBeDefined();
    expect(decided).toMatchObject({
      status: 'DECIDED',
      outcome: decidedLive?.outcome,
      decided_by: decidedLive?.actorId,
    });
  }
});
