import { getExternalWorkflowHandle, workflowInfo } from '@temporalio/workflow';
import {
  CaseFailure,
  rectificationItemChanged,
  type RectificationItemInput,
  type RectificationItemProjection,
  type RectificationItemSummary,
  type RectificationItemView,
} from '@shuangcha/contracts';
import type { HolidayCalendar } from '@shuangcha/domain/calendar';
import type { HumanTask } from '@shuangcha/domain/case';
import { policyByVersion, type CasePolicy } from '@shuangcha/domain/policy';
import { daysOverdue, openItem, type RectificationItem } from '@shuangcha/domain/rectification';
import { persist } from '../engine/activities';
import { AuditTrail } from '../engine/audit-trail';
import { copyOf } from '../engine/copy';
import { iso, reject, TaskBoard } from '../engine/task-board';
import { VirtualClock } from '../engine/virtual-clock';
import { fixedDeadlineRules } from './fixed-deadline-rules';
import { rectificationRoutes } from './routes';

export const WORK_STAGE = 'rectification';
export const VERIFICATION_STAGE = 'verification';

/**
 * The state of one 整改 item and what every step and handler does with it alike: its tasks, the versions
 * the list and the read model see, and opening the responsible person's work.
 */
export class RectificationItemState {
  readonly workflowId = workflowInfo().workflowId;
  readonly policy: CasePolicy;
  readonly clock: VirtualClock;
  readonly deadlines: ReturnType<typeof fixedDeadlineRules>;
  readonly routes: ReturnType<typeof rectificationRoutes>;
  readonly board: TaskBoard;
  calendar: HolidayCalendar;
  item: RectificationItem;
  /** Counts every change; the list keeps the newest summary per item. */
  version = 0;
  projectionVersion = 0;
  remindedUpToMs = 0;
  workTask: HumanTask | null = null;
  private readonly listHandle;

  constructor(
    readonly input: RectificationItemInput,
    calendar: HolidayCalendar,
  ) {
    this.policy = policyByVersion(input.policyVersion);
    this.calendar = calendar;
    this.clock = new VirtualClock(input.epochMs, this.policy.timeScale);
    this.deadlines = fixedDeadlineRules(() => this.calendar, this.policy);
    this.routes = rectificationRoutes(input.participants);
    const spec = input.item;
    this.item = openItem(
      {
        itemKey: spec.itemKey,
        problem: spec.problem,
        measure: spec.measure,
        responsiblePersonId: spec.responsiblePersonId,
        responsibleUnitId: spec.responsibleUnitId,
        evidenceRequirements: spec.evidenceRequirements,
        dueAtMs: Date.parse(spec.dueAt),
      },
      this.clock.now(),
    );
    const { reopened } = input;
    if (reopened) {
      // Reopened by the list's re-check (DOMAIN §6): back to work, the item's history counted on.
      this.item = { ...this.item, state: 'IN_PROGRESS', reopenCount: reopened.reopenCount };
      this.version = reopened.version;
      this.projectionVersion = reopened.version;
    }
    this.board = new TaskBoard({
      // A reopened run keeps the item's workflow id: its audit keys need a prefix the earlier run never used.
      ...(reopened && {
        auditTrail: new AuditTrail(`${this.workflowId}/reopen-${reopened.round}`, input.listId, this.clock),
      }),
      caseId: input.listId,
      workflowId: this.workflowId,
      clock: this.clock,
      rules: this.deadlines.rules,
      // Rectification has no conflict registry; the one exclusion (DOMAIN §6) is checked by the handlers.
      isConflicted: () => false,
      recipientFor: this.routes.recipientFor,
      approverAbove: this.routes.approverAbove,
      supervisors: () => this.routes.supervisors,
      onChange: () => {
        // An extension or a resumed clock moves the item's due date with its task's clock.
        const work = this.workTask;
        if (work?.status === 'OPEN' && work.deadline.dueAtMs !== this.item.dueAtMs)
          this.item = { ...this.item, dueAtMs: work.deadline.dueAtMs };
        void this.publish();
      },
    });
    this.listHandle = getExternalWorkflowHandle(input.listId);
  }

  private escalationLevel(): number {
    return this.workTask?.status === 'OPEN' ? this.workTask.escalationLevel : 0;
  }

  summary(): RectificationItemSummary {
    const { item } = this;
    return {
      itemKey: item.itemKey,
      workflowId: this.workflowId,
      responsiblePersonId: item.responsiblePersonId,
      responsibleUnitId: item.responsibleUnitId,
      state: item.state,
      dueAt: iso(item.dueAtMs),
      submittedAt: item.submission ? iso(item.submission.atMs) : null,
      signedOffAt: item.signedOffAtMs === null ? null : iso(item.signedOffAtMs),
      reopenCount: item.reopenCount,
      flaggedToSupervisors: item.flaggedToSupervisors,
      escalationLevel: this.escalationLevel(),
      accountabilitySuggested: item.accountabilitySuggestedAtMs !== null,
      version: this.version,
    };
  }

  projection(): RectificationItemProjection {
    const { item } = this;
    const last = item.progressReports.at(-1);
    const evidence = item.submission?.evidence ?? [];
    return {
      listId: this.input.listId,
      itemKey: item.itemKey,
      workflowId: this.workflowId,
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
      escalationLevel: this.escalationLevel(),
      extensionCount: this.workTask?.extensionCount ?? 0,
      progressReportCount: item.progressReports.length,
      lastProgressAt: last ? iso(last.atMs) : null,
      accountabilitySuggestedAt:
        item.accountabilitySuggestedAtMs === null ? null : iso(item.accountabilitySuggestedAtMs),
      evidenceRequirements: item.evidenceRequirements.map((r) => ({ ...r })),
      evidence: evidence.map((e) => ({ ...e })),
      projectionVersion: this.projectionVersion,
    };
  }

  view(): RectificationItemView {
    const { item } = this;
    const overdueDays = daysOverdue(item, this.clock.now());
    return copyOf({
      ...this.summary(),
      listId: this.input.listId,
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
      tasks: this.board.views(),
    });
  }

  /** Every change: a new version to the read model and to the list (which keeps the newest per item). */
  async publish(): Promise<void> {
    this.version += 1;
    this.projectionVersion += 1;
    const snapshot = this.summary();
    // A closed list cannot be signalled; the item's own row still records the change.
    this.listHandle.signal(rectificationItemChanged, snapshot).catch(() => undefined);
    await persist.projectRectificationItem(this.projection());
  }

  async openWorkTask(): Promise<HumanTask> {
    this.workTask = await this.board.open({
      stage: WORK_STAGE,
      kind: 'decision',
      title: `Rectify item ${this.item.itemKey} of list ${this.input.listNo}`,
      route: [this.item.responsiblePersonId],
      candidateRole: 'responsiblePerson',
      allowedOutcomes: ['SUBMITTED'],
      limitKey: 'approval',
      deadline: this.deadlines.startFixed(this.clock.now(), this.item.dueAtMs),
    });
    return this.workTask;
  }

  // By stage, not by the task last opened: a task is visible to updates while board.open is still projecting it.
  isTask(taskId: string, stage: typeof WORK_STAGE | typeof VERIFICATION_STAGE): boolean {
    const task = this.board.tasks.get(taskId);
    return task?.stage === stage && task.kind === 'decision';
  }

  openWorkTaskOrReject(): HumanTask {
    const open = this.board.openTasks().find((t) => t.stage === WORK_STAGE);
    if (!open)
      reject(CaseFailure.WrongStage, `item ${this.item.itemKey} is ${this.item.state}; no rectification work is open`);
    return open;
  }
}
