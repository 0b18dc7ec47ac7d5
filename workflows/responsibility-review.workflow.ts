import { allHandlersFinished, condition } from '@temporalio/workflow';
import type { ResponsibilityReviewInput } from '@shuangcha/contracts';
import { nextReviewStage, type ReviewResult } from '@shuangcha/domain/accountability';
import { HolidayCalendar } from '@shuangcha/domain/calendar';
import { calendarActivities } from './engine/activities';
import { registerReviewHandlers } from './review/review-handlers';
import { ResponsibilityReviewState } from './review/review-state';
import { runReviewStage } from './review/review-steps';

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

  while (state.stage !== 'final') {
    const from = state.stage;
    const outcome = await runReviewStage(state, from);
    // An appeal review an approver returned is reviewed again.
    if (outcome === null) continue;
    state.stage = nextReviewStage(from, outcome, state.routeCtx());
    state.record({ stage: state.stage, action: 'STAGE_ENTERED', actorId: null });
  }

  const result = state.conclude();
  await state.board.audit('RESPONSIBILITY_REVIEW_FINAL', null, {
    candidateKey: input.candidate.candidateKey,
    determination: state.determination,
    decisionOutcome: state.decisionOutcome,
    appeal: state.appealResult?.outcome ?? null,
  });
  await state.board.drain();
  await condition(allHandlersFinished);
  state.reportProgress();
  return result;
}
