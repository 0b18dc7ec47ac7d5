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
        Object.entries(full.body.items[0] as Record<string, unknown>).map(([k, v]) => [k, v === null ? '' : String(v)]),
      ),
    );
  });

  it('lists open overdue tasks with escalation level and days overdue, and exports them', async () => {
    const { items } = await allPages('/supervision/overdue?limit=3');
    expect(items).toHaveLength(4);
    const res = await gw.http().get('/supervision/overdue?limit=10').set('authorization', supervisor);
    expect(res.body.items.map((t: { escalationLevel: number }) => t.escalationLevel)).toEqual([3, 2, 1, 0]);
    expect(res.body.items.map((t: { daysOverdue: number }) => t.daysOverdue)).toEqual([4, 3, 2, 1]);
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
    const csv = await gw
      .http()
      .get(`/supervision/stats/export.csv?from=2026-01-01&to=${today}`)
      .set('authorization', supervisor);
    const rows = csvRows(csv.text);
    expect(rows).toContainEqual({ metric: 'overdueRate', key: 'rate', value: '1' });
    expect(rows).toContainEqual({ metric: 'escalationsByUnit', key: 'u-unit-b', value: '2' });
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
