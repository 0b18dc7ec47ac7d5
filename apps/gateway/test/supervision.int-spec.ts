import { upsertCase, upsertTask, insertNotification } from '@shuangcha/persistence';
import { aCaseProjection, aNotification, aTaskProjection } from '@shuangcha/persistence/testing/projection-builders';
import { chineseDaysSchedules, HolidayCalendar } from '@shuangcha/domain/calendar';
import { idleSince } from '../src/supervision/idle-since';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';

const J = 'u-county-sup';
const OTHER = 'u-county-elsewhere';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let gw: GatewayHarness;
let supervisor: string;
const now = Date.now();
const calendar = HolidayCalendar.fromSchedules(chineseDaysSchedules(2004, 2100));
const iso = (ms: number) => new Date(ms).toISOString();

/** Parses the simple CSV the gateway writes (ids, numbers, ISO dates: no quoting needed in these rows). */
const csvRows = (text: string) => {
  const [header, ...lines] = text.trim().split('\r\n');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])));
};

beforeAll(async () => {
  gw = await startGateway();
  supervisor = await gw.token('p-sup-1', ['supervisor'], [J]);
  const m = gw.dataSource.manager;
  const bound = idleSince(calendar, now, 10).getTime();
  // 12 stalled cases in J (two units, two stages), 3 recent, 2 stalled elsewhere, 1 closed stalled.
  for (let i = 0; i < 12; i += 1) {
    await upsertCase(
      m,
      aCaseProjection({
        caseId: `case-2026-${String(100 + i).padStart(4, '0')}`,
        jurisdictionId: J,
        unitId: i % 3 === 0 ? 'u-unit-b' : 'u-unit-a',
        stage: i % 2 === 0 ? 'investigation' : 'trialReview',
        lastActivityAt: iso(bound - (i + 1) * DAY),
      }),
    );
  }
  for (let i = 0; i < 3; i += 1)
    await upsertCase(m, aCaseProjection({ jurisdictionId: J, lastActivityAt: iso(bound + HOUR + i) }));
  for (let i = 0; i < 2; i += 1)
    await upsertCase(m, aCaseProjection({ jurisdictionId: OTHER, lastActivityAt: iso(bound - 30 * DAY) }));
  await upsertCase(
    m,
    aCaseProjection({ jurisdictionId: J, status: 'CLOSED', closedAt: iso(now), lastActivityAt: iso(bound - DAY) }),
  );

  // Overdue: 4 open past due in J, 1 decided, 1 not yet due, 1 past due elsewhere.
  for (let i = 0; i < 4; i += 1)
    await upsertTask(
      m,
      aTaskProjection({
        caseId: 'case-2026-0100',
        stage: 'investigation',
        dueAt: iso(now - (i + 1) * DAY - HOUR),
        escalationLevel: i,
      }),
    );
  await upsertTask(
    m,
    aTaskProjection({
      caseId: 'case-2026-0101',
      status: 'DECIDED',
      dueAt: iso(now - 10 * DAY),
      createdAt: iso(now - 20 * DAY),
      decidedAt: iso(now - 5 * DAY),
      decidedBy: 'p-1',
      outcome: 'DONE',
    }),
  );
  await upsertTask(m, aTaskProjection({ caseId: 'case-2026-0101', dueAt: iso(now + DAY) }));
  const elsewhere = aCaseProjection({ jurisdictionId: OTHER });
  await upsertCase(m, elsewhere);
  await upsertTask(m, aTaskProjection({ caseId: elsewhere.caseId, dueAt: iso(now - DAY) }));
  await insertNotification(m, aNotification({ caseId: 'case-2026-0100', kind: 'escalation', at: iso(now - DAY) }));
  await insertNotification(m, aNotification({ caseId: 'case-2026-0103', kind: 'escalation', at: iso(now - DAY) }));
  await insertNotification(m, aNotification({ caseId: 'case-2026-0101', kind: 'reminder', at: iso(now - DAY) }));
});

afterAll(() => gw?.close());

async function allPages(path: string): Promise<{ items: { caseId?: string; taskId?: string }[]; pages: number }> {
  const items: { caseId?: string }[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res = await gw
      .http()
      .get(`${path}${cursor ? `${sep}cursor=${cursor}` : ''}`)
      .set('authorization', supervisor);
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages += 1;
  } while (cursor);
  return { items, pages };
}

describe('supervision views over seeded read-model rows', () => {
  it('lists the stalled open cases of the jurisdiction, oldest activity first, across cursor pages', async () => {
    const { items, pages } = await allPages('/supervision/stalled?limit=5');
    expect(pages).toBe(3);
    expect(items.map((c) => c.caseId)).toEqual(
      Array.from({ length: 12 }, (_, i) => `case-2026-${String(111 - i).padStart(4, '0')}`),
    );
    const first = await gw.http().get('/supervision/stalled?limit=1').set('authorization', supervisor);
    expect(first.body.idleWd).toBe(10);
    expect(first.body.items[0].idleWorkingDays).toBeGreaterThanOrEqual(10);
  });

  it('filters stalled cases by stage, unit and a custom idleWd', async () => {
    const byStage = await allPages('/supervision/stalled?stage=trialReview');
    expect(byStage.items).toHaveLength(6);
    const byUnit = await allPages('/supervision/stalled?unit=u-unit-b');
    expect(byUnit.items).toHaveLength(4);
    // The builders' cases have not been escalated.
    expect((await allPages('/supervision/stalled?minLevel=0')).items).toHaveLength(12);
    expect((await allPages('/supervision/stalled?minLevel=1')).items).toHaveLength(0);
    // Every seeded case had activity within the last 200 working days.
    const strict = await gw.http().get('/supervision/stalled?idleWd=200&limit=200').set('authorization', supervisor);
    expect(strict.body.items).toHaveLength(0);
  });

  it('exports the same stalled rows as CSV as the JSON pages', async () => {
    const json = await allPages('/supervision/stalled?limit=4');
    const res = await gw.http().get('/supervision/stalled/export.csv').set('authorization', supervisor);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="supervision-stalled.csv"/);
    expect(res.headers['x-export-truncated']).toBe('false');
    expect(csvRows(res.text).map((r) => r.caseId)).toEqual(json.items.map((c) => c.caseId));
    const full = await gw.http().get('/supervision/stalled?limit=200').set('authorization', supervisor);
    expect(csvRows(res.text)[0]).toEqual(
      Object.fromEntries(
        Object.entries(full.body.items[0] as Record<string, unknown>).map(([k, v]) => [
          k,
          v === null ? '' : Array.isArray(v) ? v.join(';') : String(v),
        ]),
      ),
    );
  });

  it('lists open overdue tasks with escalation level and days overdue, and exports them', async () => {
    const { items } = await allPages('/supervision/overdue?limit=3');
    expect(items).toHaveLength(4);
    const res = await gw.http().get('/supervision/overdue?limit=10').set('authorization', supervisor);
    expect(res.body.items.map((t: { escalationLevel: number }) => t.escalationLevel)).toEqual([3, 2, 1, 0]);
    expect(res.body.items.map((t: { daysOverdue: number }) => t.daysOverdue)).toEqual([4, 3, 2, 1]);
    const level2 = await gw.http().get('/supervision/overdue?minLevel=2').set('authorization', supervisor);
    expect(level2.body.items.map((t: { escalationLevel: number }) => t.escalationLevel)).toEqual([3, 2]);
    const csv = await gw.http().get('/supervision/overdue/export.csv').set('authorization', supervisor);
    expect(csvRows(csv.text).map((r) => r.taskId)).toEqual(res.body.items.map((t: { taskId: string }) => t.taskId));
  });

  it('computes stats over the range and exports them as metric,key,value rows', async () => {
    const today = new Date(now + 8 * HOUR).toISOString().slice(0, 10);
    const res = await gw.http().get(`/supervision/stats?from=2026-01-01&to=${today}`).set('authorization', supervisor);
    expect(res.status).toBe(200);
    const opened = 12 + 3 + 1; // the builders open every case on 2026-03-02
    expect(res.body.casesPerStage.reduce((n: number, s: { count: number }) => n + s.count, 0)).toBe(opened);
    expect(res.body.overdueRate).toEqual({ decided: 1, decidedLate: 1, rate: 1 });
    expect(res.body.stageDurations).toEqual([{ stage: 'trialReview', count: 1, medianHours: 360, p90Hours: 360 }]);
    expect(res.body.escalationsByUnit).toEqual([{ unitId: 'u-unit-b', escalations: 2 }]);
    expect(res.body.escalationsByLevel).toEqual([{ level: 1, escalations: 2 }]);
    const decidedMonth = new Date(now - 5 * DAY + 8 * HOUR).toISOString().slice(0, 7);
    expect(res.body.overdueRateByUnit).toEqual([
      { month: decidedMonth, unitId: 'u-unit-a', decided: 1, decidedLate: 1, rate: 1 },
    ]);
    const csv = await gw
      .http()
      .get(`/supervision/stats/export.csv?from=2026-01-01&to=${today}`)
      .set('authorization', supervisor);
    const rows = csvRows(csv.text);
    expect(rows).toContainEqual({ metric: 'overdueRate', key: 'rate', value: '1' });
    expect(rows).toContainEqual({ metric: 'escalationsByUnit', key: 'u-unit-b', value: '2' });
    expect(rows).toContainEqual({ metric: 'escalationsByLevel', key: '1', value: '2' });
  });

  it('answers a cursor it never issued, a bad range and an unknown filter with 400 problems', async () => {
    for (const cursor of [
      'garbage',
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('["x","y"]').toString('base64url'),
    ]) {
      const res = await gw.http().get(`/supervision/stalled?cursor=${cursor}`).set('authorization', supervisor);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'cursor' }] });
    }
    const overdue = await gw.http().get('/supervision/overdue?cursor=Zm9v').set('authorization', supervisor);
    expect(overdue.status).toBe(400);
    const range = await gw
      .http()
      .get('/supervision/stats?from=2026-03-01&to=2026-01-01')
      .set('authorization', supervisor);
    expect(range.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'to' }] });
    const unknown = await gw.http().get('/supervision/stalled?jurisdiction=x').set('authorization', supervisor);
    expect(unknown.status).toBe(400);
  });

  it('scopes every view to the caller’s jurisdictions and refuses non-supervisors', async () => {
    const elsewhere = await gw.token('p-sup-2', ['supervisor'], [OTHER]);
    const res = await gw.http().get('/supervision/stalled?limit=200').set('authorization', elsewhere);
    expect(res.body.items).toHaveLength(3);
    const staff = await gw
      .http()
      .get('/supervision/stalled')
      .set('authorization', await gw.token('p-staff', ['staff'], [J]));
    expect(staff.status).toBe(403);
    expect(staff.body.code).toBe('FORBIDDEN');
  });
});

/**
 * Issue 16 §4: the people a case is about (subjects, trace-back candidates) and those recused from it never
 * find it in a list, count or export, whatever role they hold. Each test seeds its own jurisdiction.
 */
describe('supervision views leave out the cases the caller is a target of or recused from', () => {
  const statsRange = `from=${new Date(now - 5 * DAY).toISOString().slice(0, 10)}&to=${new Date(now + DAY).toISOString().slice(0, 10)}`;
  const LISTINGS = [
    '/cases',
    '/tasks',
    '/supervision/stalled',
    '/supervision/stalled/export.csv',
    '/supervision/overdue',
    '/supervision/overdue/export.csv',
    `/supervision/stats?${statsRange}`,
    `/supervision/stats/export.csv?${statsRange}`,
  ];

  /** A stalled case opened yesterday, with one overdue open task of `assigneeId`, one late decision and one escalation. */
  async function seedSupervisedCase(caseId: string, jurisdictionId: string, assigneeId: string) {
    const m = gw.dataSource.manager;
    const projection = aCaseProjection({
      caseId,
      jurisdictionId,
      unitId: `u-${caseId}`,
      openedAt: iso(now - DAY),
      lastActivityAt: iso(now - 40 * DAY),
      targetIds: [],
      recusedIds: [],
      projectionVersion: 1,
    });
    await upsertCase(m, projection);
    await upsertTask(m, aTaskProjection({ caseId, assigneeId, dueAt: iso(now - 2 * DAY) }));
    await upsertTask(
      m,
      aTaskProjection({
        caseId,
        status: 'DECIDED',
        createdAt: iso(now - 3 * DAY),
        dueAt: iso(now - 2 * DAY),
        decidedAt: iso(now - DAY),
        decidedBy: 'p-1',
        outcome: 'DONE',
      }),
    );
    await insertNotification(m, aNotification({ caseId, kind: 'escalation', at: iso(now - DAY) }));
    return projection;
  }

  async function listings(token: string): Promise<Record<string, string>> {
    const texts: Record<string, string> = {};
    for (const path of LISTINGS) {
      const res = await gw.http().get(path).set('authorization', token);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      texts[path] = res.text;
    }
    return texts;
  }
  const mentioning = (texts: Record<string, string>, ...needles: string[]) =>
    Object.entries(texts)
      .filter(([, text]) => needles.some((n) => text.includes(n)))
      .map(([path]) => path);

  it('a case-management officer who becomes a trace-back candidate does not see it in supervision views or CSV', async () => {
    const jurisdiction = 'u-county-nk-1';
    const officerId = 'p-nk-cmo';
    const officer = await gw.token(officerId, ['staff', 'supervisor'], [jurisdiction]);
    const colleague = await gw.token('p-nk-colleague', ['staff', 'supervisor'], [jurisdiction]);
    const seeded = await seedSupervisedCase('case-2026-0901', jurisdiction, officerId);
    const unit = seeded.unitId;
    // Before: the officer supervises the case like any colleague (the unit names it in stats rows).
    expect(mentioning(await listings(officer), seeded.caseId, unit)).toEqual(LISTINGS);

    await upsertCase(
      gw.dataSource.manager,
      aCaseProjection({ ...seeded, targetIds: [officerId], recusedIds: [], projectionVersion: 2 }),
    );
    expect(mentioning(await listings(officer), seeded.caseId, unit)).toEqual([]);
    const stats = await gw.http().get(`/supervision/stats?${statsRange}`).set('authorization', officer);
    expect(stats.body).toMatchObject({
      casesPerStage: [],
      stageDurations: [],
      overdueRate: { decided: 0, decidedLate: 0 },
      escalationsByUnit: [],
      escalationsByLevel: [],
      overdueRateByUnit: [],
    });
    // The colleague still supervises it; the officer's own task is no longer theirs to see.
    expect(mentioning(await listings(colleague), seeded.caseId, unit)).toEqual(LISTINGS.filter((p) => p !== '/tasks'));
  });

  it('an admin who is a subject does not see the case in GET /cases or /supervision/*', async () => {
    const jurisdiction = 'u-county-nk-2';
    const adminId = 'p-nk-admin';
    const admin = await gw.token(adminId, ['admin', 'supervisor'], [jurisdiction]);
    const seeded = await seedSupervisedCase('case-2026-0902', jurisdiction, 'p-nk-officer');
    await upsertCase(
      gw.dataSource.manager,
      aCaseProjection({ ...seeded, targetIds: [adminId], recusedIds: [], projectionVersion: 2 }),
    );
    const other = await seedSupervisedCase('case-2026-0903', jurisdiction, 'p-nk-officer');
    const texts = await listings(admin);
    expect(mentioning(texts, seeded.caseId, seeded.unitId)).toEqual([]);
    expect(mentioning(texts, other.caseId, other.unitId)).toEqual(LISTINGS.filter((p) => p !== '/tasks'));
  });

  it('leaves a case out for a person recused from it as for its targets', async () => {
    const jurisdiction = 'u-county-nk-3';
    const deputyId = 'p-nk-deputy';
    const deputy = await gw.token(deputyId, ['approver', 'supervisor'], [jurisdiction]);
    const seeded = await seedSupervisedCase('case-2026-0904', jurisdiction, deputyId);
    await upsertCase(
      gw.dataSource.manager,
      aCaseProjection({ ...seeded, targetIds: [], recusedIds: [deputyId], projectionVersion: 2 }),
    );
    expect(mentioning(await listings(deputy), seeded.caseId, seeded.unitId)).toEqual([]);
  });
});

/**
 * Under a compressed policy a task's due date is in case time (the case's calendar runs 1 / timeScale
 * times faster than the wall clock from the instant it opened), so overdue is judged on that clock, and a
 * task the workflow itself marked overdue is overdue whatever either clock says.
 */
describe('overdue in the case’s own time base', () => {
  const jurisdiction = 'u-county-compressed';
  const REAL_ELAPSED = 60_000;
  const COMPRESSED_DAY = 2_000;

  it('lists a compressed case’s task past its case-time due date, and one the workflow marked overdue', async () => {
    const m = gw.dataSource.manager;
    const token = await gw.token('p-sup-compressed', ['supervisor'], [jurisdiction]);
    const openedAt = now - REAL_ELAPSED;
    // 60 s of wall time is 30 days of case time under compressed-2026.1.
    const caseNow = openedAt + (REAL_ELAPSED / COMPRESSED_DAY) * DAY;
    const compressed = aCaseProjection({
      caseId: 'case-2026-0950',
      jurisdictionId: jurisdiction,
      policyVersion: 'compressed-2026.1',
      openedAt: iso(openedAt),
      targetIds: [],
      recusedIds: [],
    });
    await upsertCase(m, compressed);
    const late = aTaskProjection({ caseId: compressed.caseId, dueAt: iso(caseNow - 10 * DAY) });
    const notYet = aTaskProjection({ caseId: compressed.caseId, dueAt: iso(caseNow + 10 * DAY) });
    await upsertTask(m, late);
    await upsertTask(m, notYet);
    const production = aCaseProjection({
      caseId: 'case-2026-0951',
      jurisdictionId: jurisdiction,
      openedAt: iso(now - 5 * DAY),
      targetIds: [],
      recusedIds: [],
    });
    await upsertCase(m, production);
    // The worker already escalated it (level 1 at T) a moment before the gateway's clock reads T.
    const marked = aTaskProjection({
      caseId: production.caseId,
      dueAt: iso(now + HOUR),
      warningLevel: 'overdue',
      escalationLevel: 1,
    });
    await upsertTask(m, marked);

    const res = await gw.http().get('/supervision/overdue').set('authorization', token);
    expect(res.status).toBe(200);
    const items = res.body.items as { taskId: string; daysOverdue: number }[];
    // Ordered by due date as stored: the production task's real date comes before the case-time one.
    expect(items.map((t) => t.taskId)).toEqual([marked.taskId, late.taskId]);
    expect(items[0].daysOverdue).toBe(0);
    expect(items[1].daysOverdue).toBeGreaterThanOrEqual(10);
  });
});

/**
 * Issue 12 §4: the stalled view judges each case on its own policy and clock (a compressed case's activity
 * is in case time, far ahead of the wall clock) and says why the case is stalled and what it waits on.
 */
describe('stalled on the case’s own policy, with the reason', () => {
  const jurisdiction = 'u-county-stall-why';
  const REAL_ELAPSED = 60_000;
  const COMPRESSED_DAY = 2_000;
  type Row = {
    caseId: string;
    reasons: string[];
    waitingOn: string | null;
    clock: string;
    waitingOnAssigneeId: string;
  };

  it('lists a compressed case idle for weeks of case time, an overdue case and one waiting on an approval, and why', async () => {
    const m = gw.dataSource.manager;
    const token = await gw.token('p-sup-why', ['supervisor'], [jurisdiction]);
    const openedAt = now - REAL_ELAPSED;
    const caseNow = openedAt + (REAL_ELAPSED / COMPRESSED_DAY) * DAY;
    const base = { jurisdictionId: jurisdiction, targetIds: [], recusedIds: [] };
    // Last active 25 case days ago: later than the real-time idle bound, so only its own clock shows it idle.
    const compressed = aCaseProjection({
      ...base,
      caseId: 'case-2026-0960',
      policyVersion: 'compressed-2026.1',
      openedAt: iso(openedAt),
      lastActivityAt: iso(caseNow - 25 * DAY),
    });
    const overdue = aCaseProjection({ ...base, caseId: 'case-2026-0961', overdue: true, lastActivityAt: iso(now) });
    const approving = aCaseProjection({ ...base, caseId: 'case-2026-0962', lastActivityAt: iso(now - HOUR) });
    const active = aCaseProjection({ ...base, caseId: 'case-2026-0963', lastActivityAt: iso(now - HOUR) });
    for (const c of [compressed, overdue, approving, active]) await upsertCase(m, c);
    await upsertTask(
      m,
      aTaskProjection({ caseId: compressed.caseId, suspended: true, assigneeId: 'p-officer', dueAt: iso(caseNow) }),
    );
    await upsertTask(m, aTaskProjection({ caseId: overdue.caseId, assigneeId: 'p-officer', dueAt: iso(now - DAY) }));
    await upsertTask(
      m,
      aTaskProjection({
        caseId: approving.caseId,
        kind: 'approval',
        assigneeId: 'p-leader',
        createdAt: iso(now - 20 * DAY),
        dueAt: iso(now + DAY),
      }),
    );
    await upsertTask(m, aTaskProjection({ caseId: active.caseId, createdAt: iso(now - HOUR), dueAt: iso(now + DAY) }));

    const res = await gw.http().get('/supervision/stalled').set('authorization', token);
    expect(res.status).toBe(200);
    const byId = new Map((res.body.items as Row[]).map((r) => [r.caseId, r]));
    expect([...byId.keys()].sort()).toEqual([compressed.caseId, overdue.caseId, approving.caseId].sort());
    expect(byId.get(compressed.caseId)).toMatchObject({ reasons: ['IDLE'], clock: 'case', waitingOn: 'EXTERNAL_BODY' });
    expect(byId.get(overdue.caseId)).toMatchObject({
      reasons: ['OVERDUE'],
      clock: 'real',
      waitingOn: 'PERSON',
      waitingOnAssigneeId: 'p-officer',
    });
    expect(byId.get(approving.caseId)).toMatchObject({
      reasons: ['APPROVAL_PENDING'],
      waitingOn: 'APPROVAL',
      waitingOnAssigneeId: 'p-leader',
    });
  });
});
