import { setHandler } from '@temporalio/workflow';
import {
  calendarUpdated,
  CaseFailure,
  getRectificationItem,
  reportRectificationProgress,
  submitDecision,
  submitRectification,
  type DecisionInput,
  type ProgressReportInput,
  type RectificationSubmissionInput,
} from '@shuangcha/contracts';
import {
  applyProgressReport,
  applySubmission,
  applyVerification,
  checkProgressReport,
  checkSubmission,
  checkVerification,
  daysOverdue,
  type RectificationRejection,
  type VerificationOutcome,
} from '@shuangcha/domain/rectification';
import { recordThenApply } from '../engine/record-first';
import { iso, reject, rejectUnsafeText } from '../engine/task-board';
import { registerTaskUpdates } from '../engine/task-updates';
import { VERIFICATION_STAGE, WORK_STAGE, type RectificationItemState } from './item-state';

const FAILURE_OF: Record<RectificationRejection['type'], CaseFailure> = {
  WrongStage: CaseFailure.WrongStage,
  NotResponsiblePerson: CaseFailure.NotAssignee,
  VerifierIsResponsiblePerson: CaseFailure.VerifierIsResponsiblePerson,
  MissingEvidence: CaseFailure.MissingEvidence,
  InvalidEvidence: CaseFailure.InvalidDecision,
  InvalidDecision: CaseFailure.InvalidDecision,
};
function rejectWith(rejection: RectificationRejection | null): void {
  if (rejection) reject(FAILURE_OF[rejection.type], rejection.message);
}

async function reportProgress(state: RectificationItemState, report: ProgressReportInput) {
  const { board } = state;
  const task = state.openWorkTaskOrReject();
  const now = state.clock.now();
  await recordThenApply(
    () =>
      board.audit('RECTIFICATION_PROGRESS_REPORTED', report.actorId, {
        itemKey: state.item.itemKey,
        attachments: report.attachments.map((a) => ({ id: a.id, sha256: a.sha256, kind: a.kind })),
      }),
    () => {
      state.item = applyProgressReport(state.item, {
        atMs: now,
        actorId: report.actorId,
        summary: report.summary,
        attachments: report.attachments,
      });
      task.history.push({
        at: iso(now),
        action: 'PROGRESS_REPORTED',
        actorId: report.actorId,
        detail: { attachments: report.attachments.map((a) => a.id) },
      });
    },
  );
  await board.project(task);
  await state.publish();
  return { itemKey: state.item.itemKey, state: state.item.state, version: state.version };
}

/** The responsible person's report that the work is done, as the decision on their task. */
function submissionDecision(state: RectificationItemState, actorId: string, comment: string): DecisionInput {
  const task = state.openWorkTaskOrReject();
  return { taskId: task.taskId, taskVersion: task.version, actorId, outcome: 'SUBMITTED', comment, basis: [] };
}

async function submit(state: RectificationItemState, submission: RectificationSubmissionInput) {
  const { board } = state;
  // The item moves when the decision is recorded, not before: a refused write leaves it as it was.
  await board.applyDecision(submissionDecision(state, submission.actorId, submission.summary), {
    apply: () => {
      state.item = applySubmission(state.item, {
        atMs: state.clock.now(),
        actorId: submission.actorId,
        summary: submission.summary,
        evidence: submission.evidence,
      });
    },
  });
  await board.audit('RECTIFICATION_SUBMITTED', submission.actorId, {
    itemKey: state.item.itemKey,
    evidence: submission.evidence.map((e) => ({ id: e.id, sha256: e.sha256, kind: e.kind })),
    daysOverdue: daysOverdue(state.item, state.clock.now()),
  });
  await state.publish();
  return { itemKey: state.item.itemKey, state: state.item.state, version: state.version };
}

type DecisionResult = { taskId: string; outcome: string; stage: string };

function decisionResult(state: RectificationItemState, decision: DecisionInput): DecisionResult {
  const task = state.board.tasks.get(decision.taskId);
  return { taskId: decision.taskId, outcome: decision.outcome, stage: task?.stage ?? '' };
}

/** PASS signs the item off; FAIL reopens it, and reopened too often it is flagged to the supervisors. */
async function verify(state: RectificationItemState, decision: DecisionInput): Promise<DecisionResult> {
  const { board } = state;
  let before = state.item;
  await board.applyDecision(decision, {
    apply: () => {
      before = state.item;
      state.item = applyVerification(state.item, {
        atMs: state.clock.now(),
        verifierId: decision.actorId,
        outcome: decision.outcome as VerificationOutcome,
        reason: decision.reason ?? null,
      });
    },
  });
  const { item } = state;
  if (item.state === 'VERIFIED_CLOSED') {
    await board.audit('RECTIFICATION_SIGNED_OFF', decision.actorId, { itemKey: item.itemKey });
  } else {
    await board.audit('RECTIFICATION_REOPENED', decision.actorId, {
      itemKey: item.itemKey,
      reason: decision.reason,
      reopenCount: item.reopenCount,
    });
    if (item.flaggedToSupervisors && !before.flaggedToSupervisors) {
      await board.audit('RECTIFICATION_FLAGGED_TO_SUPERVISORS', null, {
        itemKey: item.itemKey,
        reopenCount: item.reopenCount,
        supervisors: state.routes.supervisors,
      });
    }
  }
  await state.publish();
  return decisionResult(state, decision);
}

async function decideOther(state: RectificationItemState, decision: DecisionInput): Promise<DecisionResult> {
  await state.board.applyDecision(decision);
  return decisionResult(state, decision);
}

/** Wires the item's Updates, Queries and Signals to its state. */
export function registerRectificationItemHandlers(state: RectificationItemState): void {
  const { board } = state;
  setHandler(getRectificationItem, () => state.view());

  setHandler(reportRectificationProgress, (report) => reportProgress(state, report), {
    validator: (report) => {
      rejectUnsafeText(report);
      rejectWith(checkProgressReport(state.item, report));
      state.openWorkTaskOrReject();
    },
  });

  setHandler(submitRectification, (submission) => submit(state, submission), {
    validator: (submission) => {
      rejectUnsafeText(submission);
      rejectWith(checkSubmission(state.item, submission));
      board.validateDecision(submissionDecision(state, submission.actorId, ''));
    },
  });

  setHandler(
    submitDecision,
    (decision) =>
      state.isTask(decision.taskId, VERIFICATION_STAGE) ? verify(state, decision) : decideOther(state, decision),
    {
      validator: (decision) => {
        if (state.isTask(decision.taskId, WORK_STAGE)) {
          reject(
            CaseFailure.InvalidDecision,
            'the responsible person reports an item done with submitRectification, with its evidence',
          );
        }
        if (state.isTask(decision.taskId, VERIFICATION_STAGE) && board.tasks.get(decision.taskId)?.status === 'OPEN') {
          rejectWith(
            checkVerification(state.item, {
              verifierId: decision.actorId,
              outcome: decision.outcome,
              reason: decision.reason,
            }),
          );
        }
        board.validateDecision(decision);
      },
    },
  );

  registerTaskUpdates(board);
  setHandler(calendarUpdated, (schedule) => {
    state.calendar = state.calendar.withYear(schedule);
    void board.recomputeProvisional();
  });
}
