import type { EntityManager } from 'typeorm';

/** The rows that carry a copy of their case's jurisdiction and unit. */
type ScopedTable = 'case_tasks' | 'case_notifications';

/**
 * Copies the case row's jurisdiction and unit onto its tasks and notifications where they differ (rows
 * written before their case, or a case whose unit changed), so the supervision statistics scan one table
 * per statistic. Callers hold the case row's lock from before their own write, as for `refreshCaseStall`;
 * a task or notification write refreshes only its own table, a case write both.
 */
export async function refreshCaseScope(
  manager: EntityManager,
  caseId: string,
  tables: readonly ScopedTable[] = ['case_tasks', 'case_notifications'],
): Promise<void> {
  for (const table of tables) {
    await manager.query(
      `UPDATE ${table} x SET jurisdiction_id = c.jurisdiction_id, unit_id = c.unit_id
         FROM cases c
        WHERE c.case_id = $1 AND x.case_id = $1
          AND (x.jurisdiction_id, x.unit_id) IS DISTINCT FROM (c.jurisdiction_id, c.unit_id)`,
      [caseId],
    );
  }
}
