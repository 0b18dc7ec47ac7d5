import { randomUUID } from 'node:crypto';
import { eventually } from '../e2e/support/eventually';
import { decisionsRecorded, openCaseWithIntake, untilFinal } from './support/fault-client';
import { useFaultWorld } from './support/fault-world';

/**
 * Issue 15 item 5: a worker killed mid-decision, a worker gone for longer than the poller timeout, the
 * gateway killed between request and answer, and racing decisions. Each asserts that nothing acknowledged is lost or doubled: every 2xx decision has
 * exactly one DECISION_RECORDED audit entry, and the case's audit chain verifies.
 */
describe('decisions while the worker or the gateway dies, the worker stays away, or decisions race', () => {
  const w = useFaultWorld({
    TEMPORAL_CALL_TIMEOUT_MS: '5000',
  });

  it('applies every decision acknowledged around a worker SIGKILL exactly once, once a new worker runs', async () => {
    const cases = await Promise.all(Array.from({ length: 5 }, () => openCaseWithIntake(w.cmo)));
    const exited = new Promise((resolve) => w.stack.worker.child.once('exit', resolve));
    const attempts = cases.map((): string[] => []);
    const answers = cases.map((c, i) => {
      const key = `k-${randomUUID()}`;
      return untilFinal(() => w.decide(c.taskId, c.version, key), `the decision on ${c.caseId}`, 120_000, attempts[i]);
    });
    w.stack.worker.child.kill('SIGKILL');
    await exited;
    w.stack.relaunch('worker');
    const settled = await Promise.all(answers);

    const acknowledged = cases.filter((_, i) => settled[i].status === 200).map((c) => c.taskId);
    // Every decision is valid and the only one on its task: once a worker runs again, each one is applied.
    const finals = settled.map((a) => `${a.status} ${a.body.code ?? ''}`.trim());
    expect({ finals, attempts }).toEqual({ finals: cases.map(() => '200'), attempts });
    const recorded = await eventually(async () => {
      const counts = await decisionsRecorded(w.pool, acknowledged);
      return Object.values(counts).every((n) => n >= 1) ? counts : undefined;
    }, 'an audit entry for every acknowledged decision');
    expect(recorded).toEqual(Object.fromEntries(acknowledged.map((id) => [id, 1])));
    await w.expectAuditVerifies(cases.map((c) => c.caseId));
  });

  it('answers 503, never 500, while no worker polls for longer than the poller timeout, and /ready says NO_WORKER, then recovers', async () => {
    const { caseId, taskId, version } = await openCaseWithIntake(w.cmo);
    const key = `k-${randomUUID()}`;
    const exited = new Promise((resolve) => w.stack.worker.child.once('exit', resolve));
    w.stack.worker.child.kill('SIGKILL');
    await exited;
    try {
      const notReady = await eventually(
        async () => {
          const res = await fetch(`${w.stack.baseUrl}/ready`);
          const body = (await res.json()) as { code?: string; checks?: Record<string, string> };
          return res.status === 503 && body.code === 'NO_WORKER' ? { res, body } : undefined;
        },
        '/ready to report NO_WORKER',
        60_000,
      );
      expect(notReady.res.headers.get('retry-after')).toBe('5');
      expect(notReady.body.checks).toMatchObject({ database: 'ok', temporal: 'ok', worker: 'no-poller' });
      // A live read and a decision wait on the worker: 503 with Retry-After, never 500.
      const read = await w.cmo.get<{ code?: string }>(`/cases/${caseId}`);
      const refused = await w.decide(taskId, version, key);
      for (const answer of [read, refused]) {
        expect({ status: answer.status, code: answer.body.code }).toEqual({
          status: 503,
          code: expect.stringMatching(/^(NO_WORKER|TEMPORAL_UNAVAILABLE)$/),
        });
      }
    } finally {
      w.stack.relaunch('worker');
    }
    await w.untilReady('once a worker polls again');
    // An Update that timed out may still be applied once a worker takes it: the retry with the same key
    // gets its result, and it is recorded once.
    const accepted = await untilFinal(() => w.decide(taskId, version, key), 'the decision after recovery');
    expect(accepted).toMatchObject({ status: 200, body: { taskId, outcome: 'REGISTERED' } });
    expect(await decisionsRecorded(w.pool, [taskId])).toEqual({ [taskId]: 1 });
  });

  it('applies a decision whose gateway was killed before it answered once, and a retry with its key gets that outcome', async () => {
    const [before, during] = await Promise.all([openCaseWithIntake(w.cmo), openCaseWithIntake(w.cmo)]);
    const acknowledged = await w.decide(before.taskId, before.version, `k-${randomUUID()}`);
    expect(acknowledged.status).toBe(200);

    // The worker is held, so the request is still waiting in Temporal when its gateway dies.
    w.stack.worker.child.kill('SIGSTOP');
    const key = `k-${randomUUID()}`;
    const cut = w.decide(during.taskId, during.version, key).then(
      (answer) => `answered ${answer.status}`,
      () => 'no answer',
    );
    try {
      await w.keyReserved(key);
      const gatewayExited = new Promise((resolve) => w.stack.gateway.child.once('exit', resolve));
      w.stack.gateway.child.kill('SIGKILL');
      await gatewayExited;
      expect(await cut).toBe('no answer');
    } finally {
      w.stack.worker.child.kill('SIGCONT');
    }
    w.stack.relaunch('gateway');

    const retried = await untilFinal(() => w.decide(during.taskId, during.version, key), 'the retry with the same key');
    expect(retried).toMatchObject({ status: 200, body: { taskId: during.taskId, outcome: 'REGISTERED' } });
    const again = await w.decide(during.taskId, during.version, key);
    expect(again).toEqual(retried);
    expect(await decisionsRecorded(w.pool, [before.taskId, during.taskId])).toEqual({
      [before.taskId]: 1,
      [during.taskId]: 1,
    });
    await w.expectAuditVerifies([before.caseId, during.caseId]);
  });

  it('lets exactly one of 20 racing decisions with different keys win', async () => {
    const { caseId, taskId, version } = await openCaseWithIntake(w.cmo);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => {
        const key = `k-${randomUUID()}`;
        return untilFinal(() => w.decide(taskId, version, key), 'a racer');
      }),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    expect(await decisionsRecorded(w.pool, [taskId])).toEqual({ [taskId]: 1 });
    await w.expectAuditVerifies([caseId]);
  });

  it('gives 20 racing decisions with the same key one result for all', async () => {
    const { caseId, taskId, version } = await openCaseWithIntake(w.cmo);
    const key = `k-${randomUUID()}`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => untilFinal(() => w.decide(taskId, version, key), 'a same-key racer')),
    );
    expect(answers[0]).toMatchObject({ status: 200, body: { taskId, outcome: 'REGISTERED' } });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(await decisionsRecorded(w.pool, [taskId])).toEqual({ [taskId]: 1 });
    await w.expectAuditVerifies([caseId]);
  });
});
