import { randomUUID } from 'node:crypto';
import { listAudit } from '@shuangcha/persistence';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';

const JURISDICTION = 'u-county-x';

describe('refusals: logged, audited where they belong, and rate-limited', () => {
  let gw: GatewayHarness;
  let caseId: string;
  let cmo: string;

  beforeAll(async () => {
    gw = await startGateway({ worker: true });
    cmo = await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [JURISDICTION]);
    const { openedBy: _o, requestKey: _r, ...body } = aCase().build();
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
    gw = await startGateway({ env: { RATE_LIMIT_PER_CLIENT: '6', RATE_LIMIT_PER_PERSON: '2' } });
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
  });
});
