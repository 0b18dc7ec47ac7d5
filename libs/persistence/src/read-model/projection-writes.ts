import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type {
  CaseProjection,
  DecisionCommit,
  DecisionProjection,
  NotificationRecord,
  TaskProjection,
} from '@shuangcha/contracts';
import { appendAuditEntries } from '../audit/audit-log';
import { CaseDecisionEntity } from '../entities/case-decision.entity';
import { CaseNotificationEntity } from '../entities/case-notification.entity';
import { CaseTaskEntity } from '../entities/case-task.entity';
import { CaseEntity } from '../entities/case.entity';
import { refreshCaseScope } from './case-scope';
import { lockCaseRow, refreshAfterTaskWrite, refreshCaseStall } from './case-stall';
import { withheldFrom } from './notification.queries';
import { toCaseDecisionEntity, toCaseEntity, toCaseNotificationEntity, toCaseTaskEntity } from './projection.mapper';

type OnConflict =
  /** Immutable records: the first write under a key wins, a retry changes nothing. */
  | 'do-nothing'
  /** Projections: overwrite only with a strictly newer `projection_version`, so a late retry cannot roll back. */
  | 'update-if-newer';

/**
 * `INSERT … ON CONFLICT (<primary key>) …` built from the entity metadata, so the column list cannot drift
 * from the entities. Values go through the driver's own conversion (jsonb, timestamptz, transformers).
 * Returns whether a row was inserted or updated.
 */
export async function writeRow<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  row: T,
  onConflict: OnConflict,
): Promise<boolean> {
  const metadata = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  const q = (name: string) => driver.escape(name);
  // Columns declared neither insertable nor updatable are kept by their own writer (`refreshCaseStall`).
  const columns = metadata.columns.filter(
    (column) => column !== metadata.updateDateColumn && (column.isInsert || column.isUpdate),
  );
  const params = columns.map((column) => driver.preparePersistentValue(column.getEntityValue(row), column));
  const keys = metadata.primaryColumns.map((column) => q(column.databaseName)).join(', ');
  let sql =
    `INSERT INTO ${q(metadata.tableName)} AS existing (${columns.map((c) => q(c.databaseName)).join(', ')}) ` +
    `VALUES (${params.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT (${keys}) `;
  if (onConflict === 'do-nothing') {
    sql += 'DO NOTHING';
  } else {
    const assignments = columns
      .filter((column) => !column.isPrimary)
      .map((column) => `${q(column.databaseName)} = EXCLUDED.${q(column.databaseName)}`);
    if (metadata.updateDateColumn) assignments.push(`${q(metadata.updateDateColumn.databaseName)} = now()`);
    sql += `DO UPDATE SET ${assignments.join(', ')} WHERE existing.projection_version < EXCLUDED.projection_version`;
  }
  const written: unknown[] = await manager.query(`${sql} RETURNING 1`, params);
  return written.length === 1;
}

/**
 * Upserts the case row; returns false when the stored row already has this or a newer projectionVersion.
 * Tasks projected before their case's first row count from that row on.
 */
export function upsertCase(manager: EntityManager, projection: CaseProjection): Promise<boolean> {
  return manager.transaction(async (tx) => {
    const written = await writeRow(tx, CaseEntity, toCaseEntity(projection), 'update-if-newer');
    if (written) {
      await refreshCaseStall(tx, projection.caseId);
      await refreshCaseScope(tx, projection.caseId);
    }
    return written;
  });
}

/**
 * Upserts the task row and, in the same transaction, what the case row derives from its tasks; returns
 * false when the stored row already has this or a newer projectionVersion.
 */
export function upsertTask(manager: EntityManager, projection: TaskProjection): Promise<boolean> {
  return inTransaction(manager, async (tx) => {
    await lockCaseRow(tx, projection.caseId);
    const written = await writeRow(tx, CaseTaskEntity, toCaseTaskEntity(projection), 'update-if-newer');
    if (written) await refreshAfterTaskWrite(tx, projection.caseId);
    return written;
  });
}

/** `fn` in `manager`'s transaction when it has one (a decision's commit), else in one of its own: no savepoint. */
function inTransaction<T>(manager: EntityManager, fn: (tx: EntityManager) => Promise<T>): Promise<T> {
  return manager.queryRunner?.isTransactionActive ? fn(manager) : manager.transaction(fn);
}

/** Records a decision once; returns false when its decisionKey was already recorded. */
export function insertDecision(manager: EntityManager, decision: DecisionProjection): Promise<boolean> {
  return writeRow(manager, CaseDecisionEntity, toCaseDecisionEntity(decision), 'do-nothing');
}

/**
 * Records a notification once; returns false when its notificationKey was already recorded. A recipient the
 * case row names as a person the case is about is dropped (DOMAIN §8), whatever the workflow passed.
 */
export function insertNotification(manager: EntityManager, notification: NotificationRecord): Promise<boolean> {
  return manager.transaction(async (tx) => {
    await lockCaseRow(tx, notification.caseId);
    const recipientId = notification.recipientId;
    const withheld =
      recipientId !== null &&
      (
        (await tx.query(`SELECT 1 FROM cases c WHERE c.case_id = $1 AND ${withheldFrom('$2')}`, [
          notification.caseId,
          recipientId,
        ])) as unknown[]
      ).length > 0;
    const row = toCaseNotificationEntity(withheld ? { ...notification, recipientId: null } : notification);
    const written = await writeRow(tx, CaseNotificationEntity, row, 'do-nothing');
    if (written) await refreshCaseScope(tx, notification.caseId, ['case_notifications']);
    return written;
  });
}

/**
 * A decision's record, its audit entries and its task row in one transaction: either all are stored or
 * none, so the caller is told "done" only when the decision and its audit trail both exist. Each part is
 * idempotent by its own key, so a retried commit writes nothing twice.
 */
export async function commitDecision(
  manager: EntityManager,
  commit: DecisionCommit,
): Promise<{ recorded: boolean; audited: number; projected: boolean }> {
  return manager.transaction(async (tx) => {
    const recorded = await insertDecision(tx, commit.decision);
    const audited = (await appendAuditEntries(tx, commit.audit)).filter((result) => result.appended).length;
    const projected = await upsertTask(tx, commit.task);
    return { recorded, audited, projected };
  });
}
