import { condition, patched } from '@temporalio/workflow';
import { tallyVotes, type HumanTask } from '@shuangcha/domain/case';
import { persist } from './activities';
import type { TaskBoard, TaskOutcome } from './task-board';
import {
  DECISION_ONE_COMMIT_PATCH,
  GRADED_WARNINGS_PATCH,
  iso,
  REMIND_BEFORE_DUE_PATCH,
  stepsTakenForCurrentDueDate,
} from './task-plumbing';

/**
 * The clocks of a board's open tasks: the wait for a decision, the reminders and escalation steps of the
 * policy's ladder and the graded warnings (yellow, red) as a task's time runs down (DOMAIN §7).
 */
export class TaskTimers {
  constructor(private readonly board: TaskBoard) {}

  /** Waits for the task's decision, firing reminders and escalation steps as their times pass. */
  async awaitOutcome(task: HumanTask): Promise<TaskOutcome> {
    for (;;) {
      if (task.status !== 'OPEN') break;
      const seenVersion = task.version;
      const running = task.deadline.suspension === null;
      const nextStep = running ? this.nextEscalationStep(task) : undefined;
      // An alert instant is the end of a working day (23:59:59.999); like the due date itself, it has
      // passed only after that instant, so the step at T finds the task overdue.
      const stepDueAt = nextStep ? nextStep.at + 1 : undefined;
      const nextWarning =
        running && patched(GRADED_WARNINGS_PATCH)
          ? this.board.ctx.rules().nextWarningChange(task.deadline, this.board.ctx.clock.now(), task.warningLevel)
          : undefined;
      const changed = () => task.status !== 'OPEN' || task.version !== seenVersion;
      const wakeAt = Math.min(stepDueAt ?? Infinity, nextWarning?.at ?? Infinity);
      if (wakeAt === Infinity) {
        await condition(changed);
        continue;
      }
      const decidedOrChanged = await condition(changed, this.board.ctx.clock.delayUntil(wakeAt));
      if (decidedOrChanged || task.status !== 'OPEN') continue;
      if (nextStep && stepDueAt === wakeAt) await this.escalate(task, nextStep.level, nextStep.notify, nextStep.at);
      else if (nextWarning) await this.warn(task, nextWarning.level);
    }
    if (!patched(DECISION_ONE_COMMIT_PATCH) || !this.board.rows.shows(task)) await this.board.project(task);
    return {
      taskId: task.taskId,
      outcome: task.outcome ?? '',
      actorId: task.decidedBy ?? '',
      comment: task.comment,
      reason: task.reason,
      ...(task.decidedOn && { decidedOn: task.decidedOn }),
      dissent: task.kind === 'collectiveDecision' ? tallyVotes(task.voterIds ?? [], task.votes ?? {}).dissent : [],
    };
  }

  /**
   * The first step of the escalation ladder not yet taken for the current due date. Before the patch a task
   * started at level 0 and only steps above its level counted, so the level-0 reminder never fired.
   */
  private nextEscalationStep(task: HumanTask) {
    const steps = this.board.ctx.rules().escalationSteps(task.deadline.dueAtMs);
    if (!patched(REMIND_BEFORE_DUE_PATCH)) return steps.find((s) => s.level > task.escalationLevel);
    const taken = stepsTakenForCurrentDueDate(task);
    return steps.find((s) => s.level >= task.escalationLevel && !taken.has(s.level));
  }

  private async escalate(task: HumanTask, level: number, notify: string, stepAt: number): Promise<void> {
    const now = this.board.ctx.clock.now();
    task.escalationLevel = level;
    // A compressed clock may wake a millisecond short of the step; the step's own instant decides.
    task.warningLevel = this.board.ctx.rules().warning(task.deadline, Math.max(now, stepAt + 1));
    const recipientId = this.board.deliverableTo(this.board.ctx.recipientFor(notify, task));
    const kind = stepAt < task.deadline.dueAtMs ? 'reminder' : 'escalation';
    task.history.push({
      at: iso(now),
      action: kind.toUpperCase(),
      actorId: null,
      detail: { level, notify, recipientId },
    });
    await persist.recordNotification({
      notificationKey: `${this.board.ctx.workflowId}:${task.taskId}:escalation:${level}:${task.version}`,
      caseId: this.board.ctx.caseId,
      taskId: task.taskId,
      kind,
      level,
      recipientRole: notify,
      recipientId,
      at: iso(now),
    });
    await this.board.audit(kind === 'reminder' ? 'TASK_REMINDER' : 'TASK_ESCALATED', null, {
      taskId: task.taskId,
      level,
      notify,
      recipientId,
    });
    await this.board.project(task);
    this.board.ctx.onChange();
  }

  /** Graded warning (yellow, red) to the assignee as the task's time runs down; overdue is the escalation's. */
  private async warn(task: HumanTask, warningLevel: HumanTask['warningLevel']): Promise<void> {
    const now = this.board.ctx.clock.now();
    task.warningLevel = warningLevel;
    const recipientId = this.board.deliverableTo(task.assigneeId);
    task.history.push({ at: iso(now), action: 'WARNING', actorId: null, detail: { warningLevel, recipientId } });
    await persist.recordNotification({
      notificationKey: `${this.board.ctx.workflowId}:${task.taskId}:warning:${warningLevel}:${task.version}`,
      caseId: this.board.ctx.caseId,
      taskId: task.taskId,
      kind: 'warning',
      level: task.escalationLevel,
      recipientRole: 'assignee',
      recipientId,
      at: iso(now),
    });
    await this.board.audit('TASK_WARNING', null, { taskId: task.taskId, warningLevel, recipientId });
    await this.board.project(task);
    this.board.ctx.onChange();
  }
}
