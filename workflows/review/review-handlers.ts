import { setHandler } from '@temporalio/workflow';
import {
  calendarUpdated,
  CaseFailure,
  conflictsChanged,
  getReviewState,
  participantsChanged,
  registerAppeal,
  submitAccountabilityDecision,
} from '@shuangcha/contracts';
import {
  measuresProblems,
  organizationCoverageWarnings,
  VIOLATION_CASE_OPENING,
} from '@shuangcha/domain/accountability';
import { dateOfRecordProblem } from '@shuangcha/domain/case';
import { recordThenApply } from '../engine/record-first';
import { reject, rejectUnsafeText } from '../engine/task-board';
import { registerDecisionUpdate, registerTaskUpdates } from '../engine/task-updates';
import type { ResponsibilityReviewState } from './review-state';

/** Wires the review's Updates, Queries and Signals to its state. */
export function registerReviewHandlers(state: ResponsibilityReviewState): void {
  const { board, candidate } = state;
  const definitionOfTask = (taskId: string) => {
    const task = board.tasks.get(taskId);
    return { task, def: task && task.kind !== 'approval' ? state.definitionOf(task.stage) : null };
  };

  setHandler(getReviewState, () => state.view());
  state.registerState(
    () => state.stage,
    () => state.currentDeadline(),
    () => state.stage === 'final',
  );

  registerDecisionUpdate(board, (d) => {
    const { task, def } = definitionOfTask(d.taskId);
    if (def?.measuresOutcomes.includes(d.outcome)) {
      reject(
        CaseFailure.InvalidDecision,
        `${d.outcome} carries forms and modifiers: submit it with submitAccountabilityDecision`,
      );
    }
    if (task?.stage === 'determination' && d.outcome === 'NONE' && !d.reason?.trim()) {
      reject(CaseFailure.InvalidDecision, 'a NONE determination needs a reason (DOMAIN §4)');
    }
    if (task?.stage === VIOLATION_CASE_OPENING.stage && d.outcome === 'REJECT' && !d.reason?.trim()) {
      reject(CaseFailure.InvalidDecision, 'refusing to open the violation case needs a reason');
    }
  });
  setHandler(
    submitAccountabilityDecision,
    async (d) => {
      const task = await board.applyDecision(
        {
          taskId: d.taskId,
          taskVersion: d.taskVersion,
          actorId: d.actorId,
          outcome: d.outcome,
          comment: d.comment,
          basis: d.basis,
        },
        { apply: () => state.measuresByTask.set(d.taskId, d.measures) },
      );
      const coverage = organizationCoverageWarnings(candidate.target, d.measures, state.input.memberReviews);
      return { taskId: task.taskId, outcome: d.outcome, stage: task.stage, warnings: coverage };
    },
    {
      validator: (d) => {
        board.validateDecision({ ...d, reason: undefined });
        rejectUnsafeText(d);
        const { task, def } = definitionOfTask(d.taskId);
        if (!def?.measuresOutcomes.includes(d.outcome)) {
          reject(
            CaseFailure.InvalidDecision,
            `outcome ${d.outcome} of ${task?.stage ?? 'this task'} carries no measures: use submitDecision`,
          );
        }
        const problems = measuresProblems(candidate.target, d.measures);
        if (problems.length > 0) reject(CaseFailure.InvalidDecision, problems.join('; '));
      },
    },
  );
  registerTaskUpdates(board);
  state.rectification.registerUpdate(() => state.stage !== 'final');
  setHandler(
    registerAppeal,
    async (r) => {
      await recordThenApply(
        () =>
          board.audit('ACCOUNTABILITY_APPEAL_REGISTERED', r.actorId, {
            candidateKey: candidate.candidateKey,
            filedOn: r.filedOn,
          }),
        () => {
          state.appeal = { filedBy: r.actorId, reason: r.reason, filedOn: r.filedOn };
        },
      );
      return { taskId: '', version: 0 };
    },
    {
      validator: (r) => {
        rejectUnsafeText(r);
        if (state.stage !== 'appealWindow')
          reject(
            CaseFailure.WrongStage,
            `an appeal can be registered only in the appeal window, the review is in ${state.stage}`,
          );
        if (state.appeal) reject(CaseFailure.DuplicateDecision, 'an appeal is already registered');
        if (state.isConflicted(r.actorId))
          reject(CaseFailure.RecusedApprover, `${r.actorId} is recused from this case`);
        if (r.actorId !== state.participants.caseManagementOfficerId)
          reject(CaseFailure.RoleNotAllowed, 'appeals are registered by the case-management office');
        const filed = dateOfRecordProblem(r.filedOn, { nowMs: state.clock.now(), previousOn: null });
        if (filed) reject(CaseFailure.InvalidDecision, `filedOn: ${filed}`);
      },
    },
  );
  setHandler(conflictsChanged, (entries) => {
    state.conflicts = entries;
    void state.reroute();
  });
  setHandler(participantsChanged, (next) => {
    state.changeParticipants(next);
    void state.reroute();
  });
  setHandler(calendarUpdated, (schedule) => {
    state.changeCalendar(schedule);
    void board.recomputeProvisional();
  });
}
