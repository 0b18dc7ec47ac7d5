import { DataSource } from 'typeorm';
import { COMPRESSED_POLICY } from '@shuangcha/domain/policy';
import { createDataSource } from '../create-data-source';
import { AddCaseStallColumns1765780000000 } from '../migrations/1765780000000-AddCaseStallColumns';
import { runMigrations } from '../schema';
import { aCaseProjection, aDecision, aTaskProjection } from '../testing/projection-builders';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { commitDecision, upsertCase, upsertTask } from './projection-writes';
import { SupervisionQueries } from './supervision.queries';

/**
 * The stall columns of the case row (`approval_pending_since`, `time_scale`) as the projection writes them,
 * and the stalled view that reads them: a case leaves the list once it moves.
 */
let db: TestDatabase;
let ds: DataSource;
let queries: SupervisionQueries;
const NOW = new Date('2026-11-30T02:00:00Z');
const DAY = 86_400_000;
const J = 'j-stall';
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  db = await createTestDatabase();
  await runMigrations(db.url);
  ds = await createDataSource(db.url).initialize();
  queries = new SupervisionQueries(ds);
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

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
    const runner = ds.createQueryRunner();
    try {
      const migration = new AddCaseStallColumns1765780000000();
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
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
