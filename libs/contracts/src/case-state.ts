import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Participants } from './case-workflow';
import type { TaskProjection } from './projection';

// ---- what a case and its investigations show, and what passes between them --------------------------

export interface TimelineEntry {
  at: string;
  stage: string;
  action: string;
  actorId: string | null;
  outcome?: string;
  comment?: string;
  basis?: { regulation: string; revision?: string; article: string }[];
  /** The day the step was taken, when it was recorded on a later day. */
  decidedOn?: string;
  /**
   * A collective decision's dissent (集体研究, recorded objections): who voted otherwise, as ids the gateway names,
   * never ids in the comment. Empty when nobody dissented.
   */
  dissent?: { personId: string; outcome: string; reason?: string }[];
}

export interface ConflictEntry {
  personId: string;
  ground: 'RELATIVE' | 'WITNESS' | 'INTEREST' | 'FORMER_SUBORDINATE' | 'SUBJECT' | 'CANDIDATE' | 'OTHER';
  source: 'declared' | 'requested' | 'derived';
  declaredBy: string | null;
  at: string;
  /** Who decided the recusal (DOMAIN §5); absent for derived conflicts and for those registered before decisions. */
  decidedBy?: string | null;
}

/** A recusal request and what became of it. */
export interface RecusalRequest {
  personId: string;
  ground: ConflictEntry['ground'];
  requestedBy: string;
  reason: string;
  taskId: string;
  status: 'PENDING' | 'RECUSED' | 'REJECTED';
  decidedBy: string | null;
  /** Tasks opened for the leader in charge to name who takes over the person's single-holder roles. */
  replacementTaskIds: string[];
  /** The task that re-checks the recused person's past actions in the case (DOMAIN §5), once RECUSED. */
  recheckTaskId?: string;
}

/**
 * What a conflict does to the person's access (DOMAIN §5, §8). Subjects and trace-back candidates are the
 * people the case is about (targets); every other ground is a recusal (回避): either way the person loses
 * the case and its children from the moment the entry is in the registry.
 */
const ACCESS_EFFECT: Record<ConflictEntry['ground'], 'target' | 'recused'> = {
  SUBJECT: 'target',
  CANDIDATE: 'target',
  RELATIVE: 'recused',
  WITNESS: 'recused',
  INTEREST: 'recused',
  FORMER_SUBORDINATE: 'recused',
  OTHER: 'recused',
};

/** The person ids need-to-know excludes, split as the read model keeps them (`target_ids`, `recused_ids`). */
export function excludedPersons(conflicts: readonly ConflictEntry[]): { targetIds: string[]; recusedIds: string[] } {
  const of = (effect: 'target' | 'recused') => [
    ...new Set(conflicts.filter((c) => ACCESS_EFFECT[c.ground] === effect).map((c) => c.personId)),
  ];
  return { targetIds: of('target'), recusedIds: of('recused') };
}

export interface InvestigationState {
  workflowId: string;
  caseId: string;
  stage: string;
  tasks: Omit<TaskProjection, 'projectionVersion'>[];
  timeline: TimelineEntry[];
  deadlineAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  concluded: boolean;
  /** Who carries out preliminary verification and investigation (DOMAIN §2), by stage, once named. */
  teams?: Record<string, string[]>;
}

export interface CaseState {
  caseId: string;
  caseNo: string;
  kind: 'violation' | 'accountabilityOnly';
  status: 'OPEN' | 'CLOSED';
  stage: string;
  unitId: string;
  jurisdictionId: string;
  policyVersion: string;
  openedBy: string;
  openedAt: string;
  /** The day the lead was received; absent on runs from before dates of record. */
  leadReceivedOn?: string;
  closedAt: string | null;
  deadlineAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  participantIds: string[];
  conflicts: ConflictEntry[];
  dualInvestigation: {
    suggested: boolean;
    reasons: string[];
    decision: 'TRIGGER' | 'DECLINE' | null;
    decidedBy: string | null;
    reason: string | null;
    /** The request to open the trace-back and the principal leader's answer (AR art. 9); absent on older runs. */
    opening?: TraceBackOpeningRequest;
    /** The case whose filed trace-back covers this unit and period, reused instead of a second one (DOMAIN §3). */
    linkedCase?: { caseId: string; caseNo: string };
  };
  children: { role: 'violation' | 'traceBack'; workflowId: string; status: 'RUNNING' | 'CONCLUDED' }[];
  timeline: TimelineEntry[];
  /** Recusal requests and their decisions; absent on runs from before requests were decided. */
  recusals?: RecusalRequest[];
  /**
   * 整改: how many problems staff recorded for rectification, and the problem list the case opened from them
   * when it closed (`rectification-<listNo>`); absent on runs from before rectification from findings.
   */
  rectification?: { findings: number; listId: string | null };
  /** The case's own tasks (recusal decisions, replacements). */
  tasks?: Omit<TaskProjection, 'projectionVersion'>[];
}

/** 启动倒查审批: the request to open the trace-back, decided by the principal leader (AR art. 9). */
export interface TraceBackOpeningRequest {
  requestedBy: string;
  reason: string;
  /** The principal leader's task; null when the principal leader opened it directly. */
  taskId: string | null;
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  decidedBy: string | null;
  /** Why the principal leader refused; null otherwise. */
  refusal: string | null;
}

/** A child's progress, sent to the case so the case row (single writer) stays current. */
export interface ChildProgress {
  role: 'violation' | 'traceBack';
  stage: string;
  deadlineAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  concluded: boolean;
  timelineEntry?: TimelineEntry;
  /**
   * Counts up per child. Signals to another workflow may arrive out of order, so the parent applies the
   * state of a progress only when it is newer than the last one it applied (the timeline entry always).
   */
  seq?: number;
}

export const getCaseState = defineQuery<CaseState>('getCaseState');
export const getInvestigationState = defineQuery<InvestigationState>('getInvestigationState');
export const childProgress = defineSignal<[ChildProgress]>('childProgress');
export const conflictsChanged = defineSignal<[ConflictEntry[]]>('conflictsChanged');
/** A recused single-holder was replaced: the case's participants as they now stand (case → children). */
export const participantsChanged = defineSignal<[Participants]>('participantsChanged');

export interface ViolationInvestigationInput {
  caseId: string;
  caseNo: string;
  caseEpochMs: number;
  policyVersion: string;
  participants: Participants;
  subjectIds: string[];
  conflicts: ConflictEntry[];
  /** The first stage's time limit counts from this day (date of record). */
  leadReceivedOn?: string;
  /** Decides the approval route of lead disposal and filing (DOMAIN §2); absent on runs from before. */
  subjectManagedBySameLevelCommittee?: boolean;
}

export interface ViolationInvestigationResult {
  finalOutcome: string;
  sanction: string | null;
  appealed: boolean;
  appealOutcome: string | null;
}
