import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { COMPRESSED_POLICY } from '@shuangcha/domain/policy';
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
 * Issue 15 item 5: the Temporal dev server stopped and started again on its SQLite file. While it is down
 * the gateway says so (503 TEMPORAL_UNAVAILABLE within its deadline) and still serves the read model;
 * afterwards the cases and their open tasks are all there and the case goes on, and a deadline that fell
 * due while it was down escalates once it is back.
 */
describe('a Temporal dev server restarted on its file', () => {
  let servers: FaultServers;
  let stack: AppStack;
  let cmo: PersonClient;
  let officer: PersonClient;
  let pool: Pool;

  beforeAll(async () => {
    servers = await startFaultServers();
    stack = await startFaultAppStack({
      READY_POLLER_MAX_AGE_S: String(FAULT_POLLER_MAX_AGE_S),
      TEMPORAL_CALL_TIMEOUT_MS: '3000',
    });
    cmo = await personClient(stack, PEOPLE.caseManagementOfficer, ['staff'], [JURISDICTION]);
    officer = await personClient(stack, PEOPLE.caseOfficer, ['staff'], [JURISDICTION]);
    pool = new Pool({ connectionString: stack.databaseUrl, max: 2 });
  }, 240_000);

  afterAll(async () => {
    await pool?.end();
    await stack?.stop();
    await servers?.stop();
  });

  /** Starts Temporal again and a worker that gave up on it, as a supervisor would, until /ready says so. */
  async function restartTemporal(): Promise<void> {
    await servers.startTemporal();
    if (stack.worker.child.exitCode !== null || stack.worker.child.signalCode !== null) stack.relaunch('worker');
    await eventually(
      async () => ((await fetch(`${stack.baseUrl}/ready`)).status === 200 ? true : undefined),
      '/ready after the restart',
      90_000,
    );
  }

  it('keeps cases and open tasks across the restart, answering 503 TEMPORAL_UNAVAILABLE while it is down', async () => {
    const opened = await Promise.all([openCaseWithIntake(cmo), openCaseWithIntake(cmo)]);

    await servers.stopTemporal();
    const read = await cmo.get<{ code?: string }>(`/cases/${opened[0].caseId}`);
    expect({ status: read.status, code: read.body.code }).toEqual({ status: 503, code: 'TEMPORAL_UNAVAILABLE' });
    const ready = await fetch(`${stack.baseUrl}/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { code: string }).code).toBe('TEMPORAL_UNAVAILABLE');
    const refused = (await cmo.post(
      `/tasks/${opened[0].taskId}/decision`,
      decision(opened[0].version),
      `k-${randomUUID()}`,
    )) as Answer;
    expect({ status: refused.status, code: refused.body.code }).toEqual({
      status: 503,
      code: 'TEMPORAL_UNAVAILABLE',
    });
    // The read model needs no Temporal: the inbox still lists both tasks.
    const inbox = (await cmo.inbox()).map((t) => t.taskId);
    expect(inbox).toEqual(expect.arrayContaining(opened.map((c) => c.taskId)));

    await restartTemporal();

    for (const { caseId, taskId } of opened) {
      const detail = await cmo.caseDetail(caseId);
      expect(detail.openTasks?.map((t) => t.taskId)).toEqual([taskId]);
    }
    const key = `k-${randomUUID()}`;
    const decided = await untilFinal(
      () => cmo.post(`/tasks/${opened[0].taskId}/decision`, decision(opened[0].version), key) as Promise<Answer>,
      'the decision after the restart',
    );
    expect(decided.status).toBe(200);
    await officer.findInInbox(opened[0].caseId, 'clueDisposal', 'decision', 60_000);
    expect(await decisionsRecorded(pool, [opened[0].taskId])).toEqual({ [opened[0].taskId]: 1 });
    const verified = await cmo.get<{ ok: boolean }>(`/cases/${opened[0].caseId}/audit/verify`);
    expect(verified.body.ok).toBe(true);
  });

  it('escalates a task whose deadline fell due while Temporal was down, once it is back', async () => {
    const { caseId, taskId, dueAt } = await openCaseWithIntake(cmo, COMPRESSED_POLICY.version);
    // Case time runs 1/timeScale faster than real time from the opening on.
    const openedAt = Date.parse((await cmo.caseDetail(caseId)).case.openedAt);
    const dueInRealTime = openedAt + (Date.parse(dueAt) - openedAt) * COMPRESSED_POLICY.timeScale;
    const escalations = async () =>
      (
        await pool.query<{ level: number }>(
          `SELECT level FROM case_notifications WHERE task_id = $1 AND kind = 'escalation' ORDER BY level`,
          [taskId],
        )
      ).rows.map((r) => r.level);

    await servers.stopTemporal();
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
    const detail = await cmo.caseDetail(caseId);
    expect(detail.case.overdue).toBe(true);
  }, 300_000);
});
