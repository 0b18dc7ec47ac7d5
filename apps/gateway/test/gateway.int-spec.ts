import { randomBytes, randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '@shuangcha/config';
import {
  createDataSource,
  listAudit,
  loadSampleOrgIfEmpty,
  PersistenceModule,
  runMigrations,
} from '@shuangcha/persistence';
import { createTestDatabase, type TestDatabase } from '@shuangcha/persistence/testing/test-database';
import { ACTIVITY_CLASSES, ActivitiesModule, bindActivities } from '../../../activities';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
import { TEST_PAYLOAD_KEYS, testDataConverter } from '../../../test/support/payload-keys';
import { workflowBundle, workflowSpanSinks } from '../../../test/support/workflow-env';
import { issueDevToken } from '../src/auth/dev-token-issuer';
import { ConfigModule } from '../src/config/config.module';
import { createGatewayApp } from '../src/main';

const secret = randomBytes(32).toString('hex');
const taskQueue = `gateway-int-${randomBytes(4).toString('hex')}`;
const JURISDICTION = 'u-county-x';

let db: TestDatabase;
let dataSource: DataSource;
let config: AppConfig;
let app: NestExpressApplication;
let client: Client;
let connection: Connection;
let stopWorker: () => Promise<void>;

async function tokenFor(
  personId: string,
  roles: ('staff' | 'approver' | 'supervisor' | 'admin')[] = ['staff'],
  jurisdictionIds = [JURISDICTION],
) {
  return `Bearer ${(await issueDevToken(secret, { personId, roles, jurisdictionIds })).token}`;
}
const key = () => `k-${randomUUID()}`;
function caseBody() {
  const { openedBy: _o, requestKey: _r, ...body } = aCase().build();
  return body;
}

async function startInProcessWorker(cfg: AppConfig): Promise<() => Promise<void>> {
  @Module({ imports: [ConfigModule.forRoot(cfg), PersistenceModule.forRootAsync(), ActivitiesModule] })
  class WorkerTestModule {}
  const context = await NestFactory.createApplicationContext(WorkerTestModule, { logger: false });
  const activities = Object.assign({}, ...ACTIVITY_CLASSES.map((cls) => bindActivities(context.get(cls)))) as Record<
    string,
    (...args: unknown[]) => Promise<unknown>
  >;
  const nativeConnection = await NativeConnection.connect({ address: cfg.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    sinks: workflowSpanSinks(),
    connection: nativeConnection,
    taskQueue,
    activities,
    workflowBundle: await workflowBundle(),
    dataConverter: testDataConverter(),
  });
  const running = worker.run();
  return async () => {
    worker.shutdown();
    await running;
    await nativeConnection.close();
    await context.close();
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await runMigrations(db.url);
  dataSource = await createDataSource(db.url).initialize();
  config = loadConfig({
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: process.env.SHUANGCHA_TEST_TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: taskQueue,
    SHUANGCHA_ENV: 'local',
    AUTH_MODE: 'dev',
    AUTH_DEV_SECRET: secret,
    LOG_LEVEL: 'silent',
    GATEWAY_BODY_LIMIT: '64kb',
    ...TEST_PAYLOAD_KEYS,
  });
  stopWorker = await startInProcessWorker(config);
  app = await createGatewayApp(config);
  connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  client = new Client({ connection, dataConverter: testDataConverter() });
});

afterAll(async () => {
  await app?.close();
  await stopWorker?.();
  await connection?.close();
  await dataSource?.destroy();
  await db?.drop();
});

const http = () => request(app.getHttpServer());

describe('gateway on the real Temporal dev server and PostgreSQL', () => {
  it('answers liveness and readiness, echoing the caller request id', async () => {
    const live = await http().get('/health/live').set('x-request-id', 'probe-1');
    expect(live.status).toBe(200);
    expect(live.headers['x-request-id']).toBe('probe-1');
    expect((await http().get('/health')).status).toBe(200);
    for (const path of ['/ready', '/health/ready']) {
      const ready = await http().get(path);
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({
        status: 'ready',
        checks: { database: 'ok', migrations: 'ok', temporal: 'ok', worker: 'ok' },
      });
    }
  });

  it('refuses a request without a token or with a forged one as a 401 problem, logged but not audited', async () => {
    const missing = await http().get('/cases').set('x-request-id', 'no-token-1');
    expect(missing.status).toBe(401);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.body).toMatchObject({
      code: 'UNAUTHENTICATED',
      status: 401,
      instance: '/cases',
      traceId: 'no-token-1',
    });

    const forged = `Bearer ${(await issueDevToken('f'.repeat(64), { personId: PEOPLE.caseManagementOfficer, roles: ['admin'], jurisdictionIds: [] })).token}`;
    const refused = await http().get('/cases').set('authorization', forged);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('UNAUTHENTICATED');

    // An anonymous caller must not grow any audit chain (issue 16 item 6); the log has the refusal.
    const denials: unknown[] = await dataSource.query(`SELECT 1 FROM audit_entries WHERE after->>'traceId' = $1`, [
      'no-token-1',
    ]);
    expect(denials).toEqual([]);
  });

  it('answers unknown routes, malformed JSON, oversized bodies and role violations with problems', async () => {
    const staff = await tokenFor(PEOPLE.caseManagementOfficer);
    expect((await http().get('/nope').set('authorization', staff)).body.code).toBe('NOT_FOUND');
    const malformed = await http()
      .post('/cases')
      .set('authorization', staff)
      .set('idempotency-key', key())
      .set('content-type', 'application/json')
      .send('{"caseNo":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
    const large = await http()
      .post('/cases')
      .set('authorization', staff)
      .set('idempotency-key', key())
      .send({ pad: 'x'.repeat(70_000) });
    expect(large.status).toBe(413);
    expect(large.body.code).toBe('PAYLOAD_TOO_LARGE');
    const calendar = await http()
      .post('/admin/calendar/years')
      .set('authorization', staff)
      .set('idempotency-key', key())
      .send({ years: [] });
    expect(calendar.status).toBe(403);
    expect(calendar.body.code).toBe('FORBIDDEN');
  });

  it('rejects an invalid case body with every field error and starts nothing', async () => {
    const staff = await tokenFor(PEOPLE.caseManagementOfficer);
    const body = {
      ...caseBody(),
      subjectIds: [],
      openedBy: 'p-forged',
      participants: { ...caseBody().participants, trialReviewerIds: ['p-0001'] },
    };
    const res = await http().post('/cases').set('authorization', staff).set('idempotency-key', key()).send(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const paths = (res.body.errors as { path: string; message: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['subjectIds', 'participants.trialReviewerIds', '']));
    expect(res.body.errors.find((e: { path: string }) => e.path === '').message).toMatch(/openedBy/);
    await expect(
      client.workflow.getHandle(`case-${body.jurisdictionId}-${body.caseNo}`).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);
    const noKey = await http().post('/cases').set('authorization', staff).send(caseBody());
    expect(noKey.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
  });

  describe('a case opened over HTTP', () => {
    const body = caseBody();
    const caseId = `case-${body.jurisdictionId}-${body.caseNo}`;
    const firstKey = key();
    let cmo: string;

    beforeAll(async () => {
      cmo = await tokenFor(PEOPLE.caseManagementOfficer);
    });

    it('opens once per Idempotency-Key: a retry returns the same case, another body 422, another key 409', async () => {
      const first = await http().post('/cases').set('authorization', cmo).set('idempotency-key', firstKey).send(body);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ caseId, caseNo: body.caseNo, status: 'OPEN' });

      const retry = await http().post('/cases').set('authorization', cmo).set('idempotency-key', firstKey).send(body);
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);

      const changed = await http()
        .post('/cases')
        .set('authorization', cmo)
        .set('idempotency-key', firstKey)
        .send({ ...body, domains: ['other'] });
      expect(changed.status).toBe(422);
      expect(changed.body.code).toBe('IDEMPOTENCY_KEY_REUSED');

      const other = await http().post('/cases').set('authorization', cmo).set('idempotency-key', key()).send(body);
      expect(other.status).toBe(409);
      expect(other.body.code).toBe('CASE_ALREADY_FILED');

      const description = await client.workflow.getHandle(caseId).describe();
      expect(description.runId).toBe(first.body.runId);
      expect(description.memo).toMatchObject({ requestKey: firstKey });
    });

    it('moves the case on a decision by the assignee, and refuses another person with the reason, audited', async () => {
      const intake = await eventually(async () => {
        const res = await http().get(`/cases/${caseId}`).set('authorization', cmo);
        return res.status === 200
          ? res.body.openTasks?.find((t: { stage: string }) => t.stage === 'intake')
          : undefined;
      }, 'the intake task');
      expect(intake.assigneeId).toBe(PEOPLE.caseManagementOfficer);
      // Task routes find the task's workflow in the read model, which the projection fills a moment later.
      await eventually(async () => {
        const inbox = await http().get('/tasks').set('authorization', cmo);
        return inbox.body.items?.find((t: { taskId: string }) => t.taskId === intake.taskId);
      }, 'the intake task in the assignee inbox');

      const officer = await tokenFor(PEOPLE.caseOfficer);
      const decision = {
        taskVersion: intake.version,
        outcome: 'REGISTERED',
        comment: 'lead registered',
        basis: [{ regulation: 'WR', article: '1' }],
      };
      const wrong = await http()
        .post(`/tasks/${intake.taskId}/decision`)
        .set('authorization', officer)
        .set('idempotency-key', key())
        .send(decision);
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('NOT_ASSIGNEE');
      expect(wrong.body.detail).toMatch(new RegExp(`${PEOPLE.caseOfficer} is not assigned`));
      const rejections = (await listAudit(dataSource, caseId)).filter((e) => e.action === 'UPDATE_REJECTED');
      expect(rejections).toEqual([
        expect.objectContaining({
          actorId: PEOPLE.caseOfficer,
          after: expect.objectContaining({ code: 'NOT_ASSIGNEE' }),
        }),
      ]);

      const decisionKey = key();
      const done = await http()
        .post(`/tasks/${intake.taskId}/decision`)
        .set('authorization', cmo)
        .set('idempotency-key', decisionKey)
        .send(decision);
      expect(done.status).toBe(200);
      expect(done.body).toEqual({ taskId: intake.taskId, outcome: 'REGISTERED', stage: 'intake' });
      const again = await http()
        .post(`/tasks/${intake.taskId}/decision`)
        .set('authorization', cmo)
        .set('idempotency-key', decisionKey)
        .send(decision);
      expect(again.body).toEqual(done.body);

      const next = await eventually(async () => {
        const res = await http().get(`/cases/${caseId}`).set('authorization', cmo);
        return res.body.openTasks?.find((t: { stage: string }) => t.stage === 'clueDisposal');
      }, 'the clue disposal task');
      expect(next).toMatchObject({ stage: 'clueDisposal', kind: 'decision' });
    });

    it('hides the case from its subject and shows supervisors metadata only', async () => {
      const subject = await http()
        .get(`/cases/${caseId}`)
        .set('authorization', await tokenFor(PEOPLE.subject));
      expect(subject.status).toBe(404);
      expect(subject.body.code).toBe('CASE_NOT_FOUND');
      expect(
        (await listAudit(dataSource, caseId)).some((e) => e.action === 'DENIED' && e.actorId === PEOPLE.subject),
      ).toBe(true);

      // Staff of the same jurisdiction list it; the subject, staff there too, does not.
      const colleague = await tokenFor('p-colleague-1');
      await eventually(async () => {
        const res = await http().get('/cases').set('authorization', colleague);
        return res.body.items?.some((c: { caseId: string }) => c.caseId === caseId) ? true : undefined;
      }, 'the case in a colleague list');
      const subjectList = await http()
        .get('/cases')
        .set('authorization', await tokenFor(PEOPLE.subject));
      expect(subjectList.status).toBe(200);
      expect(subjectList.body.items.map((c: { caseId: string }) => c.caseId)).not.toContain(caseId);

      const supervisor = await http()
        .get(`/cases/${caseId}`)
        .set('authorization', await tokenFor('p-supervisor-1', ['supervisor']));
      expect(supervisor.status).toBe(200);
      expect(supervisor.body.view).toBe('metadata');
      expect(supervisor.body.openTasks).toBeUndefined();
      expect(supervisor.body.timeline).toBeUndefined();

      const outsider = await http()
        .get(`/cases/${caseId}`)
        .set('authorization', await tokenFor(PEOPLE.outsider, ['staff'], ['j-elsewhere']));
      expect(outsider.status).toBe(404);
    });

    it('lists the case for participants with cursor pagination and filters', async () => {
      const list = await eventually(async () => {
        const res = await http().get('/cases?limit=1&status=OPEN').set('authorization', cmo);
        return res.body.items?.length === 1 ? res.body : undefined;
      }, 'the case in the list');
      expect(list.items[0]).toMatchObject({ caseId, status: 'OPEN' });
      const none = await http().get('/cases?stage=closing').set('authorization', cmo);
      expect(none.body.items).toEqual([]);
      const bad = await http().get('/cases?cursor=garbage').set('authorization', cmo);
      expect(bad.status).toBe(400);
    });
  });

  it('lists the inbox overdue first, then by due date', async () => {
    const person = 'p-inbox-owner';
    const day = 24 * 3600 * 1000;
    const rows = [
      { id: 't-00000000-0000-4000-8000-000000000003', due: Date.now() + 5 * day },
      { id: 't-00000000-0000-4000-8000-000000000001', due: Date.now() - day },
      { id: 't-00000000-0000-4000-8000-000000000002', due: Date.now() + day },
    ];
    for (const row of rows) {
      await dataSource.query(
        `INSERT INTO case_tasks (task_id, case_id, workflow_id, stage, kind, title, assignee_id, candidate_role, allowed_outcomes,
           status, version, created_at, due_at, due_provisional, warning_level, escalation_level, suspended, extension_count, history, projection_version)
         VALUES ($1, 'case-2026-9999', 'case-2026-9999/violation', 'intake', 'decision', 'Register the lead', $2, 'caseOfficer', '["REGISTERED"]',
           'OPEN', 1, now(), $3, false, 'green', 0, false, 0, '[]', 1)`,
        [row.id, person, new Date(row.due)],
      );
    }
    const inbox = await http()
      .get('/tasks')
      .set('authorization', await tokenFor(person));
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((t: { taskId: string }) => t.taskId)).toEqual([rows[1].id, rows[2].id, rows[0].id]);
    expect(inbox.body.items[0].overdue).toBe(true);
  });

  // Last in this file: it loads an org model into the database the tests above use empty.
  it('checks participants against an org model loaded after this gateway last saw none', async () => {
    // p-0032 opens county cases by its token while the model is empty and by its post once it is read.
    const token = await tokenFor('p-0032', ['staff'], ['u-county-committee']);
    const body = () => ({ ...caseBody(), jurisdictionId: 'u-county-committee' });
    const unchecked = await http()
      .post('/cases')
      .set('authorization', token)
      .set('idempotency-key', key())
      .send(body());
    expect(unchecked.status).toBe(201);

    await loadSampleOrgIfEmpty(dataSource);
    const refused = body();
    const res = await http().post('/cases').set('authorization', token).set('idempotency-key', key()).send(refused);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('PARTICIPANTS_INVALID');
    await expect(
      client.workflow.getHandle(`case-u-county-committee-${refused.caseNo}`).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });
});
