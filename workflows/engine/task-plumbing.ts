import { ApplicationFailure, patched, uuid4 } from '@temporalio/workflow';
import { CaseFailure, taskIdFor, type TaskProjection } from '@shuangcha/contracts';
import type { HumanTask, Rejection } from '@shuangcha/domain/case';
import { firstUnsafeText } from '@shuangcha/domain/text';
import { persist } from './activities';

/** Patch ids of the task board; every workflow with human tasks replays through them (workflows/README.md). */
export const REMIND_BEFORE_DUE_PATCH = 'task-board-remind-before-due';
/** A decision is stored by one local activity in one transaction, and its task is projected once (issue 17). */
export const DECISION_ONE_COMMIT_PATCH = 'decision-one-commit';
/** A task with nobody eligible on its route waits for a replacement instead of failing the workflow. */
/** New task ids name their workflow (`taskIdFor`): the gateway finds the workflow without the read model. */
export const LOCATED_TASK_IDS_PATCH = 'decision-without-read-model-task-ids';

/** A decision's commit retries on a timer, so its Update is accepted while the database is away (issue 15 §2). */
export const COMMIT_ACCEPTING_FIRST_PATCH = 'decision-without-read-model-accepted-first';

/** A new task's id; under LOCATED_TASK_IDS_PATCH it names its workflow (issue 15 §2). */
export function mintTaskId(workflowId: string): string {
  const uuid = uuid4();
  return patched(LOCATED_TASK_IDS_PATCH) ? taskIdFor(uuid, workflowId) : `t-${uuid}`;
}

export const AWAIT_REPLACEMENT_PATCH = 'task-board-await-replacement';
/** Tasks wake when their warning turns yellow or red (DOMAIN §7 graded warnings), not only at escalation steps. */
export const GRADED_WARNINGS_PATCH = 'task-board-graded-warnings';
/** A decided collective vote writes its attendance and dissent to the audit log. */
export const COLLECTIVE_RECORD_PATCH = 'task-board-collective-record';
/** A reassigned or rerouted task notifies its new assignee (GET /notifications). */
export const REASSIGNMENT_NOTICE_PATCH = 'task-board-reassignment-notice';

/** Where a board's rows belong: the case they are part of and the workflow that owns them. */
export interface RowOwner {
  caseId: string;
  workflowId: string;
}

/**
 * The task rows of one board in the read model. Every write takes the next projection version, so a late
 * retry never overwrites a newer row; each task remembers the task version its row shows and its latest
 * write, so a decided task is written once and a commit overtaken by a later write is written again.
 */
export class TaskRows {
  private version = 0;
  private readonly shownVersion = new Map<string, number>();
  private readonly lastWrite = new Map<string, number>();

  constructor(private readonly owner: RowOwner) {}

  async write(task: HumanTask): Promise<void> {
    const row = this.reserve(task);
    this.markShown(task);
    await persist.projectTask(row);
  }

  /** The row of `task` at the next version, for a caller that stores it itself (a decision's commit). */
  reserve(task: HumanTask): TaskProjection {
    this.version += 1;
    this.lastWrite.set(task.taskId, this.version);
    return toProjection(task, this.owner, this.version);
  }

  /** The stored row shows the task as it now stands. */
  markShown(task: HumanTask): void {
    this.shownVersion.set(task.taskId, task.version);
  }

  /** No write of the task came after the one at `projectionVersion`. */
  isLatest(taskId: string, projectionVersion: number): boolean {
    return this.lastWrite.get(taskId) === projectionVersion;
  }

  /** The stored row already shows the task at its current version. */
  shows(task: HumanTask): boolean {
    return this.shownVersion.get(task.taskId) === task.version;
  }
}

/** One decision per task, or one vote per voter on a collective decision. */
export function recordingSlot(task: HumanTask, actorId: string): string {
  return task.kind === 'collectiveDecision' ? `${task.taskId}:${actorId}` : task.taskId;
}

/** Escalation levels already notified since the due date last moved (a granted extension or a resumed clock starts over). */
export function stepsTakenForCurrentDueDate(task: HumanTask): Set<number> {
  const taken = new Set<number>();
  for (const entry of task.history) {
    if (entry.action === 'EXTENSION_GRANTED' || entry.action === 'CLOCK_RESUMED') taken.clear();
    else if (
      (entry.action === 'REMINDER' || entry.action === 'ESCALATION') &&
      typeof entry.detail?.level === 'number'
    ) {
      taken.add(entry.detail.level);
    }
  }
  return taken;
}

export function reject(type: CaseFailure, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** An Update whose text the database would refuse is rejected before it reaches history (the gateway's safeText, again). */
export function rejectUnsafeText(input: unknown): void {
  const unsafe = firstUnsafeText(input);
  if (unsafe) reject(CaseFailure.InvalidDecision, `${unsafe.path} ${unsafe.problem}`);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function toProjection(task: HumanTask, ctx: RowOwner, projectionVersion: number): TaskProjection {
  return {
    taskId: task.taskId,
    caseId: ctx.caseId,
    workflowId: ctx.workflowId,
    stage: task.stage,
    kind: task.kind,
    title: task.title,
    assigneeId: task.assigneeId,
    candidateRole: task.candidateRole,
    allowedOutcomes: task.allowedOutcomes,
    status: task.status,
    version: task.version,
    createdAt: iso(task.createdAtMs),
    dueAt: iso(task.deadline.dueAtMs),
    dueProvisional: task.deadline.provisional,
    warningLevel: task.warningLevel,
    escalationLevel: task.escalationLevel,
    suspended: task.deadline.suspension !== null,
    extensionCount: task.extensionCount,
    outcome: task.outcome,
    decidedBy: task.decidedBy,
    decidedAt: task.decidedAtMs === null ? null : iso(task.decidedAtMs),
    history: task.history,
    voterIds: task.voterIds ?? [],
    concernsPersonId: task.concernsPersonId ?? null,
    projectionVersion,
  };
}

/** Refuses an Update with a domain check's rejection. */
export function refuse(rejection: Rejection | null): void {
  if (rejection)
    throw ApplicationFailure.create({ type: rejection.type, message: rejection.message, nonRetryable: true });
}
