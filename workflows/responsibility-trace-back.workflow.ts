import { ActivityFailure, allHandlersFinished, ApplicationFailure, condition } from '@temporalio/workflow';
import {
  CaseFailure,
  type ResponsibilityTraceBackInput,
  type ResponsibilityTraceBackResult,
} from '@shuangcha/contracts';
import { buildAccountabilitySummary, type ReviewResult } from '@shuangcha/domain/accountability';
import { HolidayCalendar, shanghaiLocalDate } from '@shuangcha/domain/calendar';
import { orgModel } from './engine/activities';
import { iso } from './engine/task-board';
import { mergeByTarget } from './trace-back/candidate-entries';
import { startReview } from './trace-back/reviews';
import { registerTraceBackHandlers } from './trace-back/trace-back-handlers';
import { TraceBackState } from './trace-back/trace-back-state';

/** The parent's input shape; kept under this name for the case workflow. */
export type TraceBackInput = ResponsibilityTraceBackInput;

/**
 * 责任倒查, the accountability investigation of a case (DOMAIN §4): loads the org snapshot through an
 * activity and runs the pure trace-back on it (the snapshot's hash is kept with the result), lets staff
 * confirm, add or remove candidates (removal needs the leader in charge), marks every candidate as
 * conflicted across the case family, then runs one `responsibilityReview` child per candidate in parallel
 * and concludes with the structured summary.
 */
export async function responsibilityTraceBack(input: TraceBackInput): Promise<ResponsibilityTraceBackResult> {
  const calendar = HolidayCalendar.fromSchedules(await orgModel.loadHolidaySchedules());
  const state = new TraceBackState(input, calendar);
  registerTraceBackHandlers(state);
  const { board, clock } = state;

  // ---- 1. the org snapshot and the rules --------------------------------------------------------
  // Inline, like the review loop below: an extra async layer here would move this workflow's commands
  // against a handler's in the same workflow task, and the recorded histories would no longer replay.
  const asOf = shanghaiLocalDate(clock.now());
  try {
    const loaded = await orgModel.loadOrgSnapshot({ asOf });
    state.snapshot = loaded.snapshot;
    state.snapshotHash = loaded.hash;
    const computed = state.computeCandidates(loaded.snapshot);
    state.problems = [...computed.problems];
    state.candidates = mergeByTarget(computed.candidates);
  } catch (error) {
    const missing =
      error instanceof ActivityFailure &&
      error.cause instanceof ApplicationFailure &&
      error.cause.type === CaseFailure.OrgModelMissing;
    if (!missing) throw error;
    // Without an org model the investigation still runs: staff add the candidates by hand.
    state.problems = [
      { code: 'ORG_MODEL_MISSING', path: 'org', message: error.cause?.message ?? 'no org model stored' },
    ];
  }
  await board.audit('TRACE_BACK_COMPUTED', null, {
    snapshotAsOf: asOf,
    snapshotHash: state.snapshotHash,
    candidateKeys: state.candidates.map((c) => c.candidateKey),
    problems: state.problems.map((p) => p.code),
  });
  state.stage = 'candidateConfirmation';
  state.record({
    stage: state.stage,
    action: 'STAGE_ENTERED',
    actorId: null,
    comment: `${state.candidates.length} candidates from snapshot ${state.snapshotHash ?? 'none'}`,
  });
  await state.publishCandidates();

  // ---- 2. staff confirm the list --------------------------------------------------------------------
  const confirmation = await board.open({
    stage: 'candidateConfirmation',
    kind: 'decision',
    title: 'Confirm the trace-back candidates (确认倒查对象)',
    route: state.routes.routeFor('caseOfficer'),
    candidateRole: 'caseOfficer',
    allowedOutcomes: ['CONFIRM'],
    limitKey: 'accountabilityInvestigation',
  });
  const confirmed = await board.awaitOutcome(confirmation);
  state.record({
    stage: state.stage,
    action: 'CANDIDATES_CONFIRMED',
    actorId: confirmed.actorId,
    comment: state.candidates.map((c) => c.candidateKey).join(', '),
  });

  // ---- 3. one review per candidate, in parallel --------------------------------------------------
  state.stage = 'reviews';
  state.record({ stage: state.stage, action: 'STAGE_ENTERED', actorId: null });
  // A candidate added meanwhile gets its review too; the stage ends once every review is final and no
  // re-check of the list is open.
  const recheckOpen = () => board.openTasks().some((t) => t.stage === 'candidateRecheck');
  const allFinal = () => state.candidates.every((c) => state.results.has(c.candidateKey));
  for (;;) {
    for (const entry of state.candidates) if (!state.reviews.has(entry.candidateKey)) await startReview(state, entry);
    await condition(
      () => state.candidates.some((c) => !state.reviews.has(c.candidateKey)) || (allFinal() && !recheckOpen()),
    );
    if (state.candidates.every((c) => state.reviews.has(c.candidateKey)) && allFinal() && !recheckOpen()) break;
  }

  // ---- 4. the summary -------------------------------------------------------------------------------
  state.stage = 'summarizing';
  const summary = buildAccountabilitySummary({
    caseId: input.caseId,
    snapshotHash: state.snapshotHash,
    snapshotAsOf: state.snapshot ? asOf : null,
    concludedAt: iso(clock.now()),
    results: state.candidates
      .map((c) => state.results.get(c.candidateKey))
      .filter((r): r is ReviewResult => r !== undefined),
    removedCandidates: state.removed,
  });
  state.summary = summary;
  await orgModel.projectAccountabilitySummary({ caseId: input.caseId, summary, projectionVersion: 1 });
  await board.audit('ACCOUNTABILITY_CONCLUDED', null, { counts: summary.counts, appeals: summary.appeals });
  state.stage = 'concluded';
  state.record({ stage: state.stage, action: 'STAGE_ENTERED', actorId: null });
  await board.drain();
  await Promise.all(state.sideWork);
  await condition(allHandlersFinished);
  state.reportProgress();
  return { outcome: 'CONCLUDED', summary };
}
