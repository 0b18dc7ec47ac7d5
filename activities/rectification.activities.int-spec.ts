import 'reflect-metadata';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { DataSource } from 'typeorm';
import type { RectificationItemProjection, RectificationListProjection } from '@shuangcha/contracts';
import {
  createDataSource,
  RectificationItemEntity,
  RectificationQueries,
  RectificationSuggestionEntity,
  runMigrations,
  toRectificationItemProjection,
  toRectificationListProjection,
  RectificationListEntity,
  InvalidCursorError,
  upsertCase,
} from '@shuangcha/persistence';
import { aCaseProjection } from '@shuangcha/persistence/testing/projection-builders';
import { asRole, createTestDatabase, type TestDatabase } from '@shuangcha/persistence/testing/test-database';
import { superviseRectification } from '@shuangcha/domain/rectification';
import { bindActivities, type BoundActivities } from './bind-activities';
import { RectificationActivitiesImpl } from './rectification.activities';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-06-15T04:00:00.000Z');
const SHA = 'b'.repeat(64);

function aList(over: Partial<RectificationListProjection> = {}): RectificationListProjection {
  return {
    listId: 'rectification-2026-R100',
    listNo: '2026-R100',
    source: 'INSPECTION_FEEDBACK',
    sourceCaseId: null,
    supervisingBodyId: 'u-city-ctig',
    status: 'OPEN',
    policyVersion: 'dom-2026.1',
    openedBy: 'p-0007',
    openedAt: '2026-04-01T02:00:00.000Z',
    completedAt: null,
    itemCount: 0,
    signedOffCount: 0,
    clockEpochAt: '2026-04-01T02:00:00.000Z',
    timeScale: 1,
    projectionVersion: 1,
    ...over,
  };
}

function anItem(over: Partial<RectificationItemProjection> = {}): RectificationItemProjection {
  const listId = over.listId ?? 'rectification-2026-R100';
  const itemKey = over.itemKey ?? 'I-1';
  return {
    listId,
    itemKey,
    workflowId: `${listId}/item-${itemKey}`,
    problem: 'procurement without tender',
    measure: 'adopt tender rules',
    responsiblePersonId: 'p-0012',
    responsibleUnitId: 'u-city-housing',
    state: 'IN_PROGRESS',
    openedAt: '2026-04-01T02:00:00.000Z',
    dueAt: new Date(NOW.getTime() + 10 * DAY).toISOString(),
    submittedAt: null,
    signedOffAt: null,
    signedOffBy: null,
    reopenCount: 0,
    flaggedToSupervisors: false,
    escalationLevel: 0,
    extensionCount: 0,
    progressReportCount: 1,
    lastProgressAt: '2026-05-01T02:00:00.000Z',
    accountabilitySuggestedAt: null,
    evidenceRequirements: [{ kind: 'REGULATION', description: 'the adopted rules' }],
    evidence: [],
    projectionVersion: 1,
    ...over,
  };
}

describe('rectification activities and queries', () => {
  let db: TestDatabase;
  let owner: DataSource;
  let app: DataSource;
  let activities: BoundActivities<RectificationActivitiesImpl>;
  let queries: RectificationQueries;
  const env = new MockActivityEnvironment({
    workflowExecution: { workflowId: 'rectification-2026-R100', runId: 'run-1' },
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    await runMigrations(db.url);
    owner = await createDataSource(db.url).initialize();
    // As the app role, so the migration's grants are proven sufficient.
    app = await createDataSource(asRole(db.url, 'shuangcha_app')).initialize();
    activities = bindActivities(new RectificationActivitiesImpl(app));
    queries = new RectificationQueries(app);
  });

  afterAll(async () => {
    await Promise.all([owner?.destroy(), app?.destroy()]);
    await db.drop();
  });

  const itemRow = async (listId: string, itemKey: string) =>
    (await owner.getRepository(RectificationItemEntity).findBy({ listId, itemKey })).map(toRectificationItemProjection);

  it('stores list and item projections so they read back unchanged, once however often delivered', async () => {
    const list = aList({ listId: 'rectification-rt', listNo: 'rt' });
    const item = anItem({ listId: 'rectification-rt', evidence: [{ id: 'doc-1', sha256: SHA, kind: 'REGULATION' }] });
    await env.run(activities.projectRectificationList, list);
    await env.run(activities.projectRectificationList, list);
    await env.run(activities.projectRectificationItem, item);
    await env.run(activities.projectRectificationItem, item);
    expect(
      (await owner.getRepository(RectificationListEntity).findBy({ listId: list.listId })).map(
        toRectificationListProjection,
      ),
    ).toEqual([list]);
    expect(await itemRow(item.listId, item.itemKey)).toEqual([item]);
  });

  it('keeps the newer item when a stale projection arrives late', async () => {
    const v3 = anItem({
      listId: 'rectification-stale',
      state: 'SUBMITTED',
      submittedAt: NOW.toISOString(),
      projectionVersion: 3,
    });
    await env.run(activities.projectRectificationItem, v3);
    await env.run(activities.projectRectificationItem, {
      ...v3,
      state: 'IN_PROGRESS' as const,
      submittedAt: null,
      projectionVersion: 2,
    });
    await env.run(activities.projectRectificationItem, { ...v3, state: 'OPEN' as const, projectionVersion: 3 });
    expect(await itemRow(v3.listId, v3.itemKey)).toEqual([v3]);
    const v4 = {
      ...v3,
      state: 'VERIFIED_CLOSED' as const,
      signedOffAt: NOW.toISOString(),
      signedOffBy: 'p-0006',
      projectionVersion: 4,
    };
    await env.run(activities.projectRectificationItem, v4);
    expect(await itemRow(v3.listId, v3.itemKey)).toEqual([v4]);
  });

  it('records an accountability suggestion once per key', async () => {
    const suggestion = {
      suggestionKey: 'rectification-2026-R100/item-I-9:accountability-suggestion',
      listId: 'rectification-2026-R100',
      itemKey: 'I-9',
      responsibleUnitId: 'u-city-housing',
      responsiblePersonId: 'p-0012',
      dueAt: '2026-05-01T15:59:59.999Z',
      daysOverdue: 30,
      suggestedAt: '2026-05-31T16:00:00.000Z',
    };
    await env.run(activities.recordAccountabilitySuggestion, suggestion);
    await env.run(activities.recordAccountabilitySuggestion, { ...suggestion, daysOverdue: 31 });
    const rows = await owner
      .getRepository(RectificationSuggestionEntity)
      .findBy({ suggestionKey: suggestion.suggestionKey });
    expect(rows.map((r) => r.daysOverdue)).toEqual([30]);
  });

  describe('supervision and list summary on seeded data', () => {
    const A = 'rectification-sup-a';
    const B = 'rectification-sup-b';
    const C = 'rectification-sup-c';
    const due = (daysFromNow: number) => new Date(NOW.getTime() + daysFromNow * DAY).toISOString();
    const seeded = [
      anItem({ listId: A, itemKey: 'A1', state: 'IN_PROGRESS', dueAt: due(-5) }),
      anItem({
        listId: A,
        itemKey: 'A2',
        state: 'REJECTED',
        dueAt: due(-2),
        reopenCount: 2,
        flaggedToSupervisors: true,
      }),
      anItem({
        listId: A,
        itemKey: 'A3',
        state: 'VERIFIED_CLOSED',
        dueAt: due(-9),
        reopenCount: 1,
        signedOffAt: due(-10),
      }),
      anItem({ listId: A, itemKey: 'A4', state: 'SUBMITTED', dueAt: due(-6), submittedAt: due(-3) }),
      anItem({
        listId: A,
        itemKey: 'A5',
        state: 'OPEN',
        dueAt: due(4),
        responsibleUnitId: 'u-city-transport',
        responsiblePersonId: 'p-0015',
      }),
      anItem({
        listId: B,
        itemKey: 'B1',
        state: 'VERIFIED_CLOSED',
        dueAt: due(-1),
        responsibleUnitId: 'u-city-transport',
        responsiblePersonId: 'p-0015',
      }),
      anItem({
        listId: B,
        itemKey: 'B2',
        state: 'OPEN',
        dueAt: due(-20),
        responsibleUnitId: 'u-city-transport',
        responsiblePersonId: 'p-0015',
      }),
    ];

    beforeAll(async () => {
      await env.run(
        activities.projectRectificationList,
        aList({ listId: A, listNo: 'sup-a', supervisingBodyId: 'u-city-sup', itemCount: 5, signedOffCount: 1 }),
      );
      // List B runs on a compressed timeline (1 case day per 2 s) that started one real hour before NOW.
      await env.run(
        activities.projectRectificationList,
        aList({
          listId: B,
          listNo: 'sup-b',
          supervisingBodyId: 'u-county-ctig',
          clockEpochAt: new Date(NOW.getTime() - 3_600_000).toISOString(),
          timeScale: 2000 / DAY,
        }),
      );
      for (const item of seeded) await env.run(activities.projectRectificationItem, item);
    });

    it('summarises a list with its completion rate, item states and days overdue', async () => {
      const summary = await queries.listSummary(A, NOW);
      expect(summary).toMatchObject({
        listId: A,
        listNo: 'sup-a',
        status: 'OPEN',
        completion: { total: 5, signedOff: 1, completionRate: 0.2, complete: false },
      });
      expect(summary!.items.map((i) => [i.itemKey, i.state, i.daysOverdue])).toEqual([
        ['A1', 'IN_PROGRESS', 5],
        ['A2', 'REJECTED', 2],
        ['A3', 'VERIFIED_CLOSED', 0],
        ['A4', 'SUBMITTED', 3],
        ['A5', 'OPEN', 0],
      ]);
      await expect(queries.listSummary('rectification-none', NOW)).resolves.toBeNull();
    });

    it('lists overdue items, reopened items and completion by unit, agreeing with the domain rule', async () => {
      const view = await queries.supervisionRectification({ limit: 50, now: NOW, supervisingBodyIds: ['u-city-sup'] });
      expect(view.overdue.items.map((i) => [i.itemKey, i.daysOverdue])).toEqual([
        ['A4', 3],
        ['A1', 5],
        ['A2', 2],
      ]);
      expect(view.reopened.map((i) => [i.itemKey, i.reopenCount, i.flaggedToSupervisors])).toEqual([
        ['A2', 2, true],
        ['A3', 1, false],
      ]);
      expect(view.completionByUnit).toEqual([
        { unitId: 'u-city-housing', total: 4, signedOff: 1, completionRate: 0.25 },
        { unitId: 'u-city-transport', total: 1, signedOff: 0, completionRate: 0 },
      ]);
      const domain = superviseRectification(
        seeded
          .filter((i) => i.listId === A)
          .map((i) => ({
            ...i,
            dueAtMs: Date.parse(i.dueAt),
            submittedAtMs: i.submittedAt ? Date.parse(i.submittedAt) : null,
          })),
        NOW.getTime(),
      );
      expect(new Set(view.overdue.items.map((i) => `${i.itemKey}:${i.daysOverdue}`))).toEqual(
        new Set(domain.overdue.map((i) => `${i.itemKey}:${i.daysOverdue}`)),
      );
      expect(view.completionByUnit).toEqual(domain.completionByUnit);
    });

    it('counts days overdue in case time for a compressed list', async () => {
      // One real hour at 2 s per case day is 1800 case days; B2 was due 20 real days before NOW.
      const view = await queries.supervisionRectification({ limit: 50, now: NOW, unitId: 'u-city-transport' });
      const b2 = view.overdue.items.find((i) => i.itemKey === 'B2');
      expect(b2?.daysOverdue).toBe(Math.ceil((1800 * DAY - 3_600_000 + 20 * DAY) / DAY));
      expect(view.completionByUnit).toEqual([
        { unitId: 'u-city-transport', total: 3, signedOff: 1, completionRate: 0.3333 },
      ]);
    });

    it('pages overdue items by cursor without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<RectificationQueries['supervisionRectification']>> =
          await queries.supervisionRectification({ limit: 2, now: NOW, cursor });
        seen.push(...page.overdue.items.map((i) => i.itemKey));
        cursor = page.overdue.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['B2', 'A4', 'A1', 'A2']);
      await expect(
        queries.supervisionRectification({ limit: 2, now: NOW, cursor: 'not-a-cursor' }),
      ).rejects.toBeInstanceOf(InvalidCursorError);
    });

    it('leaves out the items of a list from a case the viewer is a target of or recused from', async () => {
      const caseId = 'case-2026-0777';
      await upsertCase(
        owner.manager,
        aCaseProjection({ caseId, targetIds: ['p-target'], recusedIds: ['p-recused'], projectionVersion: 1 }),
      );
      await env.run(
        activities.projectRectificationList,
        aList({
          listId: C,
          listNo: 'sup-c',
          source: 'CASE_FINDINGS',
          sourceCaseId: caseId,
          supervisingBodyId: 'u-city-nk',
        }),
      );
      await env.run(activities.projectRectificationItem, anItem({ listId: C, itemKey: 'C1', dueAt: due(-4) }));
      const seenBy = async (viewerId: string) => {
        const view = await queries.supervisionRectification({
          limit: 50,
          now: NOW,
          supervisingBodyIds: ['u-city-nk'],
          viewerId,
        });
        return [view.overdue.items.map((i) => i.itemKey), view.completionByUnit.map((u) => u.total)];
      };
      expect(await seenBy('p-colleague')).toEqual([['C1'], [1]]);
      expect(await seenBy('p-target')).toEqual([[], []]);
      expect(await seenBy('p-recused')).toEqual([[], []]);
    });
  });
});
