import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  calendarUpdated,
  CaseFailure,
  getRectificationItem,
  rectificationItemChanged,
  reportRectificationProgress,
  submitDecision,
  submitRectification,
  type RectificationItemInput,
  type RectificationItemProjection,
  type RectificationItemResult,
  type RectificationItemSummary,
  type RectificationItemView,
} from '@shuangcha/contracts';
import type { HumanTask } from '@shuangcha/domain/case';
import { HolidayCalendar } from '@shuangcha/domain/calendar';
import { policyByVersion } from '@shuangcha/domain/policy';
import {
  applyProgressReport,
  applySubmission,
  applyVerification,
  checkProgressReport,
  checkSubmission,
  checkVerification,
  daysOverdue,
  nextAlarm,
  openItem,
  type RectificationItem,
  type RectificationRejection,
  type VerificationOutcome,
} from '@shuangcha/domain/rectification';
import { calendarActivities, persist } from './engine/activities';
import { copyOf } from './engine/copy';
import { iso, reject, rejectUnsafeText, TaskBoard } from './engine/task-board';
import { recordThenApply } from './engine/record-first';
import { registerTaskUpdates } from './engine/task-updates';
import { VirtualClock } from './engine/virtual-clock';
import { fixedDeadlineRules } from './rectification/fixed-deadline-rules';
import { rectificationRoutes } from './rectification/routes';

const WORK_STAGE = 'rectification';
const VERIFICATION_STAGE = 'verification';

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

/**
 * 整改: one item of a problem list, from assignment to sign-off (销号), DOMAIN §6. The responsible person
 * holds a task due on the item's own date (reminders, escalation, extensions by the TaskBoard); reporting
 * done opens a verification task for the commission; a failed verification reopens the item with a new
 * task on the same date. Progress reports are expected every `reportIntervalDays`, and an item
 * `overdueToAccountabilityDays` past due becomes a suggestion for a new accountability case.
 *
 * Audit entries go to the list's chain (caseId = list workflow id) under this workflow's own keys.
 */
export async function rectificationItem(input: RectificationItemInput): Promise<RectificationItemResult> {
  const { workflowId } = workflowInfo();
  const policy = policyByVersion(input.policyVersion);
  let calendar = HolidayCalendar.fromSchedules(await calendarActivities.loadHolidaySchedules());
  const clock = new VirtualClock(input.epochMs, policy.timeScale);
  const deadlines = fixedDeadlineRules(() => calendar, policy);
  const routes = rectificationRoutes(input.participants);
  const spec = input.item;
  let item: RectificationItem = openItem(
    {
      itemKey: spec.itemKey,
      problem: spec.problem,
      measure: spec.measure,
      responsiblePersonId: spec.responsiblePersonId,
      responsibleUnitId: spec.responsibleUnitId,
      evidenceRequirements: spec.evidenceRequirements,
      dueAtMs: Date.parse(spec.dueAt),
    },
    clock.now(),
  );
  let version = 0;
  let projectionVersion = 0;
  let remindedUpToMs = 0;
  let workTask: HumanTask | null = null;

  const board: TaskBoard = new TaskBoard({
    caseId: input.listId,
    workflowId,
    clock,
    rules: deadlines.rules,
    // Rectification has no conflict registry; the one exclusion (DOMAIN §6) is checked explicitly below.
    isConflicted: () => false,
    recipientFor: routes.recipientFor,
    approverAbove: routes.approverAbove,
    supervisors: () => routes.supervisors,
    onChange: () => {
      // An extension or a resumed clock moves the item's due date with its task's clock.
      if (workTask?.status === 'OPEN' && workTask.deadline.dueAtMs !== item.dueAtMs)
        item = { ...item, dueAtMs: workTask.deadline.dueAtMs };
      void publish();
    },
  });

  const listHandle = getExternalWorkflowHandle(input.listId);
  function summary(): RectificationItemSummary {
    return {
      itemKey: item.itemKey,
      workflowId,
      responsiblePersonId: item.responsiblePersonId,
      responsibleUnitId: item.responsibleUnitId,
      state: item.state,
      dueAt: iso(item.dueAtMs),
      submittedAt: item.submission ? iso(item.submission.atMs) : null,
      signedOffAt: item.signedOffAtMs === null ? null : iso(item.signedOffAtMs),
      reopenCount: item.reopenCount,
      flaggedToSupervisors: item.flaggedToSupervisors,
      escalationLevel: workTask?.status === 'OPEN' ? workTask.escalationLevel : 0,
      accountabilitySuggested: item.accountabilitySuggestedAtMs !== null,
      version,
    };
  }
  function projection(): RectificationItemProjection {
    const last = item.progressReports.at(-1);
    const evidence = item.submission?.evidence ?? [];
    return {
      listId: input.listId,
      itemKey: item.itemKey,
      workflowId,
      problem: item.problem,
      measure: item.measure,
      responsiblePersonId: item.responsiblePersonId,
      responsibleUnitId: item.responsibleUnitId,
      state: item.state,
      openedAt: iso(item.openedAtMs),
      dueAt: iso(item.dueAtMs),
      submittedAt: item.submission ? iso(item.submission.atMs) : null,
      signedOffAt: item.signedOffAtMs === null ? null : iso(item.signedOffAtMs),
      signedOffBy: item.signedOffBy,
      reopenCount: item.reopenCount,
      flaggedToSupervisors: item.flaggedToSupervisors,
      escalationLevel: workTask?.status === 'OPEN' ? workTask.escalationLevel : 0,
      extensionCount: workTask?.extensionCount ?? 0,
      progressReportCount: item.progressReports.length,
      lastProgressAt: last ? iso(last.atMs) : null,
      accountabilitySuggestedAt:
        item.accountabilitySuggestedAtMs === null ? null : iso(item.accountabilitySuggestedAtMs),
      evidenceRequirements: item.evidenceRequirements.map((r) => ({ ...r })),
      evidence: evidence.map((e) => ({ ...e })),
      projectionVersion,
    };
  }
  /** Every change: a new version to the read model and to the list (which keeps the newest per item). */
  async function publish(): Promise<void> {
    version += 1;
    projectionVersion += 1;
    const snapshot = summary();
    // A closed list cannot be signalled; the item's own row still records the change.
    listHandle.signal(rectificationItemChanged, snapshot).catch(() => undefined);
    await persist.projectRectificationItem(projection());
  }

  async function openWorkTask(): Promise<HumanTask> {
    workTask = await board.open({
      stage: WORK_STAGE,
      kind: 'decision',
      title: `Rectify item ${item.itemKey} of list ${input.listNo}`,
      route: [item.responsiblePersonId],
      candidateRole: 'responsiblePerson',
      allowedOutcomes: ['SUBMITTED'],
      limitKey: 'approval',
      deadline: deadlines.startFixed(clock.now(), item.dueAtMs),
    });
    return workTask;
  }

  setHandler(getRectificationItem, (): RectificationItemView => {
    const now = clock.now();
    const overdueDays = daysOverdue(item, now);
    return copyOf({
      ...summary(),
      listId: input.listId,
      problem: item.problem,
      measure: item.measure,
      overdue: overdueDays > 0,
      daysOverdue: overdueDays,
      evidenceRequirements: item.evidenceRequirements.map((r) => ({ ...r })),
      progressReports: item.progressReports.map((r) => ({
        at: iso(r.atMs),
        actorId: r.actorId,
        summary: r.summary,
        attachments: [...r.attachments],
      })),
      submission: item.submission
        ? {
            at: iso(item.submission.atMs),
            actorId: item.submission.actorId,
            summary: item.submission.summary,
            evidence: [...item.submission.evidence],
          }
        : null,
      verifications: item.verifications.map((v) => ({
        at: iso(v.atMs),
        verifierId: v.verifierId,
        outcome: v.outcome,
        reason: v.reason,
      })),
      tasks: board.views(),
    });
  });

  // By stage, not by variable: a task is visible to updates while board.open is still projecting it.
  const isVerificationTask = (taskId: string) => {
    const task = board.tasks.get(taskId);
    return task?.stage === VERIFICATION_STAGE && task.kind === 'decision';
  };
  const isWorkTask = (taskId: string) => {
    const task = board.tasks.get(taskId);
    return task?.stage === WORK_STAGE && task.kind === 'decision';
  };
  const openWorkTaskOrReject = (): HumanTask => {
    const open = board.openTasks().find((t) => t.stage === WORK_STAGE);
    if (!open) reject(CaseFailure.WrongStage, `item ${item.itemKey} is ${item.state}; no rectification work is open`);
    return open;
  };

  setHandler(
    reportRectificationProgress,
    async (report) => {
      const task = openWorkTaskOrReject();
      const now = clock.now();
      await recordThenApply(
        () =>
          board.audit('RECTIFICATION_PROGRESS_REPORTED', report.actorId, {
            itemKey: item.itemKey,
            attachments: report.attachments.map((a) => ({ id: a.id, sha256: a.sha256, kind: a.kind })),
          }),
        () => {
          item = applyProgressReport(item, {
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
      await publish();
      return { itemKey: item.itemKey, state: item.state, version };
    },
    {
      validator: (report) => {
        rejectUnsafeText(report);
        rejectWith(checkProgressReport(item, report));
        openWorkTaskOrReject();
      },
    },
  );

  setHandler(
    submitRectification,
    async (submission) => {
      const task = openWorkTaskOrReject();
      // The item moves when the decision is recorded, not before: a refused write leaves it as it was.
      await board.applyDecision(
        {
          taskId: task.taskId,
          taskVersion: task.version,
          actorId: submission.actorId,
          outcome: 'SUBMITTED',
          comment: submission.summary,
          basis: [],
        },
        {
          apply: () => {
            item = applySubmission(item, {
              atMs: clock.now(),
              actorId: submission.actorId,
              summary: submission.summary,
              evidence: submission.evidence,
            });
          },
        },
      );
      await board.audit('RECTIFICATION_SUBMITTED', submission.actorId, {
        itemKey: item.itemKey,
        evidence: submission.evidence.map((e) => ({ id: e.id, sha256: e.sha256, kind: e.kind })),
        daysOverdue: daysOverdue(item, clock.now()),
      });
      await publish();
      return { itemKey: item.itemKey, state: item.state, version };
    },
    {
      validator: (submission) => {
        rejectUnsafeText(submission);
        rejectWith(checkSubmission(item, submission));
        const task = openWorkTaskOrReject();
        board.validateDecision({
          taskId: task.taskId,
          taskVersion: task.version,
          actorId: submission.actorId,
          outcome: 'SUBMITTED',
          comment: '',
          basis: [],
        });
      },
    },
  );

  setHandler(
    submitDecision,
    async (decision) => {
      const isVerification = isVerificationTask(decision.taskId);
      if (isVerification) {
        let before = item;
        await board.applyDecision(decision, {
          apply: () => {
            before = item;
            item = applyVerification(item, {
              atMs: clock.now(),
              verifierId: decision.actorId,
              outcome: decision.outcome as VerificationOutcome,
              reason: decision.reason ?? null,
            });
          },
        });
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
              supervisors: routes.supervisors,
            });
          }
        }
        await publish();
      } else {
        await board.applyDecision(decision);
      }
      const task = board.tasks.get(decision.taskId);
      return { taskId: decision.taskId, outcome: decision.outcome, stage: task?.stage ?? '' };
    },
    {
      validator: (decision) => {
        if (isWorkTask(decision.taskId)) {
          reject(
            CaseFailure.InvalidDecision,
            'the responsible person reports an item done with submitRectification, with its evidence',
          );
        }
        if (isVerificationTask(decision.taskId) && board.tasks.get(decision.taskId)?.status === 'OPEN') {
          rejectWith(
            checkVerification(item, {
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
    calendar = calendar.withYear(schedule);
    void board.recomputeProvisional();
  });

  /** Timers nobody waits on a person for: missing progress reports and the accountability suggestion. */
  async function watchAlarms(): Promise<void> {
    while (item.state !== 'VERIFIED_CLOSED') {
      const seen = version;
      const alarm = nextAlarm(item, policy.rectification, remindedUpToMs);
      if (!alarm) {
        await condition(() => version !== seen);
        continue;
      }
      if (await condition(() => version !== seen, clock.delayUntil(alarm.atMs))) continue;
      const now = clock.now();
      if (alarm.kind === 'progressReportDue') {
        remindedUpToMs = alarm.atMs;
        await persist.recordNotification({
          notificationKey: `${workflowId}:progress-report-due:${alarm.atMs}`,
          caseId: input.listId,
          taskId: workTask?.taskId ?? '',
          kind: 'reminder',
          level: 0,
          recipientRole: 'responsiblePerson',
          recipientId: item.responsiblePersonId,
          at: iso(now),
        });
        await board.audit('RECTIFICATION_PROGRESS_REPORT_DUE', null, { itemKey: item.itemKey, dueAt: iso(alarm.atMs) });
        continue;
      }
      item = { ...item, accountabilitySuggestedAtMs: now };
      await persist.recordAccountabilitySuggestion({
        suggestionKey: `${workflowId}:accountability-suggestion`,
        listId: input.listId,
        itemKey: item.itemKey,
        responsibleUnitId: item.responsibleUnitId,
        responsiblePersonId: item.responsiblePersonId,
        dueAt: iso(item.dueAtMs),
        daysOverdue: daysOverdue(item, now),
        suggestedAt: iso(now),
      });
      await board.audit('ACCOUNTABILITY_SUGGESTED', null, {
        itemKey: item.itemKey,
        daysOverdue: daysOverdue(item, now),
        responsibleUnitId: item.responsibleUnitId,
      });
      await publish();
    }
  }

  await board.audit('RECTIFICATION_ITEM_OPENED', null, {
    itemKey: item.itemKey,
    responsiblePersonId: item.responsiblePersonId,
    dueAt: iso(item.dueAtMs),
  });
  let work = await openWorkTask();
  await publish();
  const alarms = watchAlarms();

  for (;;) {
    // Returns at once when the item was reported done while the task was still being opened.
    await board.awaitOutcome(work);
    const verifiers = routes.verifiersFor(item.responsiblePersonId);
    const verification = await board.open({
      stage: VERIFICATION_STAGE,
      kind: 'decision',
      title: `Verify item ${item.itemKey} of list ${input.listNo}`,
      route: verifiers,
      candidateRole: 'verifier',
      allowedOutcomes: ['PASS', 'FAIL'],
      limitKey: 'approval',
    });
    await board.awaitOutcome(verification);
    if (item.state === 'VERIFIED_CLOSED') break;
    // Reopened: the work goes back on the item's own date; a failed check buys no time.
    work = await openWorkTask();
    await publish();
  }
  await board.drain();
  await alarms;
  await condition(allHandlersFinished);
  await publish();
  return { itemKey: item.itemKey, state: item.state, version };
}
