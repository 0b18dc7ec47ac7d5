import type {
  AuditEvent,
  CaseProjection,
  DecisionProjection,
  NotificationRecord,
  TaskProjection,
} from '@shuangcha/contracts';

let counter = 0;
const unique = (prefix: string): string => `${prefix}-${process.pid}-${++counter}`;

export function aCaseProjection(overrides: Partial<CaseProjection> = {}): CaseProjection {
  const caseId = overrides.caseId ?? unique('case');
  return {
    caseId,
    caseNo: unique('SC-2026'),
    kind: 'violation',
    unitId: 'unit-7',
    jurisdictionId: 'jur-1',
    stage: 'preliminaryVerification',
    status: 'OPEN',
    policyVersion: 'dom-2026.1',
    openedBy: 'person-1',
    openedAt: '2026-03-02T01:00:00.000Z',
    deadlineAt: '2026-04-01T09:00:00.000Z',
    overdue: false,
    escalationLevel: 0,
    lastActivityAt: '2026-03-02T01:00:00.000Z',
    closedAt: null,
    participantIds: ['person-1', 'person-2'],
    targetIds: ['person-9'],
    recusedIds: ['person-8'],
    traceBackIntervals: null,
    projectionVersion: 1,
    ...overrides,
  };
}

export function aTaskProjection(overrides: Partial<TaskProjection> = {}): TaskProjection {
  return {
    taskId: unique('task'),
    caseId: unique('case'),
    workflowId: 'case-SC-2026-1',
    stage: 'trialReview',
    kind: 'decision',
    title: 'Trial review decision',
    assigneeId: 'person-3',
    candidateRole: 'trialReviewer',
    allowedOutcomes: ['sanction', 'noSanction'],
    status: 'OPEN',
    version: 1,
    createdAt: '2026-03-05T02:00:00.000Z',
    dueAt: '2026-03-12T09:00:00.000Z',
    dueProvisional: false,
    warningLevel: 'green',
    escalationLevel: 0,
    suspended: false,
    extensionCount: 0,
    outcome: null,
    decidedBy: null,
    decidedAt: null,
    history: [{ at: '2026-03-05T02:00:00.000Z', action: 'created', actorId: null }],
    voterIds: [],
    concernsPersonId: null,
    projectionVersion: 1,
    ...overrides,
  };
}

export function aDecision(overrides: Partial<DecisionProjection> = {}): DecisionProjection {
  return {
    decisionKey: unique('decision'),
    caseId: unique('case'),
    taskId: unique('task'),
    stage: 'trialReview',
    outcome: 'sanction',
    actorId: 'person-3',
    decidedAt: '2026-03-10T03:00:00.000Z',
    basis: [{ regulation: 'CPC Disciplinary Regulations', revision: '2023', article: '7' }],
    comment: 'Facts established.',
    ...overrides,
  };
}

export function aNotification(overrides: Partial<NotificationRecord> = {}): NotificationRecord {
  return {
    notificationKey: unique('notification'),
    caseId: unique('case'),
    taskId: unique('task'),
    kind: 'reminder',
    level: 1,
    recipientRole: 'trialReviewer',
    recipientId: 'person-3',
    at: '2026-03-11T01:00:00.000Z',
    ...overrides,
  };
}

export function anAuditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    eventKey: unique('case-SC-2026-1:step'),
    caseId: unique('case'),
    actorId: 'person-1',
    action: 'stageChanged',
    at: '2026-03-02T01:00:00.000Z',
    before: { stage: 'filing' },
    after: { stage: 'preliminaryVerification' },
    ...overrides,
  };
}
