import { setHandler } from '@temporalio/workflow';
import {
  addTraceBackCandidate,
  calendarUpdated,
  CaseFailure,
  conflictsChanged,
  findingsChanged,
  getAccountabilityState,
  participantsChanged,
  removeTraceBackCandidate,
  reviewProgress,
} from '@shuangcha/contracts';
import { reject } from '../engine/task-board';
import { registerDecisionUpdate, registerTaskUpdates } from '../engine/task-updates';
import { addCandidate, changeFindings, requestRemoval, validateAddition, validateRemoval } from './candidate-changes';
import type { TraceBackState } from './trace-back-state';

/** Wires the trace-back's Updates, Queries and Signals to its state. */
export function registerTraceBackHandlers(state: TraceBackState): void {
  const { board } = state;
  setHandler(getAccountabilityState, () => state.view());
  state.registerState(
    () => state.stage,
    () => state.currentDeadline(),
    () => state.stage === 'concluded',
  );
  registerDecisionUpdate(board, (d) => {
    if (board.tasks.get(d.taskId)?.stage === 'candidateConfirmation' && state.pendingRemovals.length > 0) {
      reject(
        CaseFailure.WrongStage,
        'the candidate list cannot be confirmed while a removal awaits the leader’s approval',
      );
    }
  });
  registerTaskUpdates(board);

  setHandler(addTraceBackCandidate, (a) => addCandidate(state, a), {
    validator: (a) => validateAddition(state, a),
  });
  setHandler(removeTraceBackCandidate, (r) => requestRemoval(state, r), {
    validator: (r) => validateRemoval(state, r),
  });
  setHandler(findingsChanged, (changed) => changeFindings(state, changed));

  setHandler(conflictsChanged, async (entries) => {
    state.conflicts = entries;
    await state.reroute();
    await state.signalReviews(conflictsChanged, state.familyConflicts());
  });
  setHandler(participantsChanged, async (next) => {
    state.changeParticipants(next);
    await state.reroute();
    await state.signalReviews(participantsChanged, next);
  });
  setHandler(calendarUpdated, async (schedule) => {
    state.changeCalendar(schedule);
    await board.recomputeProvisional();
    await state.signalReviews(calendarUpdated, schedule);
  });
  setHandler(reviewProgress, (progress) => {
    const known = state.reviews.get(progress.candidateKey);
    if (!known || known.final) return;
    state.reviews.set(progress.candidateKey, { ...known, ...progress });
    state.reportProgress();
  });
}
