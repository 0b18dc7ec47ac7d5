import type {
  AccountabilitySuggestionRecord,
  RectificationItemProjection,
  RectificationListProjection,
} from '@shuangcha/contracts';
import {
  RectificationItemEntity,
  RectificationListEntity,
  RectificationSuggestionEntity,
} from '../entities/rectification.entity';
import { InvalidProjectionError } from './projection.mapper';

function toDate(field: string, value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new InvalidProjectionError(field, `not an ISO timestamp (got ${JSON.stringify(value)})`);
  return date;
}
const toNullableDate = (field: string, value: string | null): Date | null =>
  value === null ? null : toDate(field, value);
const isoOrNull = (date: Date | null): string | null => (date === null ? null : date.toISOString());

function checkVersion(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidProjectionError('projectionVersion', `must be a non-negative safe integer (got ${value})`);
  }
  return value;
}

export function toRectificationListEntity(p: RectificationListProjection): RectificationListEntity {
  if (!(p.timeScale > 0 && p.timeScale <= 1))
    throw new InvalidProjectionError('timeScale', `must be in (0, 1] (got ${p.timeScale})`);
  return Object.assign(new RectificationListEntity(), {
    listId: p.listId,
    listNo: p.listNo,
    source: p.source,
    sourceCaseId: p.sourceCaseId,
    supervisingBodyId: p.supervisingBodyId,
    status: p.status,
    policyVersion: p.policyVersion,
    openedBy: p.openedBy,
    openedAt: toDate('openedAt', p.openedAt),
    completedAt: toNullableDate('completedAt', p.completedAt),
    itemCount: p.itemCount,
    signedOffCount: p.signedOffCount,
    clockEpochAt: toDate('clockEpochAt', p.clockEpochAt),
    timeScale: p.timeScale,
    projectionVersion: checkVersion(p.projectionVersion),
  });
}

export function toRectificationListProjection(e: RectificationListEntity): RectificationListProjection {
  return {
    listId: e.listId,
    listNo: e.listNo,
    source: e.source,
    sourceCaseId: e.sourceCaseId,
    supervisingBodyId: e.supervisingBodyId,
    status: e.status,
    policyVersion: e.policyVersion,
    openedBy: e.openedBy,
    openedAt: e.openedAt.toISOString(),
    completedAt: isoOrNull(e.completedAt),
    itemCount: e.itemCount,
    signedOffCount: e.signedOffCount,
    clockEpochAt: e.clockEpochAt.toISOString(),
    timeScale: e.timeScale,
    projectionVersion: e.projectionVersion,
  };
}

export function toRectificationItemEntity(p: RectificationItemProjection): RectificationItemEntity {
  return Object.assign(new RectificationItemEntity(), {
    listId: p.listId,
    itemKey: p.itemKey,
    workflowId: p.workflowId,
    problem: p.problem,
    measure: p.measure,
    responsiblePersonId: p.responsiblePersonId,
    responsibleUnitId: p.responsibleUnitId,
    state: p.state,
    openedAt: toDate('openedAt', p.openedAt),
    dueAt: toDate('dueAt', p.dueAt),
    submittedAt: toNullableDate('submittedAt', p.submittedAt),
    signedOffAt: toNullableDate('signedOffAt', p.signedOffAt),
    signedOffBy: p.signedOffBy,
    reopenCount: p.reopenCount,
    flaggedToSupervisors: p.flaggedToSupervisors,
    escalationLevel: p.escalationLevel,
    extensionCount: p.extensionCount,
    progressReportCount: p.progressReportCount,
    lastProgressAt: toNullableDate('lastProgressAt', p.lastProgressAt),
    accountabilitySuggestedAt: toNullableDate('accountabilitySuggestedAt', p.accountabilitySuggestedAt),
    evidenceRequirements: p.evidenceRequirements.map((r) => ({ ...r })),
    evidence: p.evidence.map((e) => ({ ...e })),
    projectionVersion: checkVersion(p.projectionVersion),
  });
}

export function toRectificationItemProjection(e: RectificationItemEntity): RectificationItemProjection {
  return {
    listId: e.listId,
    itemKey: e.itemKey,
    workflowId: e.workflowId,
    problem: e.problem,
    measure: e.measure,
    responsiblePersonId: e.responsiblePersonId,
    responsibleUnitId: e.responsibleUnitId,
    state: e.state,
    openedAt: e.openedAt.toISOString(),
    dueAt: e.dueAt.toISOString(),
    submittedAt: isoOrNull(e.submittedAt),
    signedOffAt: isoOrNull(e.signedOffAt),
    signedOffBy: e.signedOffBy,
    reopenCount: e.reopenCount,
    flaggedToSupervisors: e.flaggedToSupervisors,
    escalationLevel: e.escalationLevel,
    extensionCount: e.extensionCount,
    progressReportCount: e.progressReportCount,
    lastProgressAt: isoOrNull(e.lastProgressAt),
    accountabilitySuggestedAt: isoOrNull(e.accountabilitySuggestedAt),
    evidenceRequirements: e.evidenceRequirements,
    evidence: e.evidence,
    projectionVersion: e.projectionVersion,
  };
}

export function toRectificationSuggestionEntity(s: AccountabilitySuggestionRecord): RectificationSuggestionEntity {
  return Object.assign(new RectificationSuggestionEntity(), {
    suggestionKey: s.suggestionKey,
    listId: s.listId,
    itemKey: s.itemKey,
    responsibleUnitId: s.responsibleUnitId,
    responsiblePersonId: s.responsiblePersonId,
    dueAt: toDate('dueAt', s.dueAt),
    daysOverdue: s.daysOverdue,
    suggestedAt: toDate('suggestedAt', s.suggestedAt),
  });
}
