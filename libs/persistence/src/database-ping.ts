import type { DataSource } from 'typeorm';

/** The cheapest round trip that proves the database answers; rejects when it does not. */
export async function pingDatabase(dataSource: DataSource): Promise<void> {
  await dataSource.query('SELECT 1');
}
