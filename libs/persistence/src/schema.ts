import type { DataSource } from 'typeorm';
import { createDataSource } from './create-data-source';

/** Applies pending migrations in one transaction; returns the names applied. For deploy steps and tests. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = createDataSource(url, { applicationName: 'shuangcha-migrations' });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * The SQL TypeORM's schema builder would still run to make the database match the entities. Empty after
 * the migrations means the hand-written SQL and the entities agree (STYLE.md §6 drift check).
 */
export async function checkSchemaDrift(dataSource: DataSource): Promise<string[]> {
  const pending = await dataSource.driver.createSchemaBuilder().log();
  return pending.upQueries.map((query) => query.query);
}
