import { condition } from '@temporalio/workflow';
import {
  decidingAuthority,
  organizationCoverageWarnings,
  REVIEW_APPROVERS,
  reviewTaskDefinition,
  type AppealReviewOutcome,
  type Determination,
  type ReviewStage,
  type ReviewTaskDefinition,
} from '@shuangcha/domain/accountability';
import { APPROVAL_OUTCOMES, RETURN_OUTCOME, type ParticipantRole } from '@shuangcha/domain/case';
import type { TaskOutcome } from '../engine/task-board';
import { iso } from '../engine/task-board';
import type { Proposal, ResponsibilityReviewState } from './review-state';

const NO_MEASURES = { forms: [], modifiers: [] };

async function decideTask(state: ResponsibilityReviewState, def: ReviewTaskDefinition): Promise<TaskOutcome> {
  const task = await state.board.open({
    stage: def.stage,
    kind: def.collective ? 'collectiveDecision' : 'decision',
    title: `${def.title}: ${state.candidate.candidateKey}`,
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
async function approveInLevels(
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
      title: `Approve: ${proposal.outcome} for ${state.candidate.candidateKey}`,
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

async function awaitAppeal(state: ResponsibilityReviewState): Promise<string> {
  const endsAt = state.rules().start('accountabilityAppealWindow', state.clock.now()).dueAtMs;
  state.appealWindowEndsAt = endsAt;
  state.reportProgress();
  // The decision is executed meanwhile (DOMAIN §4 Limits): nothing here holds it back.
  await condition(() => state.appeal !== null, state.clock.delayUntil(endsAt));
  const outcome = state.appeal ? 'APPEAL_FILED' : 'WINDOW_CLOSED';
  state.record({ stage: 'appealWindow', action: outcome, actorId: state.appeal?.filedBy ?? null });
  return outcome;
}

/** The appeal reviewed and its review approved; null when an approver returned it to be reviewed again. */
async function reviewAppeal(state: ResponsibilityReviewState): Promise<string | null> {
  const def = reviewTaskDefinition('appealReview', state.routeCtx());
  const reviewed = await decideTask(state, def);
  const approved = await approveInLevels(state, 'appealReview', def.approvers, {
    outcome: reviewed.outcome,
    proposedBy: reviewed.actorId,
    comment: reviewed.comment,
  });
  if (approved === 'RETURNED') return null;
  state.appealResult = {
    filedOn: state.appeal?.filedOn ?? '',
    outcome: reviewed.outcome as AppealReviewOutcome,
    amendedMeasures: reviewed.outcome === 'AMENDED' ? (state.measuresByTask.get(reviewed.taskId) ?? null) : null,
  };
  return reviewed.outcome;
}

/** A review step decided by one task: what its outcome means for the review's state. */
async function decideStep(state: ResponsibilityReviewState, from: ReviewStage): Promise<string> {
  const { board, candidate } = state;
  const def = reviewTaskDefinition(from as ReviewTaskDefinition['stage'], state.routeCtx());
  if (from === 'decision') {
    // AR art. 12: the commission reports to the same-level committee before deciding itself; otherwise it
    // refers its proposal to the body with management authority and records that body's decision back.
    await board.audit(state.authority === 'commission' ? 'REPORTED_TO_SAME_LEVEL_COMMITTEE' : 'REFERRAL_SENT', null, {
      candidateKey: candidate.candidateKey,
      decidingBodyId: candidate.decidingBodyId,
      measures: state.proposed,
    });
  }
  const decidedTask = await decideTask(state, def);
  const outcome = decidedTask.outcome;
  if (from === 'determination') {
    state.determination = outcome as Determination;
    state.noneReason = outcome === 'NONE' ? decidedTask.reason : null;
    state.lastProposal = {
      outcome,
      proposedBy: decidedTask.actorId,
      comment: decidedTask.reason ?? decidedTask.comment,
    };
    if (outcome === 'DIRECT')
      await board.audit('VIOLATION_CASE_SUGGESTED', decidedTask.actorId, {
        candidateKey: candidate.candidateKey,
        personId: candidate.personId,
      });
  }
  if (from === 'proposal') {
    state.proposed = state.measuresByTask.get(decidedTask.taskId) ?? null;
    const decidedBy = decidingAuthority(candidate.target, state.proposed ?? NO_MEASURES, candidate.referral);
    state.authority = decidedBy.authority;
    state.warnings = organizationCoverageWarnings(
      candidate.target,
      state.proposed ?? NO_MEASURES,
      state.input.memberReviews,
    );
    state.lastProposal = {
      outcome: `${state.determination}: ${(state.proposed?.forms ?? []).join('+') || 'EXEMPT'}`,
      proposedBy: decidedTask.actorId,
      comment: decidedBy.reason,
    };
  }
  if (from === 'decision' && outcome !== 'RETURN') {
    state.decisionOutcome = outcome;
    state.decidedAt = iso(state.clock.now());
    state.decided =
      outcome === 'DECLINED'
        ? null
        : outcome === 'AMENDED'
          ? (state.measuresByTask.get(decidedTask.taskId) ?? state.proposed)
          : state.proposed;
  }
  return outcome;
}

/**
 * Runs the review's current stage to its outcome; null when the stage runs again (an appeal review an
 * approver returned).
 */
export function runReviewStage(state: ResponsibilityReviewState, from: ReviewStage): Promise<string | null> {
  switch (from) {
    case 'approval':
      return approveInLevels(state, 'approval', REVIEW_APPROVERS, state.lastProposal);
    case 'appealWindow':
      return awaitAppeal(state);
    case 'appealReview':
      return reviewAppeal(state);
    default:
      return decideStep(state, from);
  }
}
