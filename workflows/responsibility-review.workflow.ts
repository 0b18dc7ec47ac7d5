import { allHandlersFinished, condition, patched } from '@temporalio/workflow';
import type { ResponsibilityReviewInput } from '@shuangcha/contracts';
import {
  needsExecutionRecord,
  nextReviewStage,
  REVIEW_APPROVERS,
  reviewTaskDefinition,
  type ReviewResult,
} from '@shuangcha/domain/accountability';
import { HolidayCalendar } from '@shuangcha/domain/calendar';
import { calendarActivities } from './engine/activities';
import { REVIEW_FINDINGS_LIST_PATCH } from './engine/rectification-from-findings';
import { registerReviewHandlers } from './review/review-handlers';
import { ResponsibilityReviewState } from './review/review-state';
import {
  applyAppealReview,
  applyDetermination,
  applyFinalDecision,
  applyProposal,
  approveInLevels,
  closeAppealWindow,
  decideTask,
  openAppealWindow,
  proposalOf,
  referralAudit,
} from './review/review-steps';
import { EXECUTION_RECORD_PATCH, openExecution } from './review/execution';
import { DIRECT_VIOLATION_CASE_PATCH, proposeViolationCase } from './review/violation-case';

/**
 * One candidate's responsibility review (DOMAIN §4), a child of the trace-back with id
 * `${caseId}/trace-back/review-<opaque key>` (never the candidate's person id). Every step is a TaskBoard task, so deadlines, reminders,
 * escalation, extensions and recusal work as in the violation investigation. Measures (forms, modifiers)
 * arrive through `submitAccountabilityDecision`; plain outcomes through `submitDecision`.
 */
export async function responsibilityReview(input: ResponsibilityReviewInput): Promise<ReviewResult> {
  const calendar = HolidayCalendar.fromSchedules(await calendarActivities.loadHolidaySchedules());
  const state = new ResponsibilityReviewState(input, calendar);
  registerReviewHandlers(state);

  // The steps stay inline: an async layer around a step would move the commands after it against those
  // of a handler running in the same workflow task, and recorded histories would no longer replay.
  const { board, candidate } = state;
  while (state.stage !== 'final') {
    const from = state.stage;
    let outcome: string;
    switch (from) {
      case 'approval': {
        outcome = await approveInLevels(state, 'approval', REVIEW_APPROVERS, state.lastProposal);
        break;
      }
      case 'appealWindow': {
        const endsAt = openAppealWindow(state);
        // The decision is executed meanwhile (DOMAIN §4 Limits): nothing here holds it back.
        await condition(() => state.appeal !== null, state.clock.delayUntil(endsAt));
        outcome = closeAppealWindow(state);
        break;
      }
      case 'execution': {
        // The adjustment is recorded on its own task, opened when the decision was served.
        await condition(() => state.execution?.status === 'RECORDED');
        outcome = 'EXECUTED';
        break;
      }
      case 'appealReview': {
        const def = reviewTaskDefinition('appealReview', state.routeCtx());
        const reviewed = await decideTask(state, def);
        const approved = await approveInLevels(state, 'appealReview', def.approvers, proposalOf(reviewed));
        if (approved === 'RETURNED') continue;
        outcome = applyAppealReview(state, reviewed);
        break;
      }
      default: {
        const def = reviewTaskDefinition(from, state.routeCtx());
        if (from === 'decision') {
          const [action, after] = referralAudit(state);
          await board.audit(action, null, after);
        }
        const decided = await decideTask(state, def);
        outcome = decided.outcome;
        if (from === 'determination' && applyDetermination(state, decided)) {
          if (patched(DIRECT_VIOLATION_CASE_PATCH)) await proposeViolationCase(state, decided.actorId);
          else
            await board.audit('VIOLATION_CASE_SUGGESTED', decided.actorId, {
              candidateKey: candidate.candidateKey,
              personId: candidate.personId,
            });
        }
        if (from === 'proposal') applyProposal(state, decided);
        if (from === 'decision') applyFinalDecision(state, decided);
        if (from === 'noticeServed' && needsExecutionRecord(state.decided) && patched(EXECUTION_RECORD_PATCH))
          await openExecution(state);
      }
    }
    state.stage = nextReviewStage(from, outcome, state.routeCtx());
    state.record({ stage: state.stage, action: 'STAGE_ENTERED', actorId: null });
  }

  const result = state.conclude();
  await board.audit('RESPONSIBILITY_REVIEW_FINAL', null, {
    candidateKey: input.candidate.candidateKey,
    determination: state.determination,
    decisionOutcome: state.decisionOutcome,
    appeal: state.appealResult?.outcome ?? null,
  });
  if (state.sideWork.length > 0) await Promise.all(state.sideWork);
  // Only a review with findings calls patched(): runs recorded before it had no way to record any.
  if (state.opensRectification && patched(REVIEW_FINDINGS_LIST_PATCH)) await state.rectification.openList();
  await board.drain();
  await condition(allHandlersFinished);
  state.reportProgress();
  return result;
}
