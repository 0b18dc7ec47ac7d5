import { Injectable } from '@nestjs/common';
import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource, QueryFailedError } from 'typeorm';
import type {
  AuditEvent,
  CaseProjection,
  DecisionProjection,
  NotificationRecord,
  ProjectionActivities,
  TaskProjection,
} from '@shuangcha/contracts';
import {
  appendAuditEntry,
  insertDecision,
  insertNotification,
  InvalidProjectionError,
  upsertCase,
  upsertTask,
} from '@shuangcha/persistence';

/** Failure type of a write that can never succeed, however often Temporal retries it. */
const PROJECTION_REJECTED = 'ProjectionRejected';

/**
 * SQLSTATE classes 22 (data exception) and 23 (integrity violation) depend only on the payload and the
 * stored rows, so a retry fails the same way; anything else (connection loss, deadlock, a missing grant
 * being fixed) may pass later and is left to the activity retry policy.
 */
async function rejectingUnstorable<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof InvalidProjectionError) {
      throw ApplicationFailure.create({ type: PROJECTION_REJECTED, message: error.message, nonRetryable: true });
    }
    const code: unknown =
      error instanceof QueryFailedError ? (error.driverError as { code?: unknown }).code : undefined;
    if (typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'))) {
      throw ApplicationFailure.create({
        type: PROJECTION_REJECTED,
        message: `SQLSTATE ${code}: ${(error as Error).message}`,
        nonRetryable: true,
      });
    }
    throw error;
  }
}

/**
 * Writes the read model and the audit log. Every method is idempotent by key, so Temporal may retry any
 * of them at will: projections keep the highest projectionVersion, records and audit entries are written
 * once. Methods only (no helpers on the class): `bindActivities` registers every prototype method.
 */
@Injectable()
export class ProjectionActivitiesImpl implements ProjectionActivities {
  constructor(private readonly dataSource: DataSource) {}

  async projectCase(projection: CaseProjection): Promise<void> {
    const written = await rejectingUnstorable(() => upsertCase(this.dataSource.manager, projection));
    log.debug(written ? 'case projected' : 'stale case projection skipped', {
      caseId: projection.caseId,
      projectionVersion: projection.projectionVersion,
    });
  }

  async projectTask(projection: TaskProjection): Promise<void> {
    const written = await rejectingUnstorable(() => upsertTask(this.dataSource.manager, projection));
    log.debug(written ? 'task projected' : 'stale task projection skipped', {
      caseId: projection.caseId,
      taskId: projection.taskId,
      projectionVersion: projection.projectionVersion,
    });
  }

  async recordDecision(decision: DecisionProjection): Promise<void> {
    const written = await rejectingUnstorable(() => insertDecision(this.dataSource.manager, decision));
    log.debug(written ? 'decision recorded' : 'decision already recorded', {
      caseId: decision.caseId,
      decisionKey: decision.decisionKey,
    });
  }

  async recordNotification(notification: NotificationRecord): Promise<void> {
    const written = await rejectingUnstorable(() => insertNotification(this.dataSource.manager, notification));
    log.debug(written ? 'notification recorded' : 'notification already recorded', {
      caseId: notification.caseId,
      notificationKey: notification.notificationKey,
    });
  }

  async appendAudit(event: AuditEvent): Promise<void> {
    const { entry, appended } = await rejectingUnstorable(() => appendAuditEntry(this.dataSource.manager, event));
    log.debug(appended ? 'audit entry appended' : 'audit entry already present', {
      caseId: entry.caseId,
      eventKey: entry.eventKey,
      seq: entry.seq,
    });
  }
}
