import { shanghaiLocalDate } from '@shuangcha/domain/calendar';
import { candidateTask, needsExecutionRecord, ORG_ADJUSTMENT_EXECUTION } from '@shuangcha/domain/accountability';
import { iso } from '../engine/task-board';
import type { ResponsibilityReviewState } from './review-state';

/** An organisational adjustment's execution is recorded on a task with its 1-month clock (DOMAIN §4 Limits). */
export const EXECUTION_RECORD_PATCH = 'investigation-links-execution-recorded';

/**
 * Opens case management's task once the decision is served: the adjustment is carried out meanwhile, whether
 * or not the target appeals. Its record is audited with the day it was carried out and whether that was
 * within the limit; the review reaches `final` only after it.
 */
export async function openExecution(state: ResponsibilityReviewState): Promise<void> {
  const { board, candidate } = state;
  if (!needsExecutionRecord(state.decided)) return;
  const task = await board.open({
    stage: ORG_ADJUSTMENT_EXECUTION.stage,
    kind: 'decision',
    ...candidateTask(candidate, ORG_ADJUSTMENT_EXECUTION.title),
    route: state.routes.routeFor(ORG_ADJUSTMENT_EXECUTION.recorder),
    candidateRole: ORG_ADJUSTMENT_EXECUTION.recorder,
    allowedOutcomes: ORG_ADJUSTMENT_EXECUTION.outcomes,
    limitKey: ORG_ADJUSTMENT_EXECUTION.limitKey,
  });
  const execution: NonNullable<ResponsibilityReviewState['execution']> = {
    status: 'OPEN',
    taskId: task.taskId,
    dueAt: iso(task.deadline.dueAtMs),
    executedOn: null,
    withinLimit: null,
    recordedBy: null,
  };
  state.execution = execution;
  state.sideWork.push(
    (async () => {
      const recorded = await board.awaitOutcome(task);
      const executedOn = recorded.decidedOn ?? shanghaiLocalDate(state.clock.now());
      const withinLimit = executedOn <= shanghaiLocalDate(task.deadline.dueAtMs);
      await board.audit('ORG_ADJUSTMENT_EXECUTED', recorded.actorId || null, {
        candidateKey: candidate.candidateKey,
        orgAdjustmentOption: state.decided?.orgAdjustmentOption ?? null,
        executedOn,
        dueAt: execution.dueAt,
        withinLimit,
      });
      Object.assign(execution, { status: 'RECORDED', executedOn, withinLimit, recordedBy: recorded.actorId || null });
      state.record({
        stage: ORG_ADJUSTMENT_EXECUTION.stage,
        action: 'ORG_ADJUSTMENT_EXECUTED',
        actorId: execution.recordedBy,
        comment: withinLimit ? executedOn : `${executedOn} (late)`,
      });
    })(),
  );
}
