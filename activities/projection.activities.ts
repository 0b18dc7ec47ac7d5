import { Injectable } from '@nestjs/common';
import { log } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import type {
  AuditEvent,
  CaseProjection,
  DecisionCommit,
  DecisionProjection,
  FiledTraceBack,
  MeasureProjection,
  NotificationRecord,
  ProjectionActivities,
  TaskProjection,
} from '@shuangcha/contracts';
import {
  appendAuditEntry,
  commitDecision,
  insertDecision,
  insertNotification,
  traceBacksOfUnit,
  upsertMeasure,
  upsertCase,
  upsertTask,
} from '@shuangcha/persistence';
import { sameTraceBackPeriod } from '@shuangcha/domain/case';
import { rejectingUnstorable } from './unstorable';

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

  async findFiledTraceBack(query: {
    caseId: string;
    unitId: string;
    misconductIntervals: { from: string; to: string }[];
  }): Promise<FiledTraceBack | null> {
    const filed = await traceBacksOfUnit(this.dataSource.manager, query.unitId, query.caseId);
    const match = filed.find((f) => sameTraceBackPeriod(f.intervals, query.misconductIntervals));
    return match ? { caseId: match.caseId, caseNo: match.caseNo } : null;
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

  async commitDecision(commit: DecisionCommit): Promise<void> {
    const written = await rejectingUnstorable(() => commitDecision(this.dataSource.manager, commit));
    log.debug(written.recorded ? 'decision committed' : 'decision already committed', {
      caseId: commit.decision.caseId,
      decisionKey: commit.decision.decisionKey,
      auditEntries: written.audited,
      taskProjected: written.projected,
    });
  }

  async projectMeasure(projection: MeasureProjection): Promise<void> {
    const written = await rejectingUnstorable(() => upsertMeasure(this.dataSource.manager, projection));
    log.debug(written ? 'measure projected' : 'stale measure projection skipped', {
      caseId: projection.caseId,
      measureId: projection.measureId,
      projectionVersion: projection.projectionVersion,
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
