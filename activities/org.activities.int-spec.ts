import 'reflect-metadata';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { DataSource } from 'typeorm';
import sampleOrg from '../infra/seed/sample-org.json';
import { buildAccountabilitySummary } from '@shuangcha/domain/accountability';
import { parseOrgSnapshot, type OrgSnapshot } from '@shuangcha/domain/org';
import { responsibilityTraceBack } from '@shuangcha/domain/trace-back';
import type { OrgSnapshotResult } from '@shuangcha/contracts';
import {
  createDataSource,
  findAccountabilitySummary,
  loadSampleOrgIfEmpty,
  orgSnapshotHash,
  runMigrations,
} from '@shuangcha/persistence';
import { asRole, createTestDatabase, type TestDatabase } from '@shuangcha/persistence/testing/test-database';
import { bindActivities, type BoundActivities } from './bind-activities';
import { OrgActivitiesImpl } from './org.activities';

describe('org activities', () => {
  let db: TestDatabase;
  let app: DataSource;
  let activities: BoundActivities<OrgActivitiesImpl>;
  const env = new MockActivityEnvironment({
    workflowExecution: { workflowId: 'case-2026-0001/trace-back', runId: 'run-1' },
  });
  const load = (asOf: string) => env.run(activities.loadOrgSnapshot, { asOf }) as Promise<OrgSnapshotResult>;

  beforeAll(async () => {
    db = await createTestDatabase();
    await runMigrations(db.url);
    app = await createDataSource(asRole(db.url, 'shuangcha_app')).initialize();
    activities = bindActivities(new OrgActivitiesImpl(app));
  });

  afterAll(async () => {
    await app?.destroy();
    await db.drop();
  });

  it('fails without retry while no org model is stored', async () => {
    const error = await load('2026-04-01').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: 'OrgModelMissing', nonRetryable: true });
  });

  it('returns the stored model without names, with a stable hash of exactly what it returns', async () => {
    await loadSampleOrgIfEmpty(app);
    const first = await load('2026-04-01');
    const again = await load('2026-04-01');

    expect(first.snapshot.asOf).toBe('2026-04-01');
    expect(first.snapshot.persons.every((p) => p.displayName === p.id)).toBe(true);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(again.hash).toBe(first.hash);
    expect(orgSnapshotHash(first.snapshot)).toBe(first.hash);
    expect((await load('2026-04-02')).hash).not.toBe(first.hash);
  });

  it('yields the same trace-back candidates from the stored model as from the seed file (scenario A)', async () => {
    const { snapshot } = await load(sampleOrg.asOf);
    const seed = (parseOrgSnapshot(sampleOrg) as { snapshot: OrgSnapshot }).snapshot;
    const input = {
      unitId: 'u-county-health',
      misconductIntervals: [{ from: '2022-01-01', to: '2024-06-30' }],
      domains: ['procurement'],
      subjectIds: ['p-0041'],
      options: { minOverlapDays: 90, tracebackLevels: 1 },
    };
    expect(responsibilityTraceBack(input, snapshot)).toEqual(responsibilityTraceBack(input, seed));
    expect(responsibilityTraceBack(input, snapshot).candidates.map((c) => c.personId ?? c.organizationBodyId)).toEqual([
      'b-health-pg',
      'b-county-dg3',
      'p-0036',
      'p-0037',
      'p-0038',
      'p-0040',
    ]);
  });

  it('projects the summary once per version and never rolls back to an older one', async () => {
    const summary = (concludedAt: string) =>
      buildAccountabilitySummary({
        caseId: 'case-2026-0001',
        snapshotHash: 'h',
        snapshotAsOf: '2026-04-01',
        concludedAt,
        results: [],
        removedCandidates: [],
      });
    await env.run(activities.projectAccountabilitySummary, {
      caseId: 'case-2026-0001',
      summary: summary('2026-06-01T00:00:00.000Z'),
      projectionVersion: 2,
    });
    await env.run(activities.projectAccountabilitySummary, {
      caseId: 'case-2026-0001',
      summary: summary('2026-05-01T00:00:00.000Z'),
      projectionVersion: 1,
    });
    await env.run(activities.projectAccountabilitySummary, {
      caseId: 'case-2026-0001',
      summary: summary('2026-06-01T00:00:00.000Z'),
      projectionVersion: 2,
    });

    const row = await findAccountabilitySummary(app.manager, 'case-2026-0001');
    expect(row).toMatchObject({
      projectionVersion: 2,
      summary: { concludedAt: '2026-06-01T00:00:00.000Z', caseId: 'case-2026-0001' },
    });
  });
});
