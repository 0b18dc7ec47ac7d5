import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { loadConfig } from '@shuangcha/config';
import { getCaseState } from '@shuangcha/contracts';
import { createDataSource, runMigrations, verifyAuditChain } from '@shuangcha/persistence';
import { createTestDatabase, type TestDatabase } from '../../../libs/persistence/src/testing/test-database';
import { aCase } from '../../../test/builders/case.builder';
import { CaseDriver, eventually } from '../../../test/support/case-driver';
import { TEST_PAYLOAD_KEYS, testDataConverter } from '../../../test/support/payload-keys';
import { workflowBundle } from '../../../test/support/workflow-env';
import { startWorker } from './main';

let db: TestDatabase;
let dataSource: DataSource;
let client: Client;
let connection: Connection;
let stopWorker: () => Promise<void>;
const taskQueue = `int-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  db = await createTestDatabase();
  await runMigrations(db.url);
  dataSource = await createDataSource(db.url).initialize();
  const config = loadConfig({
    SHUANGCHA_ENV: 'local',
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: process.env.SHUANGCHA_TEST_TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: taskQueue,
    AUTH_DEV_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    ...TEST_PAYLOAD_KEYS,
  });
  // The bundle of the current sources; dist/ may hold an older build.
  ({ stop: stopWorker } = await startWorker(config, { workflowBundle: await workflowBundle() }));
  connection = await Connection.connect({ address: process.env.SHUANGCHA_TEST_TEMPORAL_ADDRESS });
  client = new Client({ connection, dataConverter: testDataConverter() });
});

afterAll(async () => {
  await stopWorker?.();
  await connection?.close();
  await dataSource?.destroy();
  await db?.drop();
});

describe('worker on the real Temporal dev server and PostgreSQL', () => {
  it('runs a case, projects it into the read model and writes a verifiable audit chain', async () => {
    const input = aCase().build();
    const caseId = `case-${input.caseNo}`;
    await client.workflow.start('caseWorkflow', { taskQueue, workflowId: caseId, args: [input] });
    const c = new CaseDriver(client, caseId);
    await c.decide('intake', 'decision', 'REGISTERED');
    await c.openTask('clueDisposal', 'decision');

    const row = await eventually(async () => {
      const rows = await dataSource.query('SELECT stage, status, case_no FROM cases WHERE case_id = $1', [caseId]);
      return rows[0]?.stage === 'clueDisposal' ? rows[0] : undefined;
    }, 'the case row to reach clueDisposal');
    expect(row).toEqual({ stage: 'clueDisposal', status: 'OPEN', case_no: input.caseNo });
    const live = await client.workflow.getHandle(caseId).query(getCaseState);
    expect(live.stage).toBe(row.stage);

    const tasks = await dataSource.query(
      'SELECT stage, status, outcome FROM case_tasks WHERE case_id = $1 ORDER BY created_at',
      [caseId],
    );
    expect(tasks).toEqual([
      { stage: 'intake', status: 'DECIDED', outcome: 'REGISTERED' },
      { stage: 'clueDisposal', status: 'OPEN', outcome: null },
    ]);
    const decisions = await dataSource.query('SELECT outcome, actor_id FROM case_decisions WHERE case_id = $1', [
      caseId,
    ]);
    expect(decisions).toEqual([{ outcome: 'REGISTERED', actor_id: input.participants.caseManagementOfficerId }]);
    await expect(verifyAuditChain(dataSource, caseId)).resolves.toMatchObject({ ok: true });
  });

  it('starts a timer of policy days on the real server: the intake task carries a due date five working days out', async () => {
    const input = aCase().build();
    const caseId = `case-${input.caseNo}`;
    await client.workflow.start('caseWorkflow', { taskQueue, workflowId: caseId, args: [input] });
    const task = await new CaseDriver(client, caseId).openTask('intake', 'decision');
    const days = (Date.parse(task.dueAt) - Date.parse(task.createdAt)) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(5);
    expect(days).toBeLessThan(14);
  });
});
