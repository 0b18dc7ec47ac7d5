import type { DataSource } from 'typeorm';
import { createDataSource } from '../create-data-source';
import { runMigrations } from '../schema';
import { asRole, createTestDatabase, type TestDatabase } from './test-database';

/**
 * A migrated database of its own for one spec file, reached twice: as its owner (who may do what the app
 * role is refused, e.g. tamper with the audit log) and as the app role. Call inside a `describe`.
 */
export function ownerAndAppConnections(): { owner(): DataSource; app(): DataSource } {
  let db: TestDatabase | undefined;
  let owner: DataSource | undefined;
  let app: DataSource | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    await runMigrations(db.url);
    owner = await createDataSource(db.url).initialize();
    app = await createDataSource(asRole(db.url, 'shuangcha_app')).initialize();
  });
  afterAll(async () => {
    await Promise.all([owner?.destroy(), app?.destroy()]);
    await db?.drop();
  });
  return { owner: () => owner!, app: () => app! };
}
