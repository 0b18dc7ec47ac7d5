import type { DataSource } from 'typeorm';
import { createDataSource, loadSampleOrgIfEmpty } from '../../libs/persistence/src';

/**
 * Server-allocated case numbers count from 1 in each fresh test database, but every test file of a run shares
 * one Temporal server, which never reuses a workflow id: two files opening the first county case would meet.
 * Each file's counters start at their own offset instead, taken from a clock that advances 10 per second
 * (files run one after another, seconds apart), so a file's numbers never reach the next file's.
 */
export const CASE_NUMBER_OFFSET = 1000 + (Math.floor(Date.now() / 100) % 800_000);

export async function startCaseNumbersAtOffset(dataSource: DataSource, jurisdictionIds: string[]): Promise<void> {
  const year = new Date().getUTCFullYear();
  for (const jurisdictionId of jurisdictionIds)
    for (const y of [year, year + 1])
      await dataSource.query(
        `INSERT INTO case_number_counters (jurisdiction_id, year, last_seq) VALUES ($1, $2, $3)
           ON CONFLICT (jurisdiction_id, year) DO NOTHING`,
        [jurisdictionId, y, CASE_NUMBER_OFFSET],
      );
}

/**
 * A stack's `beforeStart` for files that work on the sample org and open cases with server-allocated
 * numbers: the org model, and both sample commissions' counters at this file's offset.
 */
export async function loadSampleOrgWithOwnCaseNumbers(databaseUrl: string): Promise<void> {
  const dataSource = await createDataSource(databaseUrl).initialize();
  try {
    await loadSampleOrgIfEmpty(dataSource);
    await startCaseNumbersAtOffset(dataSource, ['u-county-committee', 'u-city-committee']);
  } finally {
    await dataSource.destroy();
  }
}
