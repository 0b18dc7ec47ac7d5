import type { DataSource, MigrationInterface } from 'typeorm';
import { COMPRESSED_POLICY } from '@shuangcha/domain/policy';
import { AddCaseStallColumns1765780000000 } from '../migrations/1765780000000-AddCaseStallColumns';
import { AddSupervisionStatsScope1765781000000 } from '../migrations/1765781000000-AddSupervisionStatsScope';
import { aCaseProjection, aDecision, aNotification, aTaskProjection } from '../testing/projection-builders';
import { ownerAndAppConnections } from '../testing/owner-and-app';
import { commitDecision, insertNotification, upsertCase, upsertTask } from './projection-writes';
import { SupervisionQueries } from './supervision.queries';

/**
 * The columns the supervision views read besides the projections' own: the case row's stall columns
 * (`approval_pending_since`, `time_scale`) and the jurisdiction and unit copied onto tasks and
 * notifications, as the projection writes them, and the views that read them: a case leaves the stalled
 * list once it moves; the statistics count by the case's current unit and without the hidden cases.
 */
// Written and read as the app role, as the worker and the gateway do; the migrations run as the owner.
const connections = ownerAndAppConnections();
let ds: DataSource;
let queries: SupervisionQueries;
const NOW = new Date('2026-11-30T02:00:00Z');
const DAY = 86_400_000;
const J = 'j-stall';
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(() => {
  ds = connections.app();
  queries = new SupervisionQueries(ds);
});

/** Undoes and redoes one migration on rows written before it, as a deploy over existing data does. */
async function rerun(migration: MigrationInterface): Promise<void> {
  const runner = connections.owner().createQueryRunner();
  try {
    await migration.down(runner);
    await migration.up(runner);
  } finally {
    await runner.release();
  }
}

async function stallColumns(caseId: string): Promise<{ since: string | null; timeScale: number }> {
  const [row] = (await ds.query(`SELECT approval_pending_since AS since, time_scale FROM cases WHERE case_id = $1`, [
    caseId,
  ])) as { since: Date | null; time_scale: number }[];
  return { since: row.since === null ? null : row.since.toISOString(), timeScale: Number(row.time_scale) };
}

/** The stalled list of J as the gateway asks for it: idle 10 working days, approvals pending 5. */
async function stalledIds(viewerId = 'p-supervisor'): Promise<string[]> {
  const page = await queries.stalledCases({
    jurisdictionIds: [J],
    viewerId,
    now: NOW,
    idleSince: new Date(NOW.getTime() - 14 * DAY),
    approvalSince: new Date(NOW.getTime() - 7 * DAY),
    idleDays: 9,
    approvalDays: 5,
    limit: 100,
  });
  return page.items.map((c) => c.caseId);
}

const anApproval = (caseId: string, createdAt: number, overrides: Parameters<typeof aTaskProjection>[0] = {}) =>
  aTaskProjection({
    caseId,
    kind: 'approval',
    createdAt: iso(createdAt),
    dueAt: iso(createdAt + 30 * DAY),
    ...overrides,
  });

describe('the case row’s stall columns', () => {
  it('follow the oldest open approval across task writes, decisions and stale retries', async () => {
    const c = aCaseProjection({ jurisdictionId: J, lastActivityAt: iso(NOW.getTime() - DAY) });
    await upsertCase(ds.manager, c);
    expect(await stallColumns(c.caseId)).toEqual({ since: null, timeScale: 1 });

    await upsertTask(ds.manager, aTaskProjection({ caseId: c.caseId, createdAt: iso(NOW.getTime() - 20 * DAY) }));
    expect((await stallColumns(c.caseId)).since).toBeNull();

    const later = anApproval(c.caseId, NOW.getTime() - 3 * DAY);
    const earlier = anApproval(c.caseId, NOW.getTime() - 9 * DAY, { kind: 'extensionApproval' });
    await upsertTask(ds.manager, later);
    expect((await stallColumns(c.caseId)).since).toBe(later.createdAt);
    await upsertTask(ds.manager, earlier);
    expect((await stallColumns(c.caseId)).since).toBe(earlier.createdAt);

    const decided = { status: 'DECIDED' as const, outcome: 'APPROVE', decidedBy: 'p-1', decidedAt: iso(NOW.getTime()) };
    await commitDecision(ds.manager, {
      decision: aDecision({ caseId: c.caseId, taskId: earlier.taskId, outcome: 'APPROVE', actorId: 'p-1' }),
      audit: [],
      task: { ...earlier, ...decided, projectionVersion: 2 },
    });
    expect((await stallColumns(c.caseId)).since).toBe(later.createdAt);

    // A retried, older projection of the decided approval changes nothing.
    await upsertTask(ds.manager, earlier);
    expect((await stallColumns(c.caseId)).since).toBe(later.createdAt);

    await upsertTask(ds.manager, { ...later, ...decided, projectionVersion: 2 });
    expect((await stallColumns(c.caseId)).since).toBeNull();

    // The case projection never writes the column, whatever it carries.
    await upsertTask(ds.manager, anApproval(c.caseId, NOW.getTime() - 2 * DAY, { taskId: `${c.caseId}-vote` }));
    await upsertCase(ds.manager, { ...c, stage: 'investigation', projectionVersion: 2 });
    expect((await stallColumns(c.caseId)).since).toBe(iso(NOW.getTime() - 2 * DAY));
  });

  it('counts the approvals projected before the case row once the row is written', async () => {
    const c = aCaseProjection({ jurisdictionId: J });
    const approval = anApproval(c.caseId, NOW.getTime() - 4 * DAY);
    await upsertTask(ds.manager, approval);
    await upsertCase(ds.manager, c);
    expect((await stallColumns(c.caseId)).since).toBe(approval.createdAt);
  });

  it('carries the time scale of the case policy', async () => {
    const c = aCaseProjection({ jurisdictionId: 'j-other', policyVersion: COMPRESSED_POLICY.version });
    await upsertCase(ds.manager, c);
    expect((await stallColumns(c.caseId)).timeScale).toBe(COMPRESSED_POLICY.timeScale);
  });

  it('are filled for existing rows by the migration', async () => {
    const c = aCaseProjection({ jurisdictionId: 'j-backfill', policyVersion: COMPRESSED_POLICY.version });
    await upsertCase(ds.manager, c);
    await upsertTask(ds.manager, anApproval(c.caseId, NOW.getTime() - 8 * DAY));
    await upsertTask(ds.manager, anApproval(c.caseId, NOW.getTime() - 6 * DAY, { kind: 'collectiveDecision' }));
    await upsertTask(ds.manager, anApproval(c.caseId, NOW.getTime() - 30 * DAY, { status: 'DECIDED' }));
    await rerun(new AddCaseStallColumns1765780000000());
    expect(await stallColumns(c.caseId)).toEqual({
      since: iso(NOW.getTime() - 8 * DAY),
      timeScale: COMPRESSED_POLICY.timeScale,
    });
  });
});

describe('the stalled view over the stall columns', () => {
  it('lists a case whose approval waits too long and drops it once the approval is decided', async () => {
    const c = aCaseProjection({ jurisdictionId: J, lastActivityAt: iso(NOW.getTime() - DAY) });
    await upsertCase(ds.manager, c);
    const approval = anApproval(c.caseId, NOW.getTime() - 10 * DAY);
    await upsertTask(ds.manager, approval);
    expect(await stalledIds()).toContain(c.caseId);

    await upsertTask(ds.manager, {
      ...approval,
      status: 'DECIDED',
      outcome: 'APPROVE',
      decidedBy: 'p-1',
      decidedAt: iso(NOW.getTime()),
      projectionVersion: 2,
    });
    expect(await stalledIds()).not.toContain(c.caseId);
  });

  it('drops an idle case once it moves, and an overdue one once it is no longer overdue', async () => {
    const idle = aCaseProjection({ jurisdictionId: J, lastActivityAt: iso(NOW.getTime() - 40 * DAY) });
    const overdue = aCaseProjection({ jurisdictionId: J, lastActivityAt: iso(NOW.getTime() - DAY), overdue: true });
    await upsertCase(ds.manager, idle);
    await upsertCase(ds.manager, overdue);
    expect(await stalledIds()).toEqual(expect.arrayContaining([idle.caseId, overdue.caseId]));

    await upsertCase(ds.manager, { ...idle, lastActivityAt: iso(NOW.getTime() - DAY), projectionVersion: 2 });
    await upsertCase(ds.manager, { ...overdue, overdue: false, projectionVersion: 2 });
    const after = await stalledIds();
    expect(after).not.toContain(idle.caseId);
    expect(after).not.toContain(overdue.caseId);
  });

  it('lists a compressed case by its own clock', async () => {
    // One wall-clock hour after opening, a compressed case (a case day lasts 2 s) has lived 1,800 case days.
    const openedAt = NOW.getTime() - 3_600_000;
    const c = aCaseProjection({
      jurisdictionId: J,
      policyVersion: COMPRESSED_POLICY.version,
      openedAt: iso(openedAt),
      lastActivityAt: iso(openedAt + DAY),
    });
    await upsertCase(ds.manager, c);
    expect(await stalledIds()).toContain(c.caseId);
  });

  it('never shows a flagged case to a person recused from it or a target of it', async () => {
    const c = aCaseProjection({
      jurisdictionId: J,
      lastActivityAt: iso(NOW.getTime() - DAY),
      overdue: true,
      recusedIds: ['p-recused'],
      targetIds: ['p-target'],
    });
    await upsertCase(ds.manager, c);
    expect(await stalledIds('p-supervisor')).toContain(c.caseId);
    expect(await stalledIds('p-recused')).not.toContain(c.caseId);
    expect(await stalledIds('p-target')).not.toContain(c.caseId);
  });
});

async function scopeOf(table: 'case_tasks' | 'case_notifications', caseId: string): Promise<string[]> {
  const rows: { jurisdiction_id: string | null; unit_id: string | null }[] = await ds.query(
    `SELECT jurisdiction_id, unit_id FROM ${table} WHERE case_id = $1 ORDER BY 1, 2`,
    [caseId],
  );
  return rows.map((r) => `${r.jurisdiction_id}/${r.unit_id}`);
}

describe('the jurisdiction and unit copied onto tasks and notifications', () => {
  it('follow the case row, whichever is written first and when the unit changes', async () => {
    const c = aCaseProjection({ jurisdictionId: 'j-scope', unitId: 'u-1' });
    await upsertTask(ds.manager, aTaskProjection({ caseId: c.caseId }));
    await insertNotification(ds.manager, aNotification({ caseId: c.caseId, kind: 'escalation' }));
    expect(await scopeOf('case_tasks', c.caseId)).toEqual(['null/null']);

    await upsertCase(ds.manager, c);
    expect(await scopeOf('case_tasks', c.caseId)).toEqual(['j-scope/u-1']);
    expect(await scopeOf('case_notifications', c.caseId)).toEqual(['j-scope/u-1']);

    await upsertTask(ds.manager, aTaskProjection({ caseId: c.caseId }));
    await insertNotification(ds.manager, aNotification({ caseId: c.caseId, kind: 'escalation' }));
    await upsertCase(ds.manager, { ...c, unitId: 'u-2', projectionVersion: 2 });
    expect(await scopeOf('case_tasks', c.caseId)).toEqual(['j-scope/u-2', 'j-scope/u-2']);
    expect(await scopeOf('case_notifications', c.caseId)).toEqual(['j-scope/u-2', 'j-scope/u-2']);
  });

  it('are filled for existing rows by the migration', async () => {
    const c = aCaseProjection({ jurisdictionId: 'j-scope-backfill', unitId: 'u-9' });
    await upsertCase(ds.manager, c);
    await upsertTask(ds.manager, aTaskProjection({ caseId: c.caseId }));
    await insertNotification(ds.manager, aNotification({ caseId: c.caseId }));
    await rerun(new AddSupervisionStatsScope1765781000000());
    expect(await scopeOf('case_tasks', c.caseId)).toEqual(['j-scope-backfill/u-9']);
    expect(await scopeOf('case_notifications', c.caseId)).toEqual(['j-scope-backfill/u-9']);
  });
});

describe('the statistics over the copied scope', () => {
  it('count by the case’s current unit and leave out the cases hidden from the viewer', async () => {
    const S = 'j-stats';
    const from = new Date('2026-03-01T00:00:00Z');
    const to = new Date('2026-04-01T00:00:00Z');
    const decided = (caseId: string, stage: string, createdAt: string, decidedAt: string, dueAt: string) =>
      aTaskProjection({
        caseId,
        stage,
        status: 'DECIDED',
        outcome: 'DONE',
        decidedBy: 'p-1',
        createdAt,
        decidedAt,
        dueAt,
      });
    const moved = aCaseProjection({ jurisdictionId: S, unitId: 'u-old', openedAt: '2026-03-02T00:00:00.000Z' });
    const plain = aCaseProjection({ jurisdictionId: S, unitId: 'u-b', openedAt: '2026-03-03T00:00:00.000Z' });
    const hidden = aCaseProjection({
      jurisdictionId: S,
      unitId: 'u-b',
      openedAt: '2026-03-04T00:00:00.000Z',
      recusedIds: ['p-stats-viewer'],
    });
    for (const c of [moved, plain, hidden]) await upsertCase(ds.manager, c);
    await upsertTask(
      ds.manager,
      decided(moved.caseId, 'intake', '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z', '2026-03-10T00:00:00Z'),
    );
    await upsertTask(
      ds.manager,
      decided(plain.caseId, 'intake', '2026-03-03T00:00:00Z', '2026-03-13T00:00:00Z', '2026-03-10T00:00:00Z'),
    );
    await upsertTask(
      ds.manager,
      decided(hidden.caseId, 'intake', '2026-03-04T00:00:00Z', '2026-03-20T00:00:00Z', '2026-03-10T00:00:00Z'),
    );
    for (const c of [moved, hidden])
      await insertNotification(
        ds.manager,
        aNotification({ caseId: c.caseId, kind: 'escalation', level: 3, at: '2026-03-11T00:00:00.000Z' }),
      );
    await upsertCase(ds.manager, { ...moved, unitId: 'u-new', projectionVersion: 2 });

    const stats = await queries.stats({ jurisdictionIds: [S], viewerId: 'p-stats-viewer', from, to });
    expect(stats.casesPerStage).toEqual([{ stage: moved.stage, count: 2 }]);
    expect(stats.stageDurations).toEqual([{ stage: 'intake', count: 2, medianHours: 132, p90Hours: 218.4 }]);
    expect(stats.overdueRate).toEqual({ decided: 2, decidedLate: 1, rate: 0.5 });
    expect(stats.escalationsByUnit).toEqual([{ unitId: 'u-new', escalations: 1 }]);
    expect(stats.escalationsByLevel).toEqual([{ level: 3, escalations: 1 }]);
    expect(stats.overdueRateByUnit).toEqual([
      { month: '2026-03', unitId: 'u-b', decided: 1, decidedLate: 1, rate: 1 },
      { month: '2026-03', unitId: 'u-new', decided: 1, decidedLate: 0, rate: 0 },
    ]);

    const everyone = await queries.stats({ jurisdictionIds: [S], viewerId: 'p-supervisor', from, to });
    expect(everyone.overdueRate).toEqual({ decided: 3, decidedLate: 2, rate: 2 / 3 });
    expect(everyone.escalationsByUnit).toEqual([
      { unitId: 'u-b', escalations: 1 },
      { unitId: 'u-new', escalations: 1 },
    ]);
  });
});
