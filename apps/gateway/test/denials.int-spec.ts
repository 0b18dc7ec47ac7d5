import { randomInt, randomUUID } from 'node:crypto';
import { listAudit } from '@shuangcha/persistence';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';

// Case numbers outside the builder's range: workflow ids are shared by every test file on the dev server.
const uniqueCaseNo = () => `2026-${randomInt(900_000, 1_000_000)}`;
const JURISDICTION = 'u-county-x';
const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

function aProblemList() {
  return {
    listNo: `DN-${randomUUID().slice(0, 8)}`,
    source: 'INSPECTION_FEEDBACK',
    supervisingBodyId: JURISDICTION,
    policyVersion: 'dom-2026.1',
    participants: {
      verifierIds: [PEOPLE.caseManagementOfficer],
      caseManagementOfficerId: PEOPLE.caseManagementOfficer,
      leaderInChargeId: PEOPLE.leaderInCharge,
      higherCommissionCaseManagementId: PEOPLE.higherCommissionCaseManagement,
    },
    items: [
      {
        itemKey: 'R1',
        problem: 'procurement files incomplete',
        measure: 'complete the files',
        responsiblePersonId: 'p-dn-responsible',
        responsibleUnitId: 'u-unit-dn',
        dueDate: inAYear,
        evidenceRequirements: [{ kind: 'REGULATION', description: 'rules' }],
      },
    ],
  };
}

describe('refusals: logged, audited where they belong, and rate-limited', () => {
  let gw: GatewayHarness;
  let caseId: string;
  let cmo: string;

  beforeAll(async () => {
    gw = await startGateway({ worker: true });
    cmo = await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [JURISDICTION]);
    const { openedBy: _o, requestKey: _r, ...body } = aCase().withCaseNo(uniqueCaseNo()).build();
    const opened = await gw
      .http()
      .post('/cases')
      .set('authorization', cmo)
      .set('idempotency-key', `k-${randomUUID()}`)
      .send(body);
    expect(opened.status).toBe(201);
    caseId = opened.body.caseId as string;
    // The case's own chain has entries once the workflow's first projection ran.
    await eventually(async () => ((await listAudit(gw.dataSource, caseId)).length >= 2 ? true : undefined), 'audit');
  });

  afterAll(async () => {
    await gw?.close();
  });

  async function auditRowCount(): Promise<number> {
    const rows: { n: number }[] = await gw.dataSource.query(`SELECT count(*)::int AS n FROM audit_entries`);
    return rows[0].n;
  }

  it('answers requests without a valid token with 401 and writes no audit entry for them', async () => {
    const before = await auditRowCount();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        gw
          .http()
          .get(i % 2 === 0 ? '/cases' : `/cases/${caseId}/audit`)
          .set('authorization', i % 4 === 1 ? 'Bearer forged.token.value' : ''),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 20 }, () => 401));
    expect(await auditRowCount()).toBe(before);
    expect(await listAudit(gw.dataSource, 'gateway')).toEqual([]);
  });

  it("audits a 403 on a case on that case's chain, and a route refusal on the person's own chain", async () => {
    const supervisor = await gw.token('p-supervisor-9', ['supervisor'], [JURISDICTION]);
    const refused = await gw.http().get(`/cases/${caseId}/audit`).set('authorization', supervisor);
    expect(refused.status).toBe(403);
    const onCase = (await listAudit(gw.dataSource, caseId)).filter(
      (e) => e.action === 'DENIED' && e.actorId === 'p-supervisor-9',
    );
    expect(onCase).toEqual([
      expect.objectContaining({ after: expect.objectContaining({ code: 'FORBIDDEN', method: 'GET' }) }),
    ]);

    const staff = await gw.token('p-staff-9', ['staff'], [JURISDICTION]);
    const calendar = await gw
      .http()
      .post('/admin/calendar/years')
      .set('authorization', staff)
      .set('idempotency-key', `k-${randomUUID()}`)
      .send({ years: [] });
    expect(calendar.status).toBe(403);
    expect(await listAudit(gw.dataSource, 'denials:p-staff-9')).toEqual([
      expect.objectContaining({ action: 'DENIED', actorId: 'p-staff-9' }),
    ]);
    expect(await listAudit(gw.dataSource, 'gateway')).toEqual([]);
  });

  it('answers a subject and an outsider 404, and audits the real reason of each refusal', async () => {
    const intake = await eventually(async () => {
      const res = await gw.http().get(`/cases/${caseId}`).set('authorization', cmo);
      return (res.body.openTasks as { taskId: string; stage: string; version: number }[] | undefined)?.find(
        (t) => t.stage === 'intake',
      );
    }, 'the intake task');
    await eventually(async () => {
      const rows: unknown[] = await gw.dataSource.query(`SELECT 1 FROM case_tasks WHERE task_id = $1`, [intake.taskId]);
      return rows.length > 0 ? true : undefined;
    }, 'the intake task in the read model');
    const subject = await gw.token(PEOPLE.subject, ['staff'], [JURISDICTION]);
    const decided = await gw
      .http()
      .post(`/tasks/${intake.taskId}/decision`)
      .set('authorization', subject)
      .set('idempotency-key', `k-${randomUUID()}`)
      .set('x-request-id', 'refusal-subject-1')
      .send({ taskVersion: intake.version, outcome: 'REGISTERED', comment: 'mine', basis: [] });
    expect(decided.status).toBe(404);
    expect(decided.body.code).toBe('TASK_NOT_FOUND');
    expect(JSON.stringify(decided.body)).not.toMatch(/SUBJECT/);

    const outsider = await gw.token('p-elsewhere-1', ['staff'], ['u-county-y']);
    const read = await gw
      .http()
      .get(`/cases/${caseId}`)
      .set('authorization', outsider)
      .set('x-request-id', 'refusal-out-1');
    expect(read.status).toBe(404);

    const denied = (await listAudit(gw.dataSource, caseId)).filter((e) => e.action === 'DENIED');
    const byTrace = (traceId: string) => denied.find((e) => (e.after as { traceId: string }).traceId === traceId);
    expect(byTrace('refusal-subject-1')).toMatchObject({
      actorId: PEOPLE.subject,
      after: { code: 'TASK_NOT_FOUND', refusal: 'SUBJECT' },
    });
    expect(byTrace('refusal-out-1')).toMatchObject({
      actorId: 'p-elsewhere-1',
      after: { code: 'CASE_NOT_FOUND', refusal: 'OUTSIDE_JURISDICTION' },
    });
  });

  it('serves the audit trail of a problem list and its verification like a case, hidden from outsiders', async () => {
    const list = await gw
      .http()
      .post('/rectification/lists')
      .set('authorization', cmo)
      .set('idempotency-key', `k-${randomUUID()}`)
      .send(aProblemList());
    expect(list.status).toBe(201);
    const listId = list.body.listId as string;
    const log = await eventually(async () => {
      const res = await gw.http().get(`/rectification/lists/${listId}/audit`).set('authorization', cmo);
      return res.status === 200 && res.body.items.length > 0 ? res.body : undefined;
    }, 'the problem list audit trail');
    expect(log.items[0]).toMatchObject({ seq: 1 });
    const verified = await gw.http().get(`/rectification/lists/${listId}/audit/verify`).set('authorization', cmo);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ caseId: listId, ok: true });

    const outsider = await gw.token('p-elsewhere-2', ['staff'], ['u-county-y']);
    const hidden = await gw.http().get(`/rectification/lists/${listId}/audit`).set('authorization', outsider);
    expect(hidden.status).toBe(404);
    expect(hidden.body.code).toBe('RECTIFICATION_LIST_NOT_FOUND');
    expect((await listAudit(gw.dataSource, listId)).filter((e) => e.action === 'DENIED')).toEqual([
      expect.objectContaining({
        actorId: 'p-elsewhere-2',
        after: expect.objectContaining({ refusal: 'OUTSIDE_JURISDICTION' }),
      }),
    ]);
  });

  it('pages the audit log of a case with a cursor, oldest first, and refuses a forged cursor', async () => {
    const all = await listAudit(gw.dataSource, caseId);
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await gw
        .http()
        .get(`/cases/${caseId}/audit`)
        .query({ limit: 1, ...(cursor ? { cursor } : {}) })
        .set('authorization', cmo);
      expect(page.status).toBe(200);
      expect(page.body.items).toHaveLength(1);
      seen.push(...(page.body.items as { seq: number }[]).map((e) => e.seq));
      cursor = page.body.nextCursor as string | undefined;
    } while (cursor && seen.length <= all.length);
    expect(seen).toEqual(all.map((e) => e.seq).slice(0, seen.length));
    expect(seen.length).toBeGreaterThanOrEqual(all.length);

    const forged = await gw.http().get(`/cases/${caseId}/audit?cursor=garbage`).set('authorization', cmo);
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('rate limits', () => {
  let gw: GatewayHarness;

  beforeAll(async () => {
    gw = await startGateway({
      env: { RATE_LIMIT_PER_CLIENT: '6', RATE_LIMIT_PER_PERSON: '2', GATEWAY_TRUST_PROXY_HOPS: '1' },
    });
  });

  afterAll(async () => {
    await gw?.close();
  });

  it('answers 429 problem+json with Retry-After past the per-person, then the per-client limit', async () => {
    const busy = await gw.token('p-busy-1');
    const calm = await gw.token('p-calm-1');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await gw.http().get('/tasks').set('authorization', busy)).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await gw.http().get('/tasks').set('authorization', busy);
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Another person from the same client still gets through, until the client's own limit (6).
    expect((await gw.http().get('/tasks').set('authorization', calm)).status).toBe(200);
    expect((await gw.http().get('/tasks')).status).toBe(401);
    const flood = await gw.http().get('/tasks');
    expect(flood.status).toBe(429);
    expect(flood.body.code).toBe('RATE_LIMITED');
    expect(Number(flood.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Behind a trusted proxy, each forwarded client address has its own count.
    expect((await gw.http().get('/tasks').set('x-forwarded-for', '203.0.113.7')).status).toBe(401);
  });
});
