import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NativeConnection, Worker } from '@temporalio/worker';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { PrincipalRole } from '@shuangcha/contracts/http';
import { loadConfig, type AppConfig } from '@shuangcha/config';
import { createDataSource, PersistenceModule, runMigrations } from '@shuangcha/persistence';
import { createTestDatabase, type TestDatabase } from '@shuangcha/persistence/testing/test-database';
import { ACTIVITY_CLASSES, ActivitiesModule, bindActivities } from '../../activities';
import { eventually } from './case-driver';
import { TEST_PAYLOAD_KEYS, testDataConverter } from './payload-keys';
import { workflowBundle, workflowSpanSinks } from './workflow-env';
import { issueDevToken } from '../../apps/gateway/src/auth/dev-token-issuer';
import { ConfigModule } from '../../apps/gateway/src/config/config.module';
import { createGatewayApp } from '../../apps/gateway/src/main';

/** The gateway over a fresh database on the run's PostgreSQL and the run's Temporal dev server. */
export interface GatewayHarness {
  app: NestExpressApplication;
  dataSource: DataSource;
  config: AppConfig;
  databaseUrl: string;
  http(): ReturnType<typeof request>;
  token(personId: string, roles?: PrincipalRole[], jurisdictionIds?: string[]): Promise<string>;
  close(): Promise<void>;
}

async function startInProcessWorker(cfg: AppConfig): Promise<() => Promise<void>> {
  @Module({ imports: [ConfigModule.forRoot(cfg), PersistenceModule.forRootAsync(), ActivitiesModule] })
  class WorkerTestModule {}
  const context = await NestFactory.createApplicationContext(WorkerTestModule, { logger: false });
  const activities = Object.assign({}, ...ACTIVITY_CLASSES.map((cls) => bindActivities(context.get(cls)))) as Record<
    string,
    (...args: unknown[]) => Promise<unknown>
  >;
  // The cluster tier (SHUANGCHA_TEST_WORKERS=2) runs two workers on the queue, each with its own connection.
  const count = Math.max(1, Number(process.env.SHUANGCHA_TEST_WORKERS ?? 1) || 1);
  const bundle = await workflowBundle();
  const workers = await Promise.all(
    Array.from({ length: count }, async () => {
      const connection = await NativeConnection.connect({ address: cfg.TEMPORAL_ADDRESS });
      const worker = await Worker.create({
        sinks: workflowSpanSinks(),
        connection,
        taskQueue: cfg.TEMPORAL_TASK_QUEUE,
        activities,
        workflowBundle: bundle,
        dataConverter: testDataConverter(),
      });
      return { connection, worker, running: worker.run() };
    }),
  );
  return async () => {
    for (const { worker } of workers) worker.shutdown();
    for (const { connection, running } of workers) {
      await running;
      await connection.close();
    }
    await context.close();
  };
}

export async function startGateway(
  options: { worker?: boolean; env?: Record<string, string>; beforeApp?: (ds: DataSource) => Promise<void> } = {},
): Promise<GatewayHarness> {
  const secret = randomBytes(32).toString('hex');
  const db: TestDatabase = await createTestDatabase();
  await runMigrations(db.url);
  const attachmentDir = mkdtempSync(join(tmpdir(), 'shuangcha-attachments-'));
  const dataSource = await createDataSource(db.url).initialize();
  await options.beforeApp?.(dataSource);
  const config = loadConfig({
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: process.env.SHUANGCHA_TEST_TEMPORAL_ADDRESS,
    // Own task queue: no other test file's worker may pick up these workflows.
    TEMPORAL_TASK_QUEUE: `gateway-${randomBytes(4).toString('hex')}`,
    // Dev tokens exist only in an explicitly local environment.
    SHUANGCHA_ENV: 'local',
    AUTH_MODE: 'dev',
    AUTH_DEV_SECRET: secret,
    AUDIT_CHECKPOINT_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    ATTACHMENT_LOCAL_DIR: attachmentDir,
    ...TEST_PAYLOAD_KEYS,
    ...options.env,
  });
  const stopWorker = options.worker ? await startInProcessWorker(config) : undefined;
  const app = await createGatewayApp(config);
  return {
    app,
    dataSource,
    config,
    databaseUrl: db.url,
    http: () => request(app.getHttpServer()),
    token: async (personId, roles = ['staff'], jurisdictionIds = []) =>
      `Bearer ${(await issueDevToken(secret, { personId, roles, jurisdictionIds })).token}`,
    close: async () => {
      await app.close();
      await stopWorker?.();
      await dataSource.destroy();
      await db.drop();
      rmSync(attachmentDir, { recursive: true, force: true });
    },
  };
}

/**
 * A recusal request takes effect when the case's leadership decides RECUSE on the task it opened (DOMAIN §5):
 * the decider answers it as soon as the read model knows the task.
 */
export async function decideRecusal(gw: GatewayHarness, recusalTaskId: string, deciderToken: string): Promise<void> {
  await eventually(async () => {
    const res = await gw
      .http()
      .post(`/tasks/${recusalTaskId}/decision`)
      .set('authorization', deciderToken)
      .set('idempotency-key', `k-${randomUUID()}`)
      .send({ taskVersion: 1, outcome: 'RECUSE' });
    if (res.status === 200) return true;
    if (res.body.code === 'TASK_NOT_FOUND') return undefined;
    throw new Error(`deciding recusal ${recusalTaskId}: ${res.status} ${JSON.stringify(res.body)}`);
  }, `the recusal task ${recusalTaskId} decided`);
}
