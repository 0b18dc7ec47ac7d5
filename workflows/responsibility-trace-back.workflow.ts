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
import { runReviews } from './trace-back/reviews';
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
  const asOf = shanghaiLocalDate(clock.now());
  await computeCandidates(state, asOf);
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
  await runReviews(state);

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

/** Loads the snapshot as of `asOf` and runs the rules on it; without an org model staff add candidates by hand. */
async function computeCandidates(state: TraceBackState, asOf: string): Promise<void> {
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
    state.problems = [
      { code: 'ORG_MODEL_MISSING', path: 'org', message: error.cause?.message ?? 'no org model stored' },
    ];
  }
}
