import type { HumanTask, Rejection } from './human-task';

/**
 * The checks of the requests beside a decision (DOMAIN §7): an extension, a clock suspension, resuming a
 * clock, a supervisor's reassignment. Pure, like `checkDecision`: the workflow's validators call them and
 * refuse the Update with the rejection, so nothing reaches history when one fails. Order matters: an
 * unknown or closed task is reported first.
 */

/** What the board knows beyond the task: recusals and the requests already waiting on it. */
export interface TaskRequestFacts {
  isConflicted: (personId: string) => boolean;
  /** Another approval of this kind is open for the task. */
  pendingApproval: boolean;
}

export interface TaskRequest {
  taskId: string;
  actorId: string;
}

function openTask(task: HumanTask | undefined, taskId: string): { task: HumanTask } | { rejection: Rejection } {
  if (!task) return { rejection: { type: 'TaskNotFound', message: `task ${taskId} is not part of this case` } };
  if (task.status !== 'OPEN')
    return { rejection: { type: 'WrongStage', message: `task ${taskId} is ${task.status.toLowerCase()}` } };
  return { task };
}

const recused = (personId: string): Rejection => ({
  type: 'RecusedApprover',
  message: `${personId} is recused from this case`,
});

/** An extension is asked by the assignee of a stage task, once at a time, up to the policy's limit. */
export function checkExtensionRequest(
  found: HumanTask | undefined,
  request: TaskRequest,
  facts: TaskRequestFacts & { maxExtensions: number },
): Rejection | null {
  const open = openTask(found, request.taskId);
  if ('rejection' in open) return open.rejection;
  const { task } = open;
  if (task.kind !== 'decision' && task.kind !== 'approval')
    return { type: 'InvalidDecision', message: 'only stage tasks can be extended' };
  if (task.assigneeId !== request.actorId)
    return { type: 'NotAssignee', message: `${request.actorId} is not assigned task ${task.taskId}` };
  if (facts.isConflicted(request.actorId)) return recused(request.actorId);
  if (facts.pendingApproval)
    return { type: 'DuplicateDecision', message: `an extension request for ${task.taskId} is already pending` };
  if (task.extensionCount >= facts.maxExtensions) {
    return {
      type: 'ExtensionLimitReached',
      message: `task ${task.taskId} has used ${task.extensionCount} of ${facts.maxExtensions} extensions`,
    };
  }
  return null;
}

/** A stage clock is suspended at its assignee's request, once at a time, and only while it runs. */
export function checkSuspensionRequest(
  found: HumanTask | undefined,
  request: TaskRequest,
  facts: TaskRequestFacts,
): Rejection | null {
  const open = openTask(found, request.taskId);
  if ('rejection' in open) return open.rejection;
  const { task } = open;
  if (task.kind !== 'decision') return { type: 'InvalidDecision', message: 'only a stage clock can be suspended' };
  if (task.deadline.suspension !== null)
    return { type: 'WrongStage', message: `the clock of ${task.taskId} is already suspended` };
  if (facts.isConflicted(request.actorId)) return recused(request.actorId);
  if (task.assigneeId !== request.actorId)
    return { type: 'NotAssignee', message: `${request.actorId} is not assigned task ${task.taskId}` };
  if (facts.pendingApproval)
    return { type: 'DuplicateDecision', message: `a suspension request for ${task.taskId} is already pending` };
  return null;
}

/** A suspended clock is resumed by its assignee or anyone who could have approved the suspension. */
export function checkResume(
  found: HumanTask | undefined,
  request: TaskRequest,
  facts: Pick<TaskRequestFacts, 'isConflicted'> & { approversAbove: readonly string[] },
): Rejection | null {
  const open = openTask(found, request.taskId);
  if ('rejection' in open) return open.rejection;
  const { task } = open;
  if (task.deadline.suspension === null)
    return { type: 'WrongStage', message: `the clock of ${task.taskId} is running` };
  if (facts.isConflicted(request.actorId)) return recused(request.actorId);
  if (![task.assigneeId, ...facts.approversAbove].includes(request.actorId))
    return { type: 'RoleNotAllowed', message: `${request.actorId} may not resume this clock` };
  return null;
}

/**
 * A supervisor moves a task to another person: never to or by someone recused, never a collective vote,
 * never to its holder, and never against the separation of investigators and reviewers (WR art. 59).
 */
export function checkReassign(
  found: HumanTask | undefined,
  request: TaskRequest & { newAssigneeId: string },
  facts: Pick<TaskRequestFacts, 'isConflicted'> & { supervises: boolean; separationBreach: string | null },
): Rejection | null {
  const open = openTask(found, request.taskId);
  if ('rejection' in open) return open.rejection;
  const { task } = open;
  if (!facts.supervises) return { type: 'RoleNotAllowed', message: `${request.actorId} may not reassign tasks` };
  if (facts.isConflicted(request.actorId)) return recused(request.actorId);
  if (facts.isConflicted(request.newAssigneeId)) return recused(request.newAssigneeId);
  if (task.kind === 'collectiveDecision')
    return { type: 'InvalidDecision', message: 'a collective decision has no single assignee' };
  if (task.assigneeId === request.newAssigneeId)
    return { type: 'InvalidDecision', message: `${request.newAssigneeId} already holds the task` };
  if (facts.separationBreach) return { type: 'InvalidDecision', message: facts.separationBreach };
  return null;
}
