import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { startEmbeddedPostgres, type RunningPostgres } from '../../infra/stack/postgres';
import { freePort } from '../../infra/stack/ports';
import type { RunningTemporal } from '../../infra/stack/temporal';
import { startTemporalServer } from '../../infra/stack/temporal-server';
import type { InboxTask } from '../../libs/contracts/src/http';
import { startAppStack, type AppStack } from '../support/app-stack';
import { eventually } from '../e2e/support/eventually';
import { PersonClient } from '../e2e/support/http-client';
import { decision, decisionsRecorded, JURISDICTION, PEOPLE, untilFinal, type Answer } from './support/fault-client';
import { aCase } from '../builders/case.builder';

/**
 * Issue 14 item 3: the cluster mode's failover. Two workers share the task queue and two gateways share the
 * database, on the Temporal server on PostgreSQL. A worker killed with SIGKILL while cases run is not
 * restarted: the other one finishes its cases. A gateway killed mid-request is not restarted either: the
 * client retries on the other one with the same Idempotency-Key. Every acknowledged decision is recorded
 * exactly once (DECISION_RECORDED audit entries) and every case's audit chain verifies.
 */
describe('two workers and two gateways when one of each dies', () => {
  let dir: string;
  let postgres: RunningPostgres;
  let temporal: RunningTemporal;
  let stack: AppStack;
  let connection: Connection;
  let pool: Pool;
  /** The case-management officer, through each gateway instance. */
  let viaGateway: PersonClient[];
  /** The same person through the round-robin proxy. */
  let cmo: PersonClient;
  let officer: PersonClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shuangcha-failover-'));
    postgres = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: await freePort(), ephemeral: true });
    temporal = await startTemporalServer({ postgresUrl: postgres.url, port: await freePort(), namespace: 'default' });
    process.env.SHUANGCHA_TEST_DATABASE_URL = postgres.url;
    process.env.SHUANGCHA_TEST_TEMPORAL_ADDRESS = temporal.address;
    stack = await startAppStack({ TEMPORAL_CALL_TIMEOUT_MS: '10000' }, { workers: 2, gateways: 2 });
    const cmoToken = await stack.token(PEOPLE.caseManagementOfficer, ['staff'], [JURISDICTION]);
    viaGateway = stack.gatewayUrls.map((url) => new PersonClient(url, PEOPLE.caseManagementOfficer, cmoToken));
    cmo = new PersonClient(stack.baseUrl, PEOPLE.caseManagementOfficer, cmoToken);
    const officerToken = await stack.token(PEOPLE.caseOfficer, ['staff'], [JURISDICTION]);
    officer = new PersonClient(stack.baseUrl, PEOPLE.caseOfficer, officerToken);
    connection = await Connection.connect({ address: temporal.address });
    pool = new Pool({ connectionString: stack.databaseUrl, max: 2 });
  }, 300_000);

  afterAll(async () => {
    await pool?.end();
    await connection?.close();
    await stack?.stop();
    await temporal?.stop();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const decide = (via: PersonClient, task: InboxTask, key: string): Promise<Answer> =>
    via.post(`/tasks/${task.taskId}/decision`, decision(task.version), key) as Promise<Answer>;

  /** Opens a case through the proxy and waits for its intake task. */
  async function openCase(): Promise<{ caseId: string; intake: InboxTask }> {
    const {
      openedBy: _o,
      requestKey: _r,
      ...body
    } = aCase()
      .withCaseNo(`2026-${String(Math.floor(Math.random() * 800_000) + 100_000)}`)
      .build();
    const { caseId } = await cmo.openCase(body);
    return { caseId, intake: await cmo.findInInbox(caseId, 'intake', 'decision', 60_000) };
  }

  /** The identities of the workers that completed workflow tasks of a workflow, in history order. */
  async function workflowTaskWorkers(workflowId: string): Promise<string[]> {
    const history = await connection.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId },
      maximumPageSize: 1000,
    });
    return (history.history?.events ?? [])
      .map((event) => event.workflowTaskCompletedEventAttributes?.identity)
      .filter((identity): identity is string => Boolean(identity));
  }

  const identityOf = (child: ChildProcess) => `${child.pid}@`;

  async function expectAuditVerifies(caseIds: string[]): Promise<void> {
    for (const caseId of caseIds) {
      const verified = await viaGateway[1].get<{ ok: boolean }>(`/cases/${caseId}/audit/verify`);
      expect({ caseId, status: verified.status, ok: verified.body.ok }).toEqual({ caseId, status: 200, ok: true });
    }
  }

  it('finishes the cases of a worker killed with SIGKILL on the other worker, each decision recorded once', async () => {
    const cases = await Promise.all(Array.from({ length: 6 }, () => openCase()));
    // Kill the worker that holds the most of these cases in its sticky cache: their next tasks were bound to it.
    const last = await Promise.all(cases.map(async (c) => (await workflowTaskWorkers(c.intake.workflowId)).at(-1)));
    const holds = (child: ChildProcess) => last.filter((id) => id?.startsWith(identityOf(child))).length;
    const [victim, survivor] =
      holds(stack.workers[0].child) >= holds(stack.workers[1].child)
        ? [stack.workers[0].child, stack.workers[1].child]
        : [stack.workers[1].child, stack.workers[0].child];
    expect(holds(victim)).toBeGreaterThan(0);

    const exited = new Promise((resolve) => victim.once('exit', resolve));
    const attempts = cases.map((): string[] => []);
    const answers = cases.map((c, i) => {
      const key = `k-${randomUUID()}`;
      return untilFinal(
        () => decide(viaGateway[i % 2], c.intake, key),
        `the decision on ${c.caseId}`,
        180_000,
        attempts[i],
      );
    });
    victim.kill('SIGKILL');
    await exited;
    const settled = await Promise.all(answers);

    const finals = settled.map((a) => `${a.status} ${a.body.code ?? ''}`.trim());
    expect({ finals, attempts }).toEqual({ finals: cases.map(() => '200'), attempts });
    const taskIds = cases.map((c) => c.intake.taskId);
    expect(await decisionsRecorded(pool, taskIds)).toEqual(Object.fromEntries(taskIds.map((id) => [id, 1])));
    // The cases go on without the dead worker: each one's next task reaches the case officer.
    for (const c of cases) await officer.findInInbox(c.caseId, 'clueDisposal', 'decision', 120_000);
    for (const c of cases) {
      const workers = await workflowTaskWorkers(c.intake.workflowId);
      expect(workers.at(-1)).toMatch(new RegExp(`^${identityOf(survivor)}`));
    }
    expect({ victim: victim.exitCode ?? victim.signalCode, survivor: survivor.exitCode }).toEqual({
      victim: 'SIGKILL',
      survivor: null,
    });
    await expectAuditVerifies(cases.map((c) => c.caseId));
  });

  it('loses nothing acknowledged when a gateway dies mid-request: the retry on the other gateway is applied once', async () => {
    const [acknowledgedCase, interruptedCase] = await Promise.all([openCase(), openCase()]);
    const [doomed, other] = viaGateway;
    const acknowledged = await decide(doomed, acknowledgedCase.intake, `k-${randomUUID()}`);
    expect(acknowledged.status).toBe(200);

    // With the workers paused the Update cannot complete, so the request is certainly still running on the
    // doomed gateway when it dies: its Idempotency-Key is reserved and not yet answered.
    const live = stack.workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    for (const w of live) w.child.kill('SIGSTOP');
    const key = `k-${randomUUID()}`;
    let first: Promise<Answer | string>;
    try {
      first = decide(doomed, interruptedCase.intake, key).catch((error: unknown) => `no answer: ${String(error)}`);
      await eventually(async () => {
        const { rows } = await pool.query<{ completed_at: Date | null }>(
          'SELECT completed_at FROM idempotency_keys WHERE key = $1',
          [key],
        );
        return rows.length === 1 && rows[0].completed_at === null ? true : undefined;
      }, 'the decision reserved and running on the first gateway');
      const gatewayExited = new Promise((resolve) => stack.gateways[0].child.once('exit', resolve));
      stack.gateways[0].child.kill('SIGKILL');
      await gatewayExited;
    } finally {
      for (const w of live) w.child.kill('SIGCONT');
    }
    expect(await first).toMatch(/^no answer/);

    const attempts: string[] = [];
    const retried = await untilFinal(() => decide(other, interruptedCase.intake, key), 'the retry', 120_000, attempts);
    expect({ status: retried.status, body: retried.body, attempts }).toMatchObject({
      status: 200,
      body: { taskId: interruptedCase.intake.taskId, outcome: 'REGISTERED' },
    });
    const taskIds = [acknowledgedCase.intake.taskId, interruptedCase.intake.taskId];
    expect(await decisionsRecorded(pool, taskIds)).toEqual(Object.fromEntries(taskIds.map((id) => [id, 1])));
    // The same key again on the surviving gateway answers from the stored result and applies nothing.
    const replay = await decide(other, interruptedCase.intake, key);
    expect({ status: replay.status, body: replay.body }).toEqual({ status: retried.status, body: retried.body });
    expect(await decisionsRecorded(pool, taskIds)).toEqual(Object.fromEntries(taskIds.map((id) => [id, 1])));
    await expectAuditVerifies([acknowledgedCase.caseId, interruptedCase.caseId]);
  });
});
