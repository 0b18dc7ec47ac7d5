import { DataSource } from 'typeorm';
import { createDataSource } from '../create-data-source';
import { runMigrations } from '../schema';
import { insertSyntheticReadModel } from '../testing/synthetic-read-model';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { InvalidCursorError, SupervisionQueries } from './supervision.queries';

/**
 * The supervisors' views on a read model the size of a provincial commission's backlog: 100,000 cases
 * across 20 jurisdictions, three tasks each, escalation records. The plans must use the supervision
 * indexes; timings are printed for the record, never asserted.
 */
let db: TestDatabase;
let ds: DataSource;
let queries: SupervisionQueries;
const NOW = new Date('2026-11-30T00:00:00Z');
const VIEWER = 'p-viewer';

beforeAll(async () => {
  db = await createTestDatabase();
  await runMigrations(db.url);
  ds = await createDataSource(db.url).initialize();
  queries = new SupervisionQueries(ds);
  await insertSyntheticReadModel((sql) => ds.query(sql), {
    from: 1,
    to: 100_000,
    origin: '2021-01-01',
    stepSeconds: 25 * 60,
  });
  await ds.query('ANALYZE');
}, 300_000);

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

/** Every relation scan in a JSON plan: which table, which access path, which index. */
function scans(plan: unknown): { relation: string; type: string; index?: string }[] {
  const found: { relation: string; type: string; index?: string }[] = [];
  const walk = (node: Record<string, unknown>) => {
    // A Bitmap Index Scan names its index but not its table; its parent Bitmap Heap Scan names the table.
    if (typeof node['Relation Name'] === 'string' || typeof node['Index Name'] === 'string') {
      found.push({
        relation: String(node['Relation Name'] ?? ''),
        type: String(node['Node Type']),
        index: node['Index Name'] as string | undefined,
      });
    }
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk((plan as { Plan: Record<string, unknown> }[])[0].Plan);
  return found;
}

async function explain(sql: string, params: unknown[]): Promise<ReturnType<typeof scans>> {
  const rows: { 'QUERY PLAN': unknown }[] = await ds.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
  return scans(rows[0]['QUERY PLAN']);
}

/** Captures the SQL a query method sends, so the test explains exactly what production runs. */
async function captureSql(run: () => Promise<unknown>): Promise<{ sql: string; params: unknown[] }[]> {
  const captured: { sql: string; params: unknown[] }[] = [];
  const original = ds.query.bind(ds);
  const spy = jest.spyOn(ds, 'query').mockImplementation((sql: string, params?: unknown[]) => {
    captured.push({ sql, params: params ?? [] });
    return original(sql, params);
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return captured;
}

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  const result = await run();
  process.stdout.write(`[supervision @100k] ${label}: ${Number(process.hrtime.bigint() - started) / 1e6} ms\n`);
  return result;
}

describe('supervision queries on 100,000 cases', () => {
  it('pages stalled cases of one jurisdiction through a jurisdiction index, without a sequential scan', async () => {
    const filter = {
      jurisdictionIds: ['j-3'],
      viewerId: VIEWER,
      now: NOW,
      idleSince: new Date('2023-01-01T00:00:00Z'),
      idleDays: 13,
      approvalDays: 5,
      limit: 50,
    };
    const first = await timed('stalled page 1', () => queries.stalledCases(filter));
    expect(first.items).toHaveLength(50);
    expect(
      first.items.every((c) => c.jurisdictionId === 'j-3' && Date.parse(c.lastActivityAt) < Date.parse('2023-01-01')),
    ).toBe(true);
    const second = await queries.stalledCases({ ...filter, cursor: first.nextCursor });
    expect(Date.parse(second.items[0].lastActivityAt)).toBeGreaterThanOrEqual(
      Date.parse(first.items[49].lastActivityAt),
    );
    expect(second.items.map((c) => c.caseId)).not.toContain(first.items[49].caseId);

    const [{ sql, params }] = await captureSql(() => queries.stalledCases(filter));
    const plan = await explain(sql, params);
    expect(plan.filter((s) => s.type === 'Seq Scan')).toEqual([]);
    // Stalled is more than idle since issue 12 §4 (overdue, an approval pending, compressed cases on their own
    // clock), so the planner may reach the jurisdiction's cases through either of its indexes.
    expect(plan.map((s) => s.index)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ix_cases_(open_jurisdiction_last_activity|jurisdiction_opened_at)$/),
      ]),
    );
  });

  it('lists overdue tasks oldest first through the task status and due-date index', async () => {
    const page = await timed('overdue page', () =>
      queries.overdueTasks({ jurisdictionIds: ['j-1', 'j-2'], viewerId: VIEWER, now: NOW, limit: 100 }),
    );
    expect(page.items).toHaveLength(100);
    const dues = page.items.map((t) => Date.parse(t.dueAt));
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);
    expect(page.items[0].daysOverdue).toBeGreaterThan(0);

    const [{ sql, params }] = await captureSql(() =>
      queries.overdueTasks({ jurisdictionIds: ['j-1', 'j-2'], viewerId: VIEWER, now: NOW, limit: 100 }),
    );
    const plan = await explain(sql, params);
    expect(plan.filter((s) => s.type === 'Seq Scan')).toEqual([]);
    expect(plan.find((s) => s.relation === 'case_tasks')).toEqual(
      expect.objectContaining({ index: 'ix_case_tasks_status_due_at' }),
    );
    expect(plan.find((s) => s.relation === 'cases')).toEqual(expect.objectContaining({ index: 'pk_cases' }));
  });

  it('computes a month of statistics from the range indexes', async () => {
    const filter = {
      jurisdictionIds: ['j-5'],
      viewerId: VIEWER,
      from: new Date('2022-03-01T00:00:00Z'),
      to: new Date('2022-04-01T00:00:00Z'),
    };
    const stats = await timed('stats for a month', () => queries.stats(filter));
    expect(stats.casesPerStage.reduce((n, s) => n + s.count, 0)).toBeGreaterThan(0);
    expect(stats.stageDurations.length).toBeGreaterThan(0);
    expect(stats.stageDurations.every((d) => d.p90Hours >= d.medianHours)).toBe(true);
    expect(stats.overdueRate.rate).toBeGreaterThanOrEqual(0);
    expect(stats.escalationsByUnit.length).toBeGreaterThan(0);
    expect(stats.escalationsByLevel).toEqual([
      { level: 2, escalations: stats.escalationsByUnit.reduce((n, u) => n + u.escalations, 0) },
    ]);
    expect(stats.overdueRateByUnit.reduce((n, r) => n + r.decided, 0)).toBe(stats.overdueRate.decided);

    const captured = await captureSql(() => queries.stats(filter));
    expect(captured).toHaveLength(6);
    for (const { sql, params } of captured) {
      const plan = await explain(sql, params);
      expect(plan.filter((s) => s.type === 'Seq Scan')).toEqual([]);
    }
  });

  it('rejects a cursor the API never issued', async () => {
    await expect(
      queries.overdueTasks({
        jurisdictionIds: ['j-1'],
        viewerId: VIEWER,
        now: NOW,
        limit: 10,
        cursor: 'bm90LWEtY3Vyc29y',
      }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
