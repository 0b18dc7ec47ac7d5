import type { LimitKey } from '../policy';
import { SANCTION_OUTCOMES } from './sanctions';

/**
 * The violation investigation (审查调查) as data: each stage names who proposes, which outcomes exist, its
 * time limit (policy key), and where each outcome leads; who approves is `APPROVAL_ROUTES`. The workflow walks
 * this graph; changing the graph for open cases needs a `patched()` gate in the workflow.
 */
export type ParticipantRole =
  | 'caseManagementOfficer'
  | 'caseOfficer'
  | 'leaderInCharge'
  | 'principalLeader'
  | 'trialReviewer'
  /** The trial office's director (审理室主任), who signs off the trial reviewers' opinion (WR art. 55). */
  | 'trialOfficeDirector'
  | 'standingCommittee'
  | 'appealHandler'
  /** The party committee's principal leader (党委书记), who approves filing against the committee's own cadres. */
  | 'partyCommitteePrincipalLeader'
  /** The next level up: the higher commission, for a review (复核) of a government sanction. */
  | 'higherCommissionLeader';

export type ViolationStage =
  | 'intake'
  | 'clueDisposal'
  | 'talkOrLetter'
  | 'preliminaryVerification'
  | 'filing'
  | 'investigation'
  | 'trialReview'
  | 'sanction'
  | 'closing'
  | 'appealWindow'
  | 'appealReview'
  /** 复审: the commission re-examines its own government sanction on application (SL, PSL art. 55). */
  | 'reexamination'
  /** The month in which the person may apply to the next level up for review. */
  | 'reviewWindow'
  /** 复核: the commission one level up reviews the re-examination. */
  | 'review'
  | 'concluded';

export interface StageDefinition {
  stage: ViolationStage;
  title: string;
  proposer: ParticipantRole;
  outcomes: readonly string[];
  /** Decided by a vote of the whole body instead of one proposer (集体研究). */
  collective?: boolean;
  limitKey: LimitKey;
  next: Readonly<Record<string, ViolationStage>>;
  basis: string;
}

export const RETURN_OUTCOME = 'RETURN';
export const APPROVE_OUTCOME = 'APPROVE';

/** 移送审查起诉: closing the case with a transfer to the procuratorate, when a crime is suspected. */
export const TRANSFER_TO_PROCURATORATE = 'TRANSFER_TO_PROCURATORATE';

/**
 * A stage that reconsiders an earlier decision (申诉复查, 复审, 复核). Upheld or modified, a decision still stands
 * and the case goes on to `whileStanding` (by default it concludes); revoked, nothing is left to reconsider.
 */
function reconsideration(
  stage: ViolationStage,
  title: string,
  proposer: ParticipantRole,
  limitKey: LimitKey,
  { basis, whileStanding = 'concluded' }: { basis: string; whileStanding?: ViolationStage },
): StageDefinition {
  return {
    stage,
    title,
    proposer,
    outcomes: ['UPHELD', 'MODIFIED', 'REVOKED'],
    limitKey,
    next: { UPHELD: whileStanding, MODIFIED: whileStanding, REVOKED: 'concluded' },
    basis,
  };
}

export const VIOLATION_STAGES: Readonly<
  Record<Exclude<ViolationStage, 'appealWindow' | 'reviewWindow' | 'concluded'>, StageDefinition>
> = {
  intake: {
    stage: 'intake',
    title: 'Intake (受理)',
    proposer: 'caseManagementOfficer',
    outcomes: ['REGISTERED', 'TRANSFERRED'],
    limitKey: 'intake',
    next: { REGISTERED: 'clueDisposal', TRANSFERRED: 'concluded' },
    basis: 'WR ch. 3',
  },
  clueDisposal: {
    stage: 'clueDisposal',
    title: 'Lead disposal (线索处置)',
    proposer: 'caseOfficer',
    outcomes: ['TALK_OR_LETTER', 'PRELIM_VERIFY', 'SHELVE', 'CLOSE_CLUE'],
    limitKey: 'leadDisposal',
    next: {
      TALK_OR_LETTER: 'talkOrLetter',
      PRELIM_VERIFY: 'preliminaryVerification',
      SHELVE: 'closing',
      CLOSE_CLUE: 'closing',
    },
    basis: 'WR art. 21',
  },
  talkOrLetter: {
    stage: 'talkOrLetter',
    title: 'Talk or letter inquiry (谈话函询)',
    proposer: 'caseOfficer',
    outcomes: ['CLOSE', 'PRELIM_VERIFY', 'EDUCATION'],
    limitKey: 'letterReply',
    next: { CLOSE: 'closing', PRELIM_VERIFY: 'preliminaryVerification', EDUCATION: 'closing' },
    basis: 'WR art. 29',
  },
  preliminaryVerification: {
    stage: 'preliminaryVerification',
    title: 'Preliminary verification (初核)',
    proposer: 'caseOfficer',
    outcomes: ['FILE_CASE', 'ORG_HANDLING', 'CLOSE', 'SHELVE'],
    limitKey: 'preliminaryVerification',
    next: { FILE_CASE: 'filing', ORG_HANDLING: 'closing', CLOSE: 'closing', SHELVE: 'closing' },
    basis: 'WR art. 35',
  },
  filing: {
    stage: 'filing',
    title: 'Filing (立案)',
    proposer: 'caseOfficer',
    outcomes: ['FILED', 'REJECTED'],
    limitKey: 'filingDecision',
    next: { FILED: 'investigation', REJECTED: 'closing' },
    basis: 'WR art. 39',
  },
  investigation: {
    stage: 'investigation',
    title: 'Investigation (审查调查)',
    proposer: 'caseOfficer',
    outcomes: ['TO_TRIAL', 'CLOSE', 'CRIME_SUSPECTED'],
    limitKey: 'investigation',
    next: { TO_TRIAL: 'trialReview', CRIME_SUSPECTED: 'trialReview', CLOSE: 'closing' },
    basis: 'WR art. 40',
  },
  trialReview: {
    stage: 'trialReview',
    title: 'Trial review (审理)',
    proposer: 'trialReviewer',
    outcomes: ['AGREE', 'RECHARACTERIZE', 'RETURN_REINVESTIGATE', 'RETURN_SUPPLEMENT'],
    limitKey: 'trialReview',
    next: {
      AGREE: 'sanction',
      RECHARACTERIZE: 'sanction',
      RETURN_REINVESTIGATE: 'investigation',
      RETURN_SUPPLEMENT: 'investigation',
    },
    basis: 'WR art. 55',
  },
  sanction: {
    stage: 'sanction',
    title: 'Sanction decision (处分决定)',
    proposer: 'standingCommittee',
    collective: true,
    outcomes: SANCTION_OUTCOMES,
    limitKey: 'sanctionAnnouncement',
    next: Object.fromEntries(SANCTION_OUTCOMES.map((s) => [s, 'closing'])) as Record<string, ViolationStage>,
    basis: 'WR art. 56; PSL art. 7',
  },
  closing: {
    stage: 'closing',
    title: 'Closing (结案)',
    proposer: 'caseManagementOfficer',
    outcomes: ['CLOSED', TRANSFER_TO_PROCURATORATE],
    limitKey: 'closing',
    next: { CLOSED: 'appealWindow', [TRANSFER_TO_PROCURATORATE]: 'appealWindow' },
    basis: 'WR art. 57',
  },
  appealReview: reconsideration('appealReview', 'Appeal review (申诉复查)', 'appealHandler', 'partyAppealDecision', {
    basis: 'WR art. 59',
  }),
  reexamination: reconsideration(
    'reexamination',
    'Re-examination of a government sanction (复审)',
    'appealHandler',
    'supervisionReexaminationDecision',
    { basis: 'SL; PSL art. 55', whileStanding: 'reviewWindow' },
  ),
  review: reconsideration(
    'review',
    'Review by the commission one level up (复核)',
    'higherCommissionLeader',
    'supervisionReviewDecision',
    { basis: 'SL; PSL art. 55' },
  ),
};

/**
 * Why a closing outcome cannot be chosen: a transfer to the procuratorate needs the investigation to have
 * found a crime suspected (DOMAIN §2 `CRIME_SUSPECTED`). Null when it can.
 */
export function closingOutcomeProblem(outcome: string, crimeSuspected: boolean): string | null {
  return outcome === TRANSFER_TO_PROCURATORATE && !crimeSuspected
    ? 'a transfer to the procuratorate (移送审查起诉) needs the investigation to have found a crime suspected'
    : null;
}

export type WorkStage = keyof typeof VIOLATION_STAGES;

export function stageDefinition(stage: WorkStage): StageDefinition {
  return VIOLATION_STAGES[stage];
}

/** Outcomes an approval task offers: approve the proposal, or return it one level for revision. */
export const APPROVAL_OUTCOMES = [APPROVE_OUTCOME, RETURN_OUTCOME] as const;
