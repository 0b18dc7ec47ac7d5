import type { ParticipantRole, WorkStage } from './stages';

/** What decides a stage's route besides the stage itself. */
export interface RouteFacts {
  /** The subject is a cadre the same-level party committee manages (同级党委管理的干部). */
  readonly subjectManagedBySameLevelCommittee: boolean;
}

export interface ApprovalRoute {
  /** Approval levels after the proposal, lowest first; RETURN at level n reopens level n−1. */
  readonly approvers: readonly ParticipantRole[];
  /** The levels instead, when the subject is a cadre of the same-level committee. */
  readonly forCommitteeCadre?: readonly ParticipantRole[];
  readonly basis: string;
}

/**
 * Who approves each stage's proposal, in order (DOMAIN §2 "Approval"). A level of the proposer's own role is a
 * co-review by another holder of it: the trial review's second reviewer (审理组, at least two). The sanction
 * is the standing committee's own collective decision, approved by the party committee for its own cadres;
 * the review (复核) is the higher commission's, without approvals.
 */
export const APPROVAL_ROUTES: Readonly<Record<WorkStage, ApprovalRoute>> = {
  intake: { approvers: [], basis: 'DOMAIN §2: registered by case management' },
  clueDisposal: {
    approvers: ['leaderInCharge'],
    forCommitteeCadre: ['principalLeader'],
    basis: 'WR art. 21; DOMAIN §2: the principal leader for cadres the same-level committee manages',
  },
  talkOrLetter: { approvers: ['leaderInCharge'], basis: 'WR art. 29' },
  preliminaryVerification: { approvers: ['principalLeader'], basis: 'WR art. 35' },
  filing: {
    approvers: ['principalLeader'],
    forCommitteeCadre: ['principalLeader', 'partyCommitteePrincipalLeader'],
    basis: 'WR art. 39; DOMAIN §2: then the committee’s principal leader for its own cadres',
  },
  investigation: { approvers: ['leaderInCharge'], basis: 'WR art. 40' },
  trialReview: {
    approvers: ['trialReviewer', 'trialOfficeDirector', 'principalLeader'],
    basis:
      'WR arts. 55–56: a second reviewer, the trial office director, the principal leader; then the standing committee decides',
  },
  sanction: {
    approvers: [],
    forCommitteeCadre: ['partyCommitteePrincipalLeader'],
    basis: 'WR art. 56: the standing committee’s collective decision, then the party committee’s for its own cadres',
  },
  closing: { approvers: ['leaderInCharge'], basis: 'WR art. 57' },
  appealReview: { approvers: ['leaderInCharge'], basis: 'WR art. 59' },
  reexamination: { approvers: ['leaderInCharge'], basis: 'SL; PSL art. 55' },
  review: { approvers: [], basis: 'SL; PSL art. 55: decided by the commission one level up' },
};

/** The approval levels of `stage` for a case with these facts. */
export function approversFor(stage: WorkStage, facts: RouteFacts): readonly ParticipantRole[] {
  const route = APPROVAL_ROUTES[stage];
  return facts.subjectManagedBySameLevelCommittee && route.forCommitteeCadre
    ? route.forCommitteeCadre
    : route.approvers;
}
