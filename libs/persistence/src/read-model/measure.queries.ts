import type { EntityManager } from 'typeorm';
import type { MeasureProjection } from '@shuangcha/contracts';
import type { LimitUnit } from '@shuangcha/domain/policy';

interface MeasureRow {
  measure_id: string;
  case_id: string;
  workflow_id: string;
  stage: string;
  kind: MeasureProjection['kind'];
  purpose: string;
  logged_by: string;
  logged_at: Date;
  status: MeasureProjection['status'];
  taken_on: string | null;
  approval_task_id: string | null;
  approver_ids: string[];
  refusal: string | null;
  limit_amount: number | null;
  limit_unit: LimitUnit | null;
  due_on: string | null;
  projection_version: number;
}

const COLUMNS = `measure_id, case_id, workflow_id, stage, kind, purpose, logged_by, logged_at, status,
  to_char(taken_on, 'YYYY-MM-DD') AS taken_on, approval_task_id, approver_ids, refusal, limit_amount, limit_unit,
  to_char(due_on, 'YYYY-MM-DD') AS due_on, projection_version`;

function toMeasureProjection(row: MeasureRow): MeasureProjection {
  return {
    measureId: row.measure_id,
    caseId: row.case_id,
    workflowId: row.workflow_id,
    stage: row.stage,
    kind: row.kind,
    purpose: row.purpose,
    loggedBy: row.logged_by,
    loggedAt: row.logged_at.toISOString(),
    status: row.status,
    takenOn: row.taken_on,
    approvalTaskId: row.approval_task_id,
    approverIds: row.approver_ids,
    refusal: row.refusal,
    limit:
      row.limit_amount === null || row.limit_unit === null ? null : { amount: row.limit_amount, unit: row.limit_unit },
    dueOn: row.due_on,
    projectionVersion: row.projection_version,
  };
}

/** Upserts the measure's row; returns false when the stored row already has this or a newer projectionVersion. */
export async function upsertMeasure(manager: EntityManager, m: MeasureProjection): Promise<boolean> {
  const written: unknown[] = await manager.query(
    `INSERT INTO investigative_measures (measure_id, case_id, workflow_id, stage, kind, purpose, logged_by, logged_at,
       status, taken_on, approval_task_id, approver_ids, refusal, limit_amount, limit_unit, due_on, projection_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     ON CONFLICT (measure_id) DO UPDATE SET status = EXCLUDED.status, taken_on = EXCLUDED.taken_on,
       approval_task_id = EXCLUDED.approval_task_id, approver_ids = EXCLUDED.approver_ids,
       refusal = EXCLUDED.refusal, due_on = EXCLUDED.due_on, projection_version = EXCLUDED.projection_version
     WHERE investigative_measures.projection_version < EXCLUDED.projection_version
     RETURNING measure_id`,
    [
      m.measureId,
      m.caseId,
      m.workflowId,
      m.stage,
      m.kind,
      m.purpose,
      m.loggedBy,
      m.loggedAt,
      m.status,
      m.takenOn,
      m.approvalTaskId,
      m.approverIds,
      m.refusal,
      m.limit?.amount ?? null,
      m.limit?.unit ?? null,
      m.dueOn,
      m.projectionVersion,
    ],
  );
  return written.length > 0;
}

/** The measures logged on a case, oldest first. */
export async function measuresOfCase(manager: EntityManager, caseId: string): Promise<MeasureProjection[]> {
  const rows: MeasureRow[] = await manager.query(
    `SELECT ${COLUMNS} FROM investigative_measures WHERE case_id = $1 ORDER BY logged_at, measure_id`,
    [caseId],
  );
  return rows.map(toMeasureProjection);
}
