import { createHash } from 'node:crypto';
import { policyByVersion, policyVersions } from '@shuangcha/domain/policy';
import type { CaseProjection, DecisionProjection, NotificationRecord, TaskProjection } from '@shuangcha/contracts';
import { CaseDecisionEntity } from '../entities/case-decision.entity';
import { CaseNotificationEntity } from '../entities/case-notification.entity';
import { CaseTaskEntity } from '../entities/case-task.entity';
import { CaseEntity } from '../entities/case.entity';

/**
 * A projection that can never be stored (bad timestamp, negative version). Retrying cannot help, so the
 * activity layer turns this into a non-retryable failure instead of letting Temporal retry forever.
 */
export class InvalidProjectionError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InvalidProjectionError';
  }
}

function toDate(field: string, value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new InvalidProjectionError(field, `not an ISO timestamp (got ${JSON.stringify(value)})`);
  return date;
}

function toNullableDate(field: string, value: string | null): Date | null {
  return value === null ? null : toDate(field, value);
}

const iso = (date: Date): string => date.toISOString();
const isoOrNull = (date: Date | null): string | null => (date === null ? null : date.toISOString());

function checkProjectionVersion(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidProjectionError('projectionVersion', `must be a non-negative safe integer (got ${value})`);
  }
  return value;
}

export function toCaseEntity(p: CaseProjection): CaseEntity {
  return Object.assign(new CaseEntity(), {
    caseId: p.caseId,
    caseNo: p.caseNo,
    kind: p.kind,
    unitId: p.unitId,
    jurisdictionId: p.jurisdictionId,
    stage: p.stage,
    status: p.status,
    policyVersion: p.policyVersion,
    openedBy: p.openedBy,
    openedAt: toDate('openedAt', p.openedAt),
    deadlineAt: toNullableDate('deadlineAt', p.deadlineAt),
    overdue: p.overdue,
    escalationLevel: p.escalationLevel,
    lastActivityAt: toDate('lastActivityAt', p.lastActivityAt),
    closedAt: toNullableDate('closedAt', p.closedAt),
    participantIds: [...p.participantIds],
    targetIds: [...(p.targetIds ?? [])],
    recusedIds: [...(p.recusedIds ?? [])],
    traceBackIntervals: p.traceBackIntervals ? p.traceBackIntervals.map((i) => ({ from: i.from, to: i.to })) : null,
    timeScale: timeScaleOf(p.policyVersion),
    projectionVersion: checkProjectionVersion(p.projectionVersion),
  });
}

/** A version this process does not know runs in real time, as the supervision views have always counted it. */
function timeScaleOf(policyVersion: string): number {
  return policyVersions().includes(policyVersion) ? policyByVersion(policyVersion).timeScale : 1;
}

export function toCaseProjection(e: CaseEntity): CaseProjection {
  return {
    caseId: e.caseId,
    caseNo: e.caseNo,
    kind: e.kind,
    unitId: e.unitId,
    jurisdictionId: e.jurisdictionId,
    stage: e.stage,
    status: e.status,
    policyVersion: e.policyVersion,
    openedBy: e.openedBy,
    openedAt: iso(e.openedAt),
    deadlineAt: isoOrNull(e.deadlineAt),
    overdue: e.overdue,
    escalationLevel: e.escalationLevel,
    lastActivityAt: iso(e.lastActivityAt),
    closedAt: isoOrNull(e.closedAt),
    participantIds: [...e.participantIds],
    targetIds: [...e.targetIds],
    recusedIds: [...e.recusedIds],
    traceBackIntervals: e.traceBackIntervals,
    projectionVersion: e.projectionVersion,
  };
}

export function toCaseTaskEntity(p: TaskProjection): CaseTaskEntity {
  return Object.assign(new CaseTaskEntity(), {
    taskId: p.taskId,
    caseId: p.caseId,
    workflowId: p.workflowId,
    stage: p.stage,
    kind: p.kind,
    title: p.title,
    assigneeId: p.assigneeId,
    candidateRole: p.candidateRole,
    allowedOutcomes: [...p.allowedOutcomes],
    status: p.status,
    version: p.version,
    createdAt: toDate('createdAt', p.createdAt),
    dueAt: toDate('dueAt', p.dueAt),
    dueProvisional: p.dueProvisional,
    warningLevel: p.warningLevel,
    escalationLevel: p.escalationLevel,
    suspended: p.suspended,
    extensionCount: p.extensionCount,
    outcome: p.outcome,
    decidedBy: p.decidedBy,
    decidedAt: toNullableDate('decidedAt', p.decidedAt),
    history: p.history,
    voterIds: [...p.voterIds],
    concernsPersonId: p.concernsPersonId ?? null,
    projectionVersion: checkProjectionVersion(p.projectionVersion),
  });
}

export function toTaskProjection(e: CaseTaskEntity): TaskProjection {
  return {
    taskId: e.taskId,
    caseId: e.caseId,
    workflowId: e.workflowId,
    stage: e.stage,
    kind: e.kind,
    title: e.title,
    assigneeId: e.assigneeId,
    candidateRole: e.candidateRole,
    allowedOutcomes: [...e.allowedOutcomes],
    status: e.status,
    version: e.version,
    createdAt: iso(e.createdAt),
    dueAt: iso(e.dueAt),
    dueProvisional: e.dueProvisional,
    warningLevel: e.warningLevel,
    escalationLevel: e.escalationLevel,
    suspended: e.suspended,
    extensionCount: e.extensionCount,
    outcome: e.outcome,
    decidedBy: e.decidedBy,
    decidedAt: isoOrNull(e.decidedAt),
    history: e.history,
    voterIds: [...e.voterIds],
    concernsPersonId: e.concernsPersonId,
    projectionVersion: e.projectionVersion,
  };
}

export function toCaseDecisionEntity(p: DecisionProjection): CaseDecisionEntity {
  return Object.assign(new CaseDecisionEntity(), {
    decisionKey: p.decisionKey,
    caseId: p.caseId,
    taskId: p.taskId,
    stage: p.stage,
    outcome: p.outcome,
    actorId: p.actorId,
    decidedAt: toDate('decidedAt', p.decidedAt),
    basis: p.basis,
    comment: p.comment,
  });
}

export function toDecisionProjection(e: CaseDecisionEntity): DecisionProjection {
  return {
    decisionKey: e.decisionKey,
    caseId: e.caseId,
    taskId: e.taskId,
    stage: e.stage,
    outcome: e.outcome,
    actorId: e.actorId,
    decidedAt: iso(e.decidedAt),
    basis: e.basis,
    comment: e.comment,
  };
}

/**
 * The API's id of a notification: a digest of its key, so it is stable across retries and path-safe, and
 * names no workflow. Migration 1765400000000 derives the same for rows written before the column existed.
 */
export function notificationIdOf(notificationKey: string): string {
  return `n-${createHash('sha256').update(notificationKey, 'utf8').digest('hex').slice(0, 32)}`;
}

export function toCaseNotificationEntity(p: NotificationRecord): CaseNotificationEntity {
  return Object.assign(new CaseNotificationEntity(), {
    notificationKey: p.notificationKey,
    notificationId: notificationIdOf(p.notificationKey),
    caseId: p.caseId,
    taskId: p.taskId,
    kind: p.kind,
    level: p.level,
    recipientRole: p.recipientRole,
    recipientId: p.recipientId,
    at: toDate('at', p.at),
  });
}

export function toNotificationRecord(e: CaseNotificationEntity): NotificationRecord {
  return {
    notificationKey: e.notificationKey,
    caseId: e.caseId,
    taskId: e.taskId,
    kind: e.kind,
    level: e.level,
    recipientRole: e.recipientRole,
    recipientId: e.recipientId,
    at: iso(e.at),
  };
}
