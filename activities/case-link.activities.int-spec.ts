import 'reflect-metadata';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { DataSource } from 'typeorm';
import type { FiledTraceBack } from '@shuangcha/contracts';
import { loadConfig } from '@shuangcha/config';
import { caseLinksOf, createDataSource, registrationByRequest, runMigrations } from '@shuangcha/persistence';
import { asRole, createTestDatabase, type TestDatabase } from '@shuangcha/persistence/testing/test-database';
import { bindActivities, type BoundActivities } from './bind-activities';
import { CaseLinkActivitiesImpl } from './case-link.activities';

describe('CaseLinkActivitiesImpl (a violation case opened from a review, issue 12 §5)', () => {
  let db: TestDatabase;
  let app: DataSource;
  let activities: BoundActivities<CaseLinkActivitiesImpl>;
  const env = new MockActivityEnvironment({
    workflowExecution: { workflowId: 'case-x/trace-back/review-1', runId: 'r' },
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    await runMigrations(db.url);
    // As the app role, so the migration's grants are proven sufficient.
    app = await createDataSource(asRole(db.url, 'shuangcha_app')).initialize();
    const config = loadConfig({
      DATABASE_URL: db.url,
      AUTH_DEV_SECRET: 'x'.repeat(32),
      SHUANGCHA_ENV: 'local',
      CASE_DOCUMENT_NO_TEMPLATES: '{"u-county-x":"清纪立〔{year}〕{seq}号"}',
    });
    activities = bindActivities(new CaseLinkActivitiesImpl(app, config));
  });

  afterAll(async () => {
    await app?.destroy();
    await db.drop();
  });

  it('allocates the jurisdiction’s next number once per request key and links both cases once', async () => {
    const request = {
      requestKey: 'case-x/trace-back/review-1:violation-case',
      jurisdictionId: 'u-county-x',
      openedBy: 'p-0031',
    };
    const first: FiledTraceBack = await env.run(activities.allocateCaseNumber, request);
    const retried: FiledTraceBack = await env.run(activities.allocateCaseNumber, request);
    const other: FiledTraceBack = await env.run(activities.allocateCaseNumber, {
      ...request,
      requestKey: 'another-review:violation-case',
    });

    expect(retried).toEqual(first);
    expect(first.caseId).toBe(`case-u-county-x-${first.caseNo}`);
    expect(Number(other.caseNo.slice(5))).toBe(Number(first.caseNo.slice(5)) + 1);
    const registered = await registrationByRequest(app.manager, 'p-0031', request.requestKey);
    expect(registered).toMatchObject({
      caseId: first.caseId,
      allocated: true,
      documentNo: expect.stringMatching(/^清纪立〔\d{4}〕\d+号$/),
    });

    const link = {
      linkKey: request.requestKey,
      originCaseId: 'case-u-county-y-2026-000007',
      openedCaseId: first.caseId,
      personId: 'p-0036',
      reviewWorkflowId: 'case-x/trace-back/review-1',
    };
    await env.run(activities.linkCases, link);
    await env.run(activities.linkCases, link);
    expect(await caseLinksOf(app.manager, link.originCaseId)).toEqual([
      expect.objectContaining({
        linkedCaseId: first.caseId,
        linkedCaseNo: first.caseNo,
        relation: 'VIOLATION_CASE_OPENED',
        personId: 'p-0036',
      }),
    ]);
    expect(await caseLinksOf(app.manager, first.caseId)).toEqual([
      expect.objectContaining({ linkedCaseId: link.originCaseId, relation: 'OPENED_FROM_REVIEW', personId: 'p-0036' }),
    ]);
  });
});
