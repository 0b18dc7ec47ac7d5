import {
  candidateTask,
  decidingAuthority,
  organizationCoverageWarnings,
  type AppealReviewOutcome,
  type Determination,
  type ReviewTaskDefinition,
} from '@shuangcha/domain/accountability';
import { APPROVAL_OUTCOMES, RETURN_OUTCOME, type ParticipantRole } from '@shuangcha/domain/case';
import { iso, type TaskOutcome } from '../engine/task-board';
import type { Proposal, ResponsibilityReviewState } from './review-state';

const NO_MEASURES = { forms: [], modifiers: [] };

/** Opens the step's task and records its decision. */
export async function decideTask(state: ResponsibilityReviewState, def: ReviewTaskDefinition): Promise<TaskOutcome> {
  const task = await state.board.open({
    stage: def.stage,
    kind: def.collective ? 'collectiveDecision' : 'decision',
    ...candidateTask(state.candidate, def.title),
    route: state.routes.routeFor(def.proposer),
    candidateRole: def.proposer,
    allowedOutcomes: def.outcomes,
    limitKey: def.limitKey,
    voterIds: def.collective ? state.routes.votersFor(def.proposer) : undefined,
  });
  const outcome = await state.board.awaitOutcome(task);
  state.record({
    stage: def.stage,
    action: def.collective ? 'COLLECTIVE_DECISION' : 'DECIDED',
    actorId: outcome.actorId || null,
    outcome: outcome.outcome,
    comment: outcome.reason ?? outcome.comment,
  });
  return outcome;
}

/** Approval levels lowest first; RETURN at level n reopens level n−1, and past level 1 the proposal. */
export async function approveInLevels(
  state: ResponsibilityReviewState,
  taskStage: string,
  roles: readonly ParticipantRole[],
  proposal: Proposal,
): Promise<'APPROVED' | 'RETURNED'> {
  let level = 1;
  while (level >= 1 && level <= roles.length) {
    const role = roles[level - 1];
    const task = await state.board.open({
      stage: taskStage,
      kind: 'approval',
      ...candidateTask(state.candidate, `Approve: ${proposal.outcome}`),
      route: state.routes.routeFor(role),
      candidateRole: role,
      allowedOutcomes: APPROVAL_OUTCOMES,
      limitKey: 'approval',
      proposal,
    });
    const outcome = await state.board.awaitOutcome(task);
    const returned = outcome.outcome === RETURN_OUTCOME;
    state.record({
      stage: taskStage,
      action: returned ? 'RETURNED' : 'APPROVED',
      actorId: outcome.actorId,
      outcome: proposal.outcome,
      comment: returned ? (outcome.reason ?? '') : outcome.comment,
    });
    level = returned ? level - 1 : level + 1;
  }
  return level === 0 ? 'RETURNED' : 'APPROVED';
}

/** Opens the appeal window on the calendar as it stands; returns when it ends. */
export function openAppealWindow(state: ResponsibilityReviewState): number {
  const endsAt = state.rules().start('accountabilityAppealWindow', state.clock.now()).dueAtMs;
  state.appealWindowEndsAt = endsAt;
  state.reportProgress();
  return endsAt;
}

export function closeAppealWindow(state: ResponsibilityReviewState): string {
  const outcome = state.appeal ? 'APPEAL_FILED' : 'WINDOW_CLOSED';
  state.record({ stage: 'appealWindow', action: outcome, actorId: state.appeal?.filedBy ?? null });
  return outcome;
}

/** What the approvers of a reviewed appeal are asked to approve. */
export function proposalOf(reviewed: TaskOutcome): Proposal {
  return { outcome: reviewed.outcome, proposedBy: reviewed.actorId, comment: reviewed.comment };
}

/** The approved review of the appeal: its outcome and, when amended, the measures as amended. */
export function applyAppealReview(state: ResponsibilityReviewState, reviewed: TaskOutcome): string {
  state.appealResult = {
    filedOn: state.appeal?.filedOn ?? '',
    outcome: reviewed.outcome as AppealReviewOutcome,
    amendedMeasures: reviewed.outcome === 'AMENDED' ? (state.measuresByTask.get(reviewed.taskId) ?? null) : null,
  };
  return reviewed.outcome;
}

/**
 * AR art. 12: the commission reports to the same-level committee before deciding itself; otherwise it
 * refers its proposal to the body with management authority and records that body's decision back.
 */
export function referralAudit(state: ResponsibilityReviewState): [string, Record<string, unknown>] {
  const { candidate } = state;
  return [
    state.authority === 'commission' ? 'REPORTED_TO_SAME_LEVEL_COMMITTEE' : 'REFERRAL_SENT',
    { candidateKey: candidate.candidateKey, decidingBodyId: candidate.decidingBodyId, measures: state.proposed },
  ];
}

/** The determination and the proposal it makes; true when it suggests a violation case (DIRECT). */
export function applyDetermination(state: ResponsibilityReviewState, decided: TaskOutcome): boolean {
  const { outcome } = decided;
  state.determination = outcome as Determination;
  state.noneReason = outcome === 'NONE' ? decided.reason : null;
  state.lastProposal = { outcome, proposedBy: decided.actorId, comment: decided.reason ?? decided.comment };
  return outcome === 'DIRECT';
}

/** The proposed measures, who decides them, and the proposal the approvers see. */
export function applyProposal(state: ResponsibilityReviewState, decided: TaskOutcome): void {
  const { candidate } = state;
  const proposed = state.measuresByTask.get(decided.taskId) ?? null;
  state.proposed = proposed;
  const decidedBy = decidingAuthority(candidate.target, proposed ?? NO_MEASURES, candidate.referral);
  state.authority = decidedBy.authority;
  state.warnings = organizationCoverageWarnings(candidate.target, proposed ?? NO_MEASURES, state.input.memberReviews);
  state.lastProposal = {
    outcome: `${state.determination}: ${(proposed?.forms ?? []).join('+') || 'EXEMPT'}`,
    proposedBy: decided.actorId,
    comment: decidedBy.reason,
  };
}

/** The deciding body's decision: declined, amended or as proposed; a RETURN decides nothing yet. */
export function applyFinalDecision(state: ResponsibilityReviewState, decided: TaskOutcome): void {
  const { outcome } = decided;
  if (outcome === 'RETURN') return;
  state.decisionOutcome = outcome;
  state.decidedAt = iso(state.clock.now());
  state.decided =
    outcome === 'DECLINED'
      ? null
      : outcome === 'AMENDED'
        ? (state.measuresByTask.get(decided.taskId) ?? state.proposed)
        : state.proposed;
}
