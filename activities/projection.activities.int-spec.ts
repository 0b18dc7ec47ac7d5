import 'reflect-metadata';
import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApplicationFailure, type Logger, type LogLevel, type LogMetadata } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DataSource } from 'typeorm';
import type { MeasureProjection } from '@shuangcha/contracts';
import { APP_CONFIG, loadConfig } from '@shuangcha/config';
import {
  CaseDecisionEntity,
  CaseEntity,
  CaseNotificationEntity,
  CaseTaskEntity,
  createDataSource,
  listAudit,
  measuresOfCase,
  PersistenceModule,
  runMigrations,
  toCaseProjection,
  toDecisionProjection,
  toNotificationRecord,
  toTaskProjection,
  verifyAuditChain,
} from '@shuangcha/persistence';
import {
  aCaseProjection,
  aDecision,
  aNotification,
  anAuditEvent,
  aTaskProjection,
} from '@shuangcha/persistence/testing/projection-builders';
import { asRole, createTestDatabase, type TestDatabase } from '@shuangcha/persistence/testing/test-database';
import { ActivitiesModule } from './activities.module';
import { bindActivities, type BoundActivities } from './bind-activities';
import { ProjectionActivitiesImpl } from './projection.activities';

describe('projection activities', () => {
  let db: TestDatabase;
  let owner: DataSource;
  let app: DataSource;
  let activities: BoundActivities<ProjectionActivitiesImpl>;
  const logged: { level: LogLevel; message: string; meta?: LogMetadata }[] = [];
  const record =
    (level: LogLevel) =>
    (message: string, meta?: LogMetadata): void => {
      logged.push({ level, message, meta });
    };
  const logger: Logger = {
    log: (level, message, meta) => record(level)(message, meta),
    trace: record('TRACE'),
    debug: record('DEBUG'),
    info: record('INFO'),
    warn: record('WARN'),
    error: record('ERROR'),
  };
  const env = new MockActivityEnvironment(
    { workflowExecution: { workflowId: 'case-SC-2026-1', runId: 'run-1' } },
    { logger },
  );

  beforeAll(async () => {
    db = await createTestDatabase();
    await runMigrations(db.url);
    owner = await createDataSource(db.url).initialize();
    // The activities run as the app role, so every test also proves the migration's grants suffice.
    app = await createDataSource(asRole(db.url, 'shuangcha_app')).initialize();
    activities = bindActivities(new ProjectionActivitiesImpl(app));
  });

  afterAll(async () => {
    await Promise.all([owner?.destroy(), app?.destroy()]);
    await db.drop();
  });

  const casesWithId = (caseId: string) => owner.getRepository(CaseEntity).findBy({ caseId });

  async function rejection(run: () => Promise<unknown>): Promise<ApplicationFailure> {
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    return error as ApplicationFailure;
  }

  describe('projectCase', () => {
    it('stores the projection so it reads back unchanged through the mapper', async () => {
      const projection = aCaseProjection({ closedAt: null, deadlineAt: null });
      await env.run(activities.projectCase, projection);

      const rows = await casesWithId(projection.caseId);
      expect(rows.map(toCaseProjection)).toEqual([projection]);
    });

    it('leaves one row when the same projection is delivered twice', async () => {
      const projection = aCaseProjection();
      await env.run(activities.projectCase, projection);
      await env.run(activities.projectCase, projection);

      expect(await casesWithId(projection.caseId)).toHaveLength(1);
    });

    it('overwrites with a newer projectionVersion', async () => {
      const v1 = aCaseProjection({ projectionVersion: 1 });
      const v2 = { ...v1, stage: 'investigation', participantIds: ['person-1', 'person-9'], projectionVersion: 2 };
      await env.run(activities.projectCase, v1);
      await env.run(activities.projectCase, v2);

      expect((await casesWithId(v1.caseId)).map(toCaseProjection)).toEqual([v2]);
    });

    it('keeps the newer row when a stale projectionVersion arrives late', async () => {
      const v3 = aCaseProjection({ stage: 'trialReview', projectionVersion: 3 });
      await env.run(activities.projectCase, v3);
      await env.run(activities.projectCase, { ...v3, stage: 'investigation', projectionVersion: 2 });
      await env.run(activities.projectCase, { ...v3, stage: 'closing', projectionVersion: 3 });

      expect((await casesWithId(v3.caseId)).map(toCaseProjection)).toEqual([v3]);
      expect(logged.filter((entry) => entry.meta?.caseId === v3.caseId).map((entry) => entry.message)).toEqual([
        'case projected',
        'stale case projection skipped',
        'stale case projection skipped',
      ]);
    });

    it('fails without retry when another case of the jurisdiction already holds the case number', async () => {
      const first = aCaseProjection();
      await env.run(activities.projectCase, first);

      const failure = await rejection(() =>
        env.run(
          activities.projectCase,
          aCaseProjection({ caseNo: first.caseNo, jurisdictionId: first.jurisdictionId }),
        ),
      );
      expect(failure).toMatchObject({ type: 'ProjectionRejected', nonRetryable: true });
      expect(failure.message).toContain('uq_cases_jurisdiction_case_no');
    });

    it('projects the same case number in two jurisdictions, which count separately', async () => {
      const first = aCaseProjection({ jurisdictionId: 'u-county-a' });
      await env.run(activities.projectCase, first);
      await env.run(activities.projectCase, aCaseProjection({ caseNo: first.caseNo, jurisdictionId: 'u-county-b' }));
      const rows: unknown[] = await owner.query('SELECT case_id FROM cases WHERE case_no = $1', [first.caseNo]);
      expect(rows).toHaveLength(2);
    });

    it('fails without retry on a timestamp that is not ISO', async () => {
      const failure = await rejection(() =>
        env.run(activities.projectCase, aCaseProjection({ openedAt: 'yesterday' })),
      );
      expect(failure).toMatchObject({ type: 'ProjectionRejected', nonRetryable: true });
      expect(failure.message).toContain('openedAt');
    });
  });

  describe('projectTask', () => {
    const tasksWithId = (taskId: string) => owner.getRepository(CaseTaskEntity).findBy({ taskId });

    it('keeps one row with the highest projectionVersion whatever the delivery order', async () => {
      const open = aTaskProjection({ projectionVersion: 4 });
      const decided = {
        ...open,
        status: 'DECIDED' as const,
        outcome: 'sanction',
        decidedBy: 'person-3',
        decidedAt: '2026-03-10T03:00:00.000Z',
        history: [...open.history, { at: '2026-03-10T03:00:00.000Z', action: 'decided', actorId: 'person-3' }],
        projectionVersion: 5,
      };
      await env.run(activities.projectTask, decided);
      await env.run(activities.projectTask, open);
      await env.run(activities.projectTask, decided);

      expect((await tasksWithId(open.taskId)).map(toTaskProjection)).toEqual([decided]);
    });
  });

  describe('recordDecision', () => {
    it('writes a decision once however often it is retried, keeping the first content', async () => {
      const decision = aDecision();
      await env.run(activities.recordDecision, decision);
      await env.run(activities.recordDecision, decision);
      await env.run(activities.recordDecision, { ...decision, comment: 'a retry must not rewrite the record' });

      const rows = await owner.getRepository(CaseDecisionEntity).findBy({ decisionKey: decision.decisionKey });
      expect(rows.map(toDecisionProjection)).toEqual([decision]);
    });
  });

  describe('recordNotification', () => {
    it('writes a notification once however often it is retried', async () => {
      const notification = aNotification();
      await env.run(activities.recordNotification, notification);
      await env.run(activities.recordNotification, { ...notification, level: 2 });

      const rows = await owner
        .getRepository(CaseNotificationEntity)
        .findBy({ notificationKey: notification.notificationKey });
      expect(rows.map(toNotificationRecord)).toEqual([notification]);
    });
  });

  describe('appendAudit', () => {
    it('appends once per event key to a chain that verifies', async () => {
      const first = anAuditEvent({ caseId: 'audited' });
      const second = anAuditEvent({ caseId: 'audited', action: 'decisionRecorded' });
      await env.run(activities.appendAudit, first);
      await env.run(activities.appendAudit, first);
      await env.run(activities.appendAudit, second);

      expect((await listAudit(owner, 'audited')).map((e) => [e.seq, e.eventKey])).toEqual([
        [1, first.eventKey],
        [2, second.eventKey],
      ]);
      await expect(verifyAuditChain(owner, 'audited')).resolves.toEqual({ ok: true, count: 2 });
    });
  });

  describe('commitDecision', () => {
    function aCommit(caseId: string) {
      const taskId = `task-${caseId}`;
      return {
        decision: aDecision({ caseId, taskId, decisionKey: `case-${caseId}:${taskId}:p-1` }),
        audit: [
          anAuditEvent({ caseId, eventKey: `case-${caseId}:1`, action: 'DECISION_RECORDED' }),
          anAuditEvent({ caseId, eventKey: `case-${caseId}:2`, action: 'COLLECTIVE_DECISION_RECORDED' }),
        ],
        task: aTaskProjection({ caseId, taskId, status: 'DECIDED', projectionVersion: 3 }),
      };
    }
    const stored = async (caseId: string) => ({
      decisions: await owner.getRepository(CaseDecisionEntity).countBy({ caseId }),
      audit: (await listAudit(owner, caseId)).map((e) => e.action),
      tasks: (await owner.getRepository(CaseTaskEntity).findBy({ caseId })).map((t) => t.status),
    });

    it('stores the decision, its audit entries in order and the decided task together, once however often retried', async () => {
      const commit = aCommit('committed');
      await env.run(activities.commitDecision, commit);
      await env.run(activities.commitDecision, commit);
      expect(await stored('committed')).toEqual({
        decisions: 1,
        audit: ['DECISION_RECORDED', 'COLLECTIVE_DECISION_RECORDED'],
        tasks: ['DECIDED'],
      });
      expect((await verifyAuditChain(owner, 'committed')).ok).toBe(true);
    });

    it('stores nothing when one part is refused: no decision without its audit entry', async () => {
      const commit = aCommit('refused');
      commit.audit[1] = { ...commit.audit[1], at: 'not a time' };
      const failure = await rejection(() => env.run(activities.commitDecision, commit));
      expect(failure.nonRetryable).toBe(true);
      expect(await stored('refused')).toEqual({ decisions: 0, audit: [], tasks: [] });
    });
  });

  describe('projectMeasure', () => {
    const pending: MeasureProjection = {
      measureId: 'case-SC-2026-1/violation:measure-1',
      caseId: 'case-SC-2026-1',
      workflowId: 'case-SC-2026-1/violation',
      stage: 'investigation',
      kind: 'FREEZE',
      purpose: 'the account the kickbacks were paid into',
      loggedBy: 'p-officer-ma',
      loggedAt: '2026-03-02T01:00:00.000Z',
      status: 'PENDING_APPROVAL',
      takenOn: null,
      approvalTaskId: 't-4b1e9f3a-5c1d-4e8f-9a7b-2c3d4e5f6a7b',
      approverIds: [],
      refusal: null,
      limit: { amount: 6, unit: 'm' },
      dueOn: null,
      projectionVersion: 1,
    };
    const approved: MeasureProjection = {
      ...pending,
      status: 'RECORDED',
      takenOn: '2026-03-03',
      approverIds: ['p-secretary-gao'],
      dueOn: '2026-09-03',
      projectionVersion: 2,
    };

    it('keeps the newest version of a measure as the app role, whatever order the writes arrive in', async () => {
      await env.run(activities.projectMeasure, pending);
      await env.run(activities.projectMeasure, approved);
      await env.run(activities.projectMeasure, pending);
      expect(await measuresOfCase(owner.manager, pending.caseId)).toEqual([approved]);
    });
  });

  describe('bindActivities', () => {
    it('exposes exactly the ProjectionActivities methods, bound to the instance', () => {
      expect(Object.keys(activities).sort()).toEqual([
        'appendAudit',
        'commitDecision',
        'findFiledTraceBack',
        'projectCase',
        'projectMeasure',
        'projectTask',
        'recordDecision',
        'recordNotification',
      ]);
    });
  });

  describe('Nest wiring', () => {
    it('builds the activities from PersistenceModule and APP_CONFIG, ready for the worker', async () => {
      const config = loadConfig({ DATABASE_URL: db.url, AUTH_DEV_SECRET: 'x'.repeat(32), SHUANGCHA_ENV: 'local' });
      @Global()
      @Module({ providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] })
      class TestConfigModule {}

      const moduleRef = await Test.createTestingModule({
        imports: [
          TestConfigModule,
          PersistenceModule.forRootAsync({ applicationName: 'shuangcha-test' }),
          ActivitiesModule,
        ],
      }).compile();
      try {
        const wired = bindActivities(moduleRef.get(ProjectionActivitiesImpl));
        const projection = aCaseProjection();
        await env.run(wired.projectCase, projection);

        expect((await casesWithId(projection.caseId)).map(toCaseProjection)).toEqual([projection]);
        expect(moduleRef.get(DataSource).options).toMatchObject({ synchronize: false, migrationsRun: false });
      } finally {
        await moduleRef.close();
      }
    });
  });
});
