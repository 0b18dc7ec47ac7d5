import { randomUUID } from 'node:crypto';
import { freePort } from '../../infra/stack/ports';
import { eventually } from '../e2e/support/eventually';
import { decisionsRecorded, openCaseWithIntake, untilFinal } from './support/fault-client';
import { useFaultWorld } from './support/fault-world';
import { openCasesWatchingMemory, workerMemoryLimitMiB } from './support/worker-memory';

/**
 * Issue 15 item 5: a worker killed mid-decision, a worker gone for longer than the poller timeout, the
 * gateway killed between request and answer, and racing decisions. Each asserts that nothing acknowledged is lost or doubled: every 2xx decision has
 * exactly one DECISION_RECORDED audit entry, and the case's audit chain verifies.
 */
/** Smaller than the workflows the memory test opens (two per case), so the cache must evict. */
const CACHED_WORKFLOWS = 50;
/**
 * Twice the workflows the cache holds: enough to fill it and make it evict, and few, since opening the cases
 * is most of the test's time; `SHUANGCHA_MEMORY_TEST_CASES` runs it larger (the benchmark measures 2,000
 * open cases).
 */
const CASES_FOR_MEMORY = Number(process.env.SHUANGCHA_MEMORY_TEST_CASES ?? 50);

describe('decisions while the worker or the gateway dies, the worker stays away, or decisions race', () => {
  let metricsPort = 0;
  const w = useFaultWorld(async () => {
    metricsPort = await freePort();
    return {
      TEMPORAL_CALL_TIMEOUT_MS: '5000',
      WORKER_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
      WORKER_MAX_CACHED_WORKFLOWS: String(CACHED_WORKFLOWS),
    };
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
    const others = answers.filter((a) => a.status !== 200 && a.status !== 409);
    expect(others.map((a) => `${a.status} ${a.body.code} ${String(a.body.detail)}`)).toEqual([]);
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

  it('keeps the worker under the memory its deployment gives it while cases open, the sticky cache at its bound', async () => {
    const limitMiB = workerMemoryLimitMiB();
    const reading = await openCasesWatchingMemory(
      w.cmo,
      w.stack.worker.child.pid!,
      metricsPort,
      CASES_FOR_MEMORY,
    ).catch((error: unknown) => {
      process.stdout.write(`[worker memory] the apps' last log lines:\n${w.stack.logs().slice(-20_000)}\n`);
      throw error;
    });
    process.stdout.write(
      `[worker memory] ${reading.opened} cases opened (${reading.workflows} workflows): RSS ${reading.rssBeforeMiB} MiB ` +
        `before, ${reading.rssAfterMiB} MiB after, peak ${reading.peakMiB} MiB; sticky cache at most ` +
        `${reading.stickyCacheMax} of ${CACHED_WORKFLOWS}; bound ${limitMiB} MiB (infra/k8s/worker.yaml)\n`,
    );
    expect(reading.opened).toBe(CASES_FOR_MEMORY);
    // More workflows ran than the cache holds, so it filled and evicted; it never held more than configured.
    expect(reading.workflows).toBeGreaterThan(CACHED_WORKFLOWS);
    expect(reading.stickyCacheMax).toBeGreaterThan(0);
    expect(reading.stickyCacheMax).toBeLessThanOrEqual(CACHED_WORKFLOWS);
    expect(reading.peakMiB).toBeLessThan(limitMiB);
  }, 900_000);
});
