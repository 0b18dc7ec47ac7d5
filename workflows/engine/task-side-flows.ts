import { patched } from '@temporalio/workflow';
import { type ExtensionRequestInput, type ReassignInput, type SuspensionRequestInput } from '@shuangcha/contracts';
import {
  checkExtensionRequest,
  checkReassign,
  checkResume,
  checkSuspensionRequest,
  firstEligible,
  type HumanTask,
  type TaskKind,
} from '@shuangcha/domain/case';
import { persist } from './activities';
import { recordThenApply } from './record-first';
import type { TaskBoard } from './task-board';
import { iso, REASSIGNMENT_NOTICE_PATCH, refuse, rejectUnsafeText } from './task-plumbing';

/** An extension request goes to the approver as many levels up as its limit's `approvalLevelsUp` says. */
export const EXTENSION_LEVELS_UP_PATCH = 'extension-approval-levels-up';

/**
 * The requests beside a decision (DOMAIN §7): an extension or a clock suspension, each an approval task one
 * level up that runs beside the stage; resuming a clock; a supervisor's reassignment; and the moves the
 * case makes itself (rerouting a recused holder, recomputing provisional due dates). Their checks are the
 * pure functions of libs/domain/src/case/task-requests.ts.
 */
export class TaskSideFlows {
  constructor(private readonly board: TaskBoard) {}

  private pending(kind: TaskKind, taskId: string): boolean {
    return this.board.openTasks().some((t) => t.kind === kind && t.targetTaskId === taskId);
  }

  // ---- extensions ------------------------------------------------------------------------------

  validateExtensionRequest(input: ExtensionRequestInput): void {
    rejectUnsafeText(input);
    const task = this.board.tasks.get(input.taskId);
    refuse(
      checkExtensionRequest(task, input, {
        isConflicted: this.board.ctx.isConflicted,
        pendingApproval: this.pending('extensionApproval', input.taskId),
        maxExtensions: task ? this.board.ctx.rules().maxExtensions(task.limitKey) : 0,
      }),
    );
  }

  async applyExtensionRequest(input: ExtensionRequestInput): Promise<HumanTask> {
    const task = this.board.task(input.taskId);
    const now = this.board.ctx.clock.now();
    const late = now > task.deadline.dueAtMs;
    const requestedAt = now;
    await recordThenApply(
      () => this.board.audit('EXTENSION_REQUESTED', input.actorId, { taskId: task.taskId, reason: input.reason, late }),
      () =>
        task.history.push({
          at: iso(now),
          action: late ? 'LATE_EXTENSION_REQUESTED' : 'EXTENSION_REQUESTED',
          actorId: input.actorId,
          detail: { reason: input.reason },
        }),
    );
    // DOMAIN §7: the limit says how far up its extension goes (the investigation's second 90 days: two levels).
    const levelsUp = patched(EXTENSION_LEVELS_UP_PATCH)
      ? this.board.ctx.rules().extensionLevelsUp(task.limitKey)
      : undefined;
    const approval = await this.board.open({
      stage: task.stage,
      kind: 'extensionApproval',
      title: `${late ? 'Late extension' : 'Extension'} request for: ${task.title}`,
      route: this.board.ctx.approverAbove(task.assigneeId, levelsUp),
      candidateRole: 'approverAbove',
      allowedOutcomes: ['GRANT', 'REFUSE'],
      limitKey: 'approval',
      targetTaskId: task.taskId,
      concernsPersonId: task.concernsPersonId,
    });
    this.board.background(async () => {
      const decided = await this.board.awaitOutcome(approval);
      const when = this.board.ctx.clock.now();
      const extended =
        decided.outcome === 'GRANT' && task.status === 'OPEN'
          ? this.board.ctx.rules().extend(task.deadline, requestedAt, when, input.reason)
          : null;
      if (extended?.granted) {
        const from = task.deadline.dueAtMs;
        task.deadline = extended.clock;
        task.extensionCount += 1;
        task.escalationLevel = 0;
        task.version += 1;
        task.warningLevel = this.board.ctx.rules().warning(task.deadline, when);
        task.history.push({
          at: iso(when),
          action: 'EXTENSION_GRANTED',
          actorId: decided.actorId,
          detail: { from: iso(from), to: iso(task.deadline.dueAtMs), flags: extended.flags },
        });
        await this.board.audit('DUE_DATE_RECALCULATED', decided.actorId, {
          taskId: task.taskId,
          cause: 'EXTENSION',
          from: iso(from),
          to: iso(task.deadline.dueAtMs),
          flags: extended.flags,
        });
      } else {
        task.history.push({
          at: iso(when),
          action: 'EXTENSION_REFUSED',
          actorId: decided.actorId,
          detail: { reason: decided.reason ?? decided.comment },
        });
        await this.board.audit('EXTENSION_REFUSED', decided.actorId, { taskId: task.taskId });
      }
      await this.board.rows.write(task);
      this.board.ctx.onChange();
    });
    return approval;
  }

  // ---- clock suspension --------------------------------------------------------------------------

  validateSuspensionRequest(input: SuspensionRequestInput): void {
    rejectUnsafeText(input);
    refuse(
      checkSuspensionRequest(this.board.tasks.get(input.taskId), input, {
        isConflicted: this.board.ctx.isConflicted,
        pendingApproval: this.pending('suspensionApproval', input.taskId),
      }),
    );
  }

  async applySuspensionRequest(input: SuspensionRequestInput): Promise<HumanTask> {
    const task = this.board.task(input.taskId);
    await this.board.audit('CLOCK_SUSPENSION_REQUESTED', input.actorId, { taskId: task.taskId, reason: input.reason });
    const approval = await this.board.open({
      stage: task.stage,
      kind: 'suspensionApproval',
      title: `Suspend the clock of: ${task.title}`,
      route: this.board.ctx.approverAbove(task.assigneeId),
      candidateRole: 'approverAbove',
      allowedOutcomes: ['APPROVE', 'REFUSE'],
      limitKey: 'approval',
      targetTaskId: task.taskId,
      concernsPersonId: task.concernsPersonId,
    });
    this.board.background(async () => {
      const decided = await this.board.awaitOutcome(approval);
      if (decided.outcome !== 'APPROVE' || task.status !== 'OPEN') {
        await this.board.audit('CLOCK_SUSPENSION_REFUSED', decided.actorId, { taskId: task.taskId });
        return;
      }
      const when = this.board.ctx.clock.now();
      task.deadline = this.board.ctx.rules().suspend(task.deadline, when, input.reason);
      task.version += 1;
      task.history.push({
        at: iso(when),
        action: 'CLOCK_SUSPENDED',
        actorId: decided.actorId,
        detail: { reason: input.reason },
      });
      await this.board.audit('CLOCK_SUSPENDED', decided.actorId, { taskId: task.taskId, reason: input.reason });
      await this.board.rows.write(task);
      this.board.ctx.onChange();
    });
    return approval;
  }

  validateResume(input: SuspensionRequestInput): void {
    rejectUnsafeText(input);
    const task = this.board.tasks.get(input.taskId);
    refuse(
      checkResume(task, input, {
        isConflicted: this.board.ctx.isConflicted,
        approversAbove: task ? this.board.ctx.approverAbove(task.assigneeId) : [],
      }),
    );
  }

  async applyResume(input: SuspensionRequestInput): Promise<HumanTask> {
    const task = this.board.task(input.taskId);
    const now = this.board.ctx.clock.now();
    const from = task.deadline.dueAtMs;
    const resumed = this.board.ctx.rules().resume(task.deadline, now);
    const deadline = resumed.ok ? resumed.clock : task.deadline;
    const suspendedWd = resumed.ok ? resumed.suspendedWd : 0;
    await recordThenApply(
      () =>
        this.board.audit('DUE_DATE_RECALCULATED', input.actorId, {
          taskId: task.taskId,
          cause: 'SUSPENSION',
          from: iso(from),
          to: iso(deadline.dueAtMs),
          suspendedWd,
        }),
      () => {
        task.deadline = deadline;
        task.escalationLevel = 0;
        task.version += 1;
        task.warningLevel = this.board.ctx.rules().warning(task.deadline, now);
        task.history.push({
          at: iso(now),
          action: 'CLOCK_RESUMED',
          actorId: input.actorId,
          detail: { from: iso(from), to: iso(task.deadline.dueAtMs), suspendedWd, reason: input.reason },
        });
      },
    );
    await this.board.rows.write(task);
    this.board.ctx.onChange();
    return task;
  }

  // ---- reassignment and recusal ------------------------------------------------------------------

  validateReassign(input: ReassignInput): void {
    rejectUnsafeText(input);
    const task = this.board.tasks.get(input.taskId);
    refuse(
      checkReassign(task, input, {
        isConflicted: this.board.ctx.isConflicted,
        // The case names its supervisors; the gateway vouches for the rest of the jurisdiction's case-management office.
        supervises:
          this.board.ctx.supervisors().includes(input.actorId) || input.actorAuthority === 'caseManagementOffice',
        separationBreach: task
          ? (this.board.ctx.separationBreach?.(task.candidateRole, input.newAssigneeId) ?? null)
          : null,
      }),
    );
  }

  async applyReassign(input: ReassignInput): Promise<HumanTask> {
    const task = this.board.task(input.taskId);
    const now = this.board.ctx.clock.now();
    const from = task.assigneeId;
    await recordThenApply(
      () =>
        this.board.audit('TASK_REASSIGNED', input.actorId, {
          taskId: task.taskId,
          from,
          to: input.newAssigneeId,
          reason: input.reason,
        }),
      () => {
        task.assigneeId = input.newAssigneeId;
        task.version += 1;
        task.history.push({
          at: iso(now),
          action: 'REASSIGNED',
          actorId: input.actorId,
          detail: { from, to: input.newAssigneeId, reason: input.reason },
        });
      },
    );
    await this.noticeReassignment(task, now);
    await this.board.rows.write(task);
    this.board.ctx.onChange();
    return task;
  }

  /** After a new conflict, open tasks held by a now-recused person move to the next eligible person. */
  async rerouteConflicted(routeFor: (task: HumanTask) => string[]): Promise<void> {
    for (const task of this.board.openTasks()) {
      if (task.kind === 'collectiveDecision') {
        const voters = (task.voterIds ?? []).filter((id) => !this.board.ctx.isConflicted(id));
        if (voters.length !== task.voterIds?.length) {
          task.voterIds = voters;
          task.version += 1;
          await this.board.rows.write(task);
        }
        continue;
      }
      if (!this.board.ctx.isConflicted(task.assigneeId)) continue;
      const next = firstEligible(routeFor(task), this.board.ctx.isConflicted);
      if (!next) continue;
      const now = this.board.ctx.clock.now();
      const from = task.assigneeId;
      task.assigneeId = next;
      task.version += 1;
      task.history.push({ at: iso(now), action: 'RECUSED_REROUTED', actorId: null, detail: { from, to: next } });
      await this.board.audit('APPROVER_SKIPPED_RECUSED', null, {
        taskId: task.taskId,
        skipped: [from],
        assigneeId: next,
      });
      await this.noticeReassignment(task, now);
      await this.board.rows.write(task);
    }
    this.board.ctx.onChange();
  }

  async recomputeProvisional(): Promise<void> {
    for (const task of this.board.openTasks()) {
      if (!task.deadline.provisional) continue;
      const now = this.board.ctx.clock.now();
      const from = task.deadline.dueAtMs;
      task.deadline = this.board.ctx.rules().recompute(task.deadline, now, 'holiday schedule imported');
      task.version += 1;
      task.history.push({
        at: iso(now),
        action: 'DUE_DATE_RECOMPUTED',
        actorId: null,
        detail: { from: iso(from), to: iso(task.deadline.dueAtMs), provisional: task.deadline.provisional },
      });
      await this.board.audit('DUE_DATE_RECALCULATED', null, {
        taskId: task.taskId,
        cause: 'CALENDAR_IMPORTED',
        from: iso(from),
        to: iso(task.deadline.dueAtMs),
      });
      await this.board.rows.write(task);
    }
    this.board.ctx.onChange();
  }

  /** The new assignee hears of a task that moved to them, by a supervisor's reassignment or a recusal. */
  async noticeReassignment(task: HumanTask, now: number): Promise<void> {
    if (!patched(REASSIGNMENT_NOTICE_PATCH)) return;
    await persist.recordNotification({
      notificationKey: `${this.board.ctx.workflowId}:${task.taskId}:reassignment:${task.version}`,
      caseId: this.board.ctx.caseId,
      taskId: task.taskId,
      kind: 'reassignment',
      level: task.escalationLevel,
      recipientRole: 'assignee',
      recipientId: this.board.deliverableTo(task.assigneeId),
      at: iso(now),
    });
  }
}
