import type { EntityManager } from 'typeorm';

/** Task kinds that wait on an approver (`stallWaitingOn` in libs/domain). */
export const APPROVAL_KINDS = `'approval', 'collectiveDecision', 'extensionApproval', 'suspensionApproval', 'measureApproval'`;

/**
 * Sets the case row's `approval_pending_since` from its open approval tasks as they stand in this
 * transaction. Callers hold the case row's lock from before their task write (`lockCaseRow`), so two task
 * writes of one case run one after the other and the second sees the first's task.
 */
export async function refreshCaseStall(manager: EntityManager, caseId: string): Promise<void> {
  await manager.query(
    `UPDATE cases c SET approval_pending_since = a.since
       FROM (SELECT min(t.created_at) AS since FROM case_tasks t
              WHERE t.case_id = $1 AND t.status = 'OPEN' AND t.kind IN (${APPROVAL_KINDS})) a
      WHERE c.case_id = $1 AND c.approval_pending_since IS DISTINCT FROM a.since`,
    [caseId],
  );
}

/** Takes the case row's lock for the rest of the transaction; a case not yet projected has no row to lock. */
export async function lockCaseRow(manager: EntityManager, caseId: string): Promise<void> {
  await manager.query(`SELECT 1 FROM cases WHERE case_id = $1 FOR NO KEY UPDATE`, [caseId]);
}

/**
 * `refreshCaseStall` and `refreshCaseScope` of the tasks in one statement, for a task write: a decision's
 * commit makes one round trip for both (issue 17). The case row's update and the tasks' update touch
 * different tables, so neither sees the other's change, and neither needs to.
 */
export async function refreshAfterTaskWrite(manager: EntityManager, caseId: string): Promise<void> {
  await manager.query(
    `WITH stall AS (
       UPDATE cases c SET approval_pending_since = a.since
         FROM (SELECT min(t.created_at) AS since FROM case_tasks t
                WHERE t.case_id = $1 AND t.status = 'OPEN' AND t.kind IN (${APPROVAL_KINDS})) a
        WHERE c.case_id = $1 AND c.approval_pending_since IS DISTINCT FROM a.since
        RETURNING 1)
     UPDATE case_tasks x SET jurisdiction_id = c.jurisdiction_id, unit_id = c.unit_id
       FROM cases c
      WHERE c.case_id = $1 AND x.case_id = $1
        AND (x.jurisdiction_id, x.unit_id) IS DISTINCT FROM (c.jurisdiction_id, c.unit_id)`,
    [caseId],
  );
}
