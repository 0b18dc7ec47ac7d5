import type { TaskHistoryEntry, TaskKind, TaskStatus } from '@shuangcha/domain/case';

/**
 * Shapes the workflows hand to projection activities. Each carries a deterministic key so that a retried
 * activity upserts the same row, and a `projectionVersion` that only grows so stale writes are skipped.
 */
export type CaseKind = 'violation' | 'accountabilityOnly';
export type CaseStatus = 'OPEN' | 'CLOSED';
export type WarningLevel = 'green' | 'yellow' | 'red' | 'overdue';

export interface CaseProjection {
  caseId: string;
  caseNo: string;
  kind: CaseKind;
  unitId: string;
  jurisdictionId: string;
  stage: string;
  status: CaseStatus;
  policyVersion: string;
  openedBy: string;
  openedAt: string;
  deadlineAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  lastActivityAt: string;
  closedAt: string | null;
  /** Person ids with a role in the case family: the need-to-know list. */
  participantIds: string[];
  /**
   * People the case is about (subjects, trace-back candidates): they never see it in lists, whatever
   * role they hold elsewhere (DOMAIN §8). Cases projected before this field existed read as none.
   */
  targetIds?: string[];
  /**
   * People recused from the case (回避, DOMAIN §5): they lose it in lists, supervision views and exports like
   * targets do. Cases projected before this field existed read as none.
   */
  recusedIds?: string[];
  /**
   * The misconduct periods of the case's responsibility trace-back once it opened (null: none opened). Cases
   * projected before this field existed read as none.
   */
  traceBackIntervals?: { from: string; to: string }[] | null;
  projectionVersion: number;
}

/** A case whose responsibility trace-back already covers a unit and period (DOMAIN §3: reuse, not duplicate). */
export interface FiledTraceBack {
  caseId: string;
  caseNo: string;
}

/** How two cases are linked, read from the first case's side. */
export type CaseLinkRelation = 'VIOLATION_CASE_OPENED' | 'OPENED_FROM_REVIEW';

/**
 * A violation case opened for a person found with DIRECT responsibility in a review (DOMAIN §4), linked both
 * ways: the review's case lists the new case, the new case its origin. Written once per review (`linkKey`).
 */
export interface CaseLinkRecord {
  linkKey: string;
  originCaseId: string;
  openedCaseId: string;
  personId: string;
  /** The review that found the direct responsibility. */
  reviewWorkflowId: string;
}

/** A case number allocated for a case a workflow opens; the same `requestKey` gets the same number. */
export interface CaseNumberRequest {
  requestKey: string;
  jurisdictionId: string;
  openedBy: string;
}

export type { TaskHistoryEntry, TaskStatus };

export interface TaskProjection {
  taskId: string;
  caseId: string;
  workflowId: string;
  stage: string;
  kind: TaskKind;
  title: string;
  assigneeId: string;
  candidateRole: string;
  allowedOutcomes: string[];
  status: TaskStatus;
  version: number;
  createdAt: string;
  dueAt: string;
  dueProvisional: boolean;
  warningLevel: WarningLevel;
  escalationLevel: number;
  suspended: boolean;
  extensionCount: number;
  outcome: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  history: TaskHistoryEntry[];
  /** Who votes on a collective decision (集体研究), recused members left out; empty for every other kind. */
  voterIds: string[];
  /**
   * The person the task is about (a recusal decision, a replacement, a re-check of past actions), shown by name
   * and post where people read; null or absent for a task about no one person (workers from before it send none).
   */
  concernsPersonId?: string | null;
  projectionVersion: number;
}

export interface BasisArticle {
  regulation: string;
  revision?: string;
  article: string;
}

export interface DecisionProjection {
  decisionKey: string;
  caseId: string;
  taskId: string;
  stage: string;
  outcome: string;
  actorId: string;
  decidedAt: string;
  basis: BasisArticle[];
  comment: string;
}

/**
 * Everything a decision must make durable before its caller hears "done", written in one transaction:
 * the decision row, its audit entries in order, and the task as it stands once the decision takes effect.
 */
export interface DecisionCommit {
  decision: DecisionProjection;
  audit: AuditEvent[];
  task: TaskProjection;
}

export type NotificationKind = 'reminder' | 'escalation' | 'warning' | 'reassignment';

export interface NotificationRecord {
  notificationKey: string;
  caseId: string;
  taskId: string;
  kind: NotificationKind;
  level: number;
  recipientRole: string;
  /**
   * Null when nobody may receive it: the person the step names is a subject, a trace-back candidate or
   * recused in the case (DOMAIN §8). The row still counts as an escalation for supervision.
   */
  recipientId: string | null;
  at: string;
}

export interface AuditEvent {
  /** Deterministic `${workflowId}:${step}`: the audit row is written once however often the activity retries. */
  eventKey: string;
  caseId: string;
  actorId: string | null;
  action: string;
  at: string;
  before?: unknown;
  after?: unknown;
}
