import type { ParticipantRole } from '../case';
import type { LimitKey } from '../policy';
import {
  APPEAL_REVIEW_OUTCOMES,
  type AccountabilityTarget,
  type DecidingAuthority,
  determinationsFor,
} from './accountability-forms';

/**
 * The per-candidate responsibility review (DOMAIN §4):
 * FACT_FINDING → HEARING → DETERMINATION → PROPOSAL → APPROVAL → DECISION → NOTICE_SERVED → APPEAL_WINDOW
 * → [APPEAL_REVIEW] → FINAL → EXECUTION (an organisational adjustment carried out). A `NONE` determination skips the measures: once approved, the review is final.
 * Changing this graph for open reviews needs a `patched()` gate in the review workflow.
 */
export const REVIEW_STAGES = [
  'factFinding',
  'hearing',
  'determination',
  'proposal',
  'approval',
  'decision',
  'noticeServed',
  'appealWindow',
  'appealReview',
  'execution',
  'final',
] as const;
export type ReviewStage = (typeof REVIEW_STAGES)[number];

/** What the route through the graph depends on, known once the earlier stages are decided. */
export interface ReviewRouteContext {
  readonly target: AccountabilityTarget;
  /** Set by the determination stage. */
  readonly determination: string | null;
  /** Set once a proposal exists (see `decidingAuthority`). */
  readonly authority: DecidingAuthority | null;
  /** An organisational adjustment decided and not yet recorded as carried out: the review waits in `execution`. */
  readonly executionPending?: boolean;
}

export interface ReviewTaskDefinition {
  readonly stage: Exclude<ReviewStage, 'approval' | 'appealWindow' | 'execution' | 'final'>;
  readonly title: string;
  readonly proposer: ParticipantRole;
  readonly outcomes: readonly string[];
  /** Decided by a vote of the whole body (集体研究) instead of one person. */
  readonly collective: boolean;
  /** Approval levels after the task, lowest first; RETURN at level n reopens level n−1. */
  readonly approvers: readonly ParticipantRole[];
  readonly limitKey: LimitKey;
  /** Outcomes that carry forms and modifiers, so they arrive through `submitAccountabilityDecision`. */
  readonly measuresOutcomes: readonly string[];
  readonly basis: string;
}

/** Approval levels of a proposal or of a `NONE` determination: leader in charge, then principal leader (AR art. 9). */
export const REVIEW_APPROVERS: readonly ParticipantRole[] = ['leaderInCharge', 'principalLeader'];
export const APPROVAL_LIMIT: LimitKey = 'approval';

export function reviewTaskDefinition(
  stage: ReviewTaskDefinition['stage'],
  ctx: ReviewRouteContext,
): ReviewTaskDefinition {
  const base = {
    collective: false,
    approvers: [] as readonly ParticipantRole[],
    measuresOutcomes: [] as readonly string[],
  };
  switch (stage) {
    case 'factFinding':
      return {
        ...base,
        stage,
        title: 'Establish the facts (查明事实)',
        proposer: 'caseOfficer',
        outcomes: ['FACTS_ESTABLISHED'],
        limitKey: 'accountabilityInvestigation',
        basis: 'AR art. 9',
      };
    case 'hearing':
      return {
        ...base,
        stage,
        title: 'Hear the target’s statement and defence (听取陈述和申辩)',
        proposer: 'caseOfficer',
        outcomes: ['HEARD', 'WAIVED'],
        limitKey: 'accountabilityDecision',
        basis: 'AR art. 10',
      };
    case 'determination':
      return {
        ...base,
        stage,
        title: 'Determine the type of responsibility (认定责任)',
        proposer: 'caseOfficer',
        outcomes: determinationsFor(ctx.target),
        limitKey: 'accountabilityDecision',
        basis: 'DR art. 39; AR art. 6',
      };
    case 'proposal':
      return {
        ...base,
        stage,
        title: 'Propose accountability measures (提出问责建议)',
        proposer: 'caseOfficer',
        outcomes: ['PROPOSED'],
        limitKey: 'accountabilityDecision',
        measuresOutcomes: ['PROPOSED'],
        basis: 'AR arts. 7–8',
      };
    case 'decision':
      return ctx.authority === 'managingBody'
        ? {
            ...base,
            stage,
            title: 'Record the managing body’s decision on the referral (移送有管理权限的党组织决定)',
            proposer: 'caseManagementOfficer',
            outcomes: ['ADOPTED', 'AMENDED', 'DECLINED'],
            limitKey: 'orgAdjustmentDone',
            measuresOutcomes: ['AMENDED'],
            basis: 'AR art. 12',
          }
        : {
            ...base,
            stage,
            title: 'Accountability decision of the commission (问责决定)',
            proposer: 'standingCommittee',
            collective: true,
            outcomes: ['DECIDE', 'RETURN'],
            limitKey: 'accountabilityDecision',
            basis: 'AR art. 12',
          };
    case 'noticeServed':
      return {
        ...base,
        stage,
        title: 'Serve the decision on the target (送达)',
        proposer: 'caseOfficer',
        outcomes: ['SERVED'],
        limitKey: 'accountabilityAnnouncement',
        basis: 'AR art. 13',
      };
    case 'appealReview':
      return {
        ...base,
        stage,
        title: 'Review the appeal (申诉复查)',
        proposer: 'appealHandler',
        outcomes: APPEAL_REVIEW_OUTCOMES,
        approvers: ['leaderInCharge'],
        limitKey: 'accountabilityAppealDecision',
        measuresOutcomes: ['AMENDED'],
        basis: 'AR art. 19',
      };
  }
}

/**
 * Where an outcome leads. `approval` outcomes are `APPROVED`/`RETURNED` (the whole approval chain),
 * `appealWindow` outcomes `APPEAL_FILED`/`WINDOW_CLOSED`.
 */
export function nextReviewStage(stage: ReviewStage, outcome: string, ctx: ReviewRouteContext): ReviewStage {
  const none = ctx.determination === 'NONE';
  switch (stage) {
    case 'factFinding':
      return 'hearing';
    case 'hearing':
      return 'determination';
    case 'determination':
      return outcome === 'NONE' ? 'approval' : 'proposal';
    case 'proposal':
      return 'approval';
    case 'approval':
      if (outcome === 'RETURNED') return none ? 'determination' : 'proposal';
      return none ? 'final' : 'decision';
    case 'decision':
      if (outcome === 'RETURN') return 'proposal';
      return outcome === 'DECLINED' ? 'final' : 'noticeServed';
    case 'noticeServed':
      return 'appealWindow';
    case 'appealWindow':
      if (outcome === 'APPEAL_FILED') return 'appealReview';
      return ctx.executionPending ? 'execution' : 'final';
    case 'appealReview':
      return ctx.executionPending ? 'execution' : 'final';
    case 'execution':
    case 'final':
      return 'final';
  }
}

/**
 * A person found with DIRECT responsibility (DR art. 39) is handled by a violation case of their own
 * (DOMAIN §4: "`DIRECT` spawns or links a violation case"). The review proposes it; opening it is the
 * principal leader's decision, as filing a case is (DOMAIN §2), on the filing decision's time limit.
 */
export const VIOLATION_CASE_OPENING = {
  stage: 'violationCaseOpening',
  title: '对直接责任人立案审查审批 / Approve opening a violation case for the person with direct responsibility',
  approver: 'principalLeader',
  outcomes: ['APPROVE', 'REJECT'],
  limitKey: 'filingDecision',
  basis: 'DR art. 39; DOMAIN §4',
} as const satisfies {
  stage: string;
  title: string;
  approver: ParticipantRole;
  outcomes: readonly string[];
  limitKey: LimitKey;
  basis: string;
};

/**
 * 组织调整执行: an organisational adjustment (ORG_ADJUSTMENT) is carried out within a month (AR, DOMAIN §4
 * Limits), and executed while an appeal runs. Case management records that the managing body carried it out,
 * on a task whose clock starts when the decision is served.
 */
export const ORG_ADJUSTMENT_EXECUTION = {
  stage: 'execution',
  title: '记录组织调整执行情况 / Record that the organisational adjustment was carried out',
  recorder: 'caseManagementOfficer',
  outcomes: ['EXECUTED'],
  limitKey: 'orgAdjustmentDone',
  basis: 'AR (2016 text); DOMAIN §4 Limits',
} as const satisfies {
  stage: ReviewStage;
  title: string;
  recorder: ParticipantRole;
  outcomes: readonly string[];
  limitKey: LimitKey;
  basis: string;
};

/** Whether the decided measures need an execution record (ORG_ADJUSTMENT). */
export function needsExecutionRecord(measures: { readonly forms: readonly string[] } | null): boolean {
  return measures?.forms.includes('ORG_ADJUSTMENT') ?? false;
}
