import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { personId, orgId, localDate } from './ids';
import { safeText } from './safe-text';
import {
  ACCOUNTABILITY_FORMS,
  EXEMPTION_GROUNDS,
  MODIFIER_KINDS,
  ORG_ADJUSTMENT_OPTIONS,
  type AccountabilityMeasures,
  type AccountabilitySummary,
  type RemovedCandidate,
  type ReviewResult,
  type ReviewStage,
} from '@shuangcha/domain/accountability';
import type { OrgSnapshot } from '@shuangcha/domain/org';
import type { ResponsibilityKind, TraceBackProblem } from '@shuangcha/domain/trace-back';
import type { ConflictEntry, InvestigationState, ViolationInvestigationInput } from './case-state';
import { basisArticleSchema, type Participants } from './case-workflow';
import { versionedTaskAction } from './task-action';

const reason = safeText(4000).trim().min(1);

/** 责任倒查 as the case's accountability child. The parent passes the case findings it knows at start. */
export interface ResponsibilityTraceBackInput extends ViolationInvestigationInput {
  unitId: string;
  misconductIntervals: { from: string; to: string }[];
  domains: string[];
  /** The case's jurisdiction, for a case the trace-back's reviews open; absent on runs from before. */
  jurisdictionId?: string;
  /** Commission body running the case; defaults to the one with jurisdiction over `unitId`. */
  handlingCommissionBodyId?: string;
  /** Trace-back rule options (`min_overlap_days`, `traceback_levels`); policy defaults when absent. */
  traceBackOptions?: { minOverlapDays: number; tracebackLevels: number };
}

/** Findings of the violation investigation that feed the trace-back (issue 5 §6). */
export const findingsSchema = z
  .object({
    actorId: personId,
    misconductIntervals: z.array(z.object({ from: localDate, to: localDate }).strict()).max(20),
    domains: z.array(safeText(40).min(1)).max(20),
    subjectIds: z.array(personId).min(1).max(50),
    /** What changed, for the staff who re-check the candidate list. Ids and facts only. */
    note: safeText(4000).default(''),
  })
  .strict();
export type FindingsInput = z.infer<typeof findingsSchema>;

/** The fields of a manual addition; the HTTP body omits the actor, so the refinement is kept apart. */
export const candidateAdditionFieldsSchema = z
  .object({
    actorId: personId,
    target: z.enum(['person', 'organization']),
    personId: personId.optional(),
    organizationBodyId: orgId.optional(),
    responsibility: z.enum(['primaryResponsibility', 'supervisoryResponsibility']),
    suggestedType: z.enum(['MAIN_LEADERSHIP', 'IMPORTANT_LEADERSHIP', 'DIRECT']),
    /** Body that decides on the target when it is not the same-level committee (referral). */
    decidingBodyId: orgId.nullable().default(null),
    referral: z.boolean().default(false),
    reason,
  })
  .strict();
export const namesOneTarget = (a: {
  target: 'person' | 'organization';
  personId?: string;
  organizationBodyId?: string;
}) =>
  a.target === 'person'
    ? a.personId !== undefined && a.organizationBodyId === undefined
    : a.organizationBodyId !== undefined && a.personId === undefined;
export const ONE_TARGET_MESSAGE = 'a person candidate names personId, an organization candidate organizationBodyId';
export const candidateAdditionSchema = candidateAdditionFieldsSchema.refine(namesOneTarget, {
  message: ONE_TARGET_MESSAGE,
});
export type CandidateAdditionInput = z.infer<typeof candidateAdditionSchema>;

export const candidateRemovalSchema = z
  .object({ actorId: personId, candidateKey: safeText(80).min(3), reason })
  .strict();
export type CandidateRemovalInput = z.infer<typeof candidateRemovalSchema>;

export const accountabilityMeasuresSchema = z
  .object({
    forms: z.array(z.enum(ACCOUNTABILITY_FORMS)).max(6),
    orgAdjustmentOption: z.enum(ORG_ADJUSTMENT_OPTIONS).optional(),
    modifiers: z
      .array(
        z
          .object({
            kind: z.enum(MODIFIER_KINDS),
            ground: z.enum(EXEMPTION_GROUNDS).optional(),
            text: safeText(4000),
          })
          .strict(),
      )
      .max(3)
      .default([]),
  })
  .strict();

/** A decision on a review task that carries measures: a proposal, a managing body's amended decision, an amended appeal. */
export const accountabilityDecisionSchema = z
  .object({
    ...versionedTaskAction,
    outcome: safeText(40).min(1),
    measures: accountabilityMeasuresSchema,
    comment: safeText(4000).default(''),
    basis: z.array(basisArticleSchema).max(20).default([]),
  })
  .strict();
export type AccountabilityDecisionInput = z.infer<typeof accountabilityDecisionSchema>;

/** A trace-back candidate as confirmed by staff: the rule's finding, or a manual addition with its reason. */
export interface CandidateEntry {
  candidateKey: string;
  target: 'person' | 'organization';
  personId: string | null;
  organizationBodyId: string | null;
  responsibility: ResponsibilityKind;
  suggestedType: 'MAIN_LEADERSHIP' | 'IMPORTANT_LEADERSHIP' | 'DIRECT';
  /** The trace-back rule, or `MANUAL` for a candidate staff added. */
  rule: string;
  reason: string;
  overlapDays: number | null;
  decidingBodyId: string | null;
  referral: boolean;
  exemptionHint: string | null;
  addedBy: string | null;
  /** Further rules that matched the same target (one review per target). */
  alsoMatched: string[];
}

export interface ResponsibilityReviewInput {
  caseId: string;
  caseNo: string;
  caseEpochMs: number;
  policyVersion: string;
  participants: Participants;
  conflicts: ConflictEntry[];
  candidate: CandidateEntry;
  /** Person candidates of the same body under review too, for the AR art. 6 coverage warning. */
  memberReviews: number;
  /**
   * What a violation case opened for a DIRECT determination starts from (the case's unit, jurisdiction and
   * the trace-back's findings); absent on runs from before, which only audit the suggestion.
   */
  caseContext?: {
    unitId: string;
    jurisdictionId: string;
    domains: string[];
    misconductIntervals: { from: string; to: string }[];
  };
}

/** 组织调整执行: case management records that the adjustment was carried out, within 1 month (DOMAIN §4). */
export interface ExecutionRecord {
  status: 'OPEN' | 'RECORDED';
  taskId: string;
  dueAt: string;
  /** The day it was carried out (the decision's date of record). */
  executedOn: string | null;
  withinLimit: boolean | null;
  recordedBy: string | null;
}

/** The violation case proposed for a person found with DIRECT responsibility, and what became of it. */
export interface ViolationCaseProposal {
  status: 'PROPOSED' | 'OPENED' | 'DECLINED';
  taskId: string;
  decidedBy: string | null;
  /** Why the principal leader refused; null otherwise. */
  refusal: string | null;
  caseId: string | null;
  caseNo: string | null;
}

export interface ReviewState {
  workflowId: string;
  candidateKey: string;
  stage: ReviewStage;
  determination: string | null;
  measures: AccountabilityMeasures | null;
  authority: string | null;
  warnings: string[];
  appealWindowEndsAt: string | null;
  /** Absent on runs from before DIRECT led to a proposed case. */
  violationCase?: ViolationCaseProposal | null;
  /** The record that an organisational adjustment was carried out (组织调整执行); absent without one. */
  execution?: ExecutionRecord | null;
  tasks: InvestigationState['tasks'];
  overdue: boolean;
  escalationLevel: number;
  result: ReviewResult | null;
  /** 整改问题 recorded in the review and the problem list it opened once final; absent on older runs. */
  rectification?: { findings: number; listId: string | null };
}

export interface ReviewProgress {
  candidateKey: string;
  stage: ReviewStage;
  deadlineAt: string | null;
  overdue: boolean;
  escalationLevel: number;
}

export type TraceBackStage = 'loadingOrg' | 'candidateConfirmation' | 'reviews' | 'summarizing' | 'concluded';

export interface AccountabilityState {
  workflowId: string;
  caseId: string;
  stage: TraceBackStage;
  snapshotAsOf: string | null;
  /** sha256 of the canonical JSON of the org snapshot the candidates were computed from. */
  snapshotHash: string | null;
  /** The misconduct periods the candidates are computed against (the latest findings). */
  misconductIntervals: { from: string; to: string }[];
  /** Why the rules found fewer candidates than they might (unknown unit, no org model): staff add them by hand. */
  problems: (TraceBackProblem | { code: 'ORG_MODEL_MISSING'; path: string; message: string })[];
  candidates: CandidateEntry[];
  removedCandidates: RemovedCandidate[];
  pendingRemovals: { candidateKey: string; taskId: string; requestedBy: string; reason: string }[];
  /** Candidates a re-run on changed findings would add or drop, until staff re-check. */
  recheck: { findingsVersion: number; wouldAdd: string[]; wouldDrop: string[]; taskId: string | null } | null;
  reviews: (ReviewProgress & { workflowId: string; final: boolean })[];
  tasks: InvestigationState['tasks'];
  summary: AccountabilitySummary | null;
}

export interface ResponsibilityTraceBackResult {
  outcome: 'CONCLUDED';
  summary: AccountabilitySummary;
}

export interface AccountabilitySummaryProjection {
  caseId: string;
  summary: AccountabilitySummary;
  projectionVersion: number;
}

export interface OrgSnapshotResult {
  /** Names of persons are replaced by their ids: workflow history is readable by anyone with Temporal access. */
  snapshot: OrgSnapshot;
  /** sha256 (hex) of the canonical JSON of `snapshot`. */
  hash: string;
}

export const addTraceBackCandidate = defineUpdate<
  { candidateKey: string; candidates: number },
  [CandidateAdditionInput]
>('addTraceBackCandidate');
/** Removal opens an approval task for the leader in charge; the candidate leaves the list only when approved. */
export const removeTraceBackCandidate = defineUpdate<
  { candidateKey: string; approvalTaskId: string },
  [CandidateRemovalInput]
>('removeTraceBackCandidate');
export const submitAccountabilityDecision = defineUpdate<
  { taskId: string; outcome: string; stage: string; warnings: string[] },
  [AccountabilityDecisionInput]
>('submitAccountabilityDecision');
export const getAccountabilityState = defineQuery<AccountabilityState>('getAccountabilityState');
export const getReviewState = defineQuery<ReviewState>('getReviewState');
/** Trace-back → case: the current candidates, conflicted across the case family (DOMAIN §5 ground 4). */
export const derivedConflicts = defineSignal<[{ personIds: string[] }]>('derivedConflicts');
/** Violation investigation or staff → case → trace-back: findings changed; staff re-check the candidates. */
export const findingsChanged = defineSignal<[FindingsInput]>('findingsChanged');
/** What became of findings staff sent: forwarded to the running trace-back, or kept for the one to open. */
export interface FindingsSent {
  traceBack: 'FORWARDED' | 'NOT_STARTED';
}
/**
 * Staff of the case send the facts the violation investigation found to the accountability investigation
 * (DOMAIN §3: facts may be cross-linked, with access checks); the case checks the sender, unlike the signal.
 */
export const sendFindings = defineUpdate<FindingsSent, [FindingsInput]>('sendFindings');
/** Review → trace-back: stage and deadline of one review, for the trace-back's overview. */
export const reviewProgress = defineSignal<[ReviewProgress]>('reviewProgress');
