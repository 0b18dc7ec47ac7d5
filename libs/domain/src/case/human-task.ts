import type { DeadlineClock } from '../deadline';
import type { LimitKey } from '../policy';

/**
 * One human-task mechanism for every stage of every workflow: a task has an assignee (or, for a collective
 * decision, a set of voters), allowed outcomes, a due date and its history. Pure functions only; the
 * workflow owns the state and the timers.
 */
export type TaskKind =
  | 'decision'
  | 'approval'
  | 'collectiveDecision'
  | 'extensionApproval'
  | 'suspensionApproval'
  /** The approval an investigative measure needs before it is taken (审查调查措施审批). */
  | 'measureApproval'
  /** Re-checking a recused person's past actions in the case (回避人员既往行为复核, DOMAIN §5). */
  | 'recusalRecheck';
export type TaskStatus = 'OPEN' | 'DECIDED' | 'CANCELLED';

export interface TaskHistoryEntry {
  at: string;
  action: string;
  actorId: string | null;
  detail?: Record<string, unknown>;
}

export interface Vote {
  outcome: string;
  reason?: string;
  at: string;
}

export interface HumanTask {
  taskId: string;
  stage: string;
  kind: TaskKind;
  title: string;
  assigneeId: string;
  candidateRole: string;
  allowedOutcomes: string[];
  status: TaskStatus;
  version: number;
  limitKey: LimitKey;
  createdAtMs: number;
  /** Due date, suspension and every recalculation, with the policy version it runs under. */
  deadline: DeadlineClock;
  extensionCount: number;
  escalationLevel: number;
  warningLevel: 'green' | 'yellow' | 'red' | 'overdue';
  outcome: string | null;
  decidedBy: string | null;
  decidedAtMs: number | null;
  /** The day the decision was taken, when it was recorded on a later day (date of record). */
  decidedOn?: string;
  comment: string;
  reason: string | null;
  basis: { regulation: string; revision?: string; article: string }[];
  history: TaskHistoryEntry[];
  /** Collective decisions (集体研究): who may vote, and the votes cast; dissent is every vote against the result. */
  voterIds?: string[];
  votes?: Record<string, Vote>;
  /** Extension and suspension approvals point at the task whose clock they change. */
  targetTaskId?: string;
  /** The proposal under review, for approval tasks. */
  proposal?: { outcome: string; proposedBy: string; comment: string };
  /**
   * The person the task is about (whose recusal is decided, who is replaced, whose past actions are re-checked).
   * A field, never part of the title: ids stay opaque, and whoever reads the task sees the name and post.
   */
  concernsPersonId?: string;
}

export type TaskRejection =
  | 'TaskNotFound'
  | 'DuplicateDecision'
  | 'StaleTaskVersion'
  | 'RecusedApprover'
  | 'NotAssignee'
  | 'OutcomeNotAllowed'
  | 'InvalidDecision'
  | 'WrongStage'
  | 'RoleNotAllowed'
  | 'ExtensionLimitReached';

export interface DecisionAttempt {
  taskId: string;
  taskVersion: number;
  actorId: string;
  outcome: string;
  reason?: string;
}

export interface Rejection {
  type: TaskRejection;
  message: string;
}

/**
 * Checks a decision before it reaches history. Order matters: an unknown or closed task is reported
 * before anything about the actor, so a retry of an applied decision reads as a duplicate.
 */
export function checkDecision(
  task: HumanTask | undefined,
  attempt: DecisionAttempt,
  isConflicted: (personId: string) => boolean,
): Rejection | null {
  if (!task) return { type: 'TaskNotFound', message: `task ${attempt.taskId} is not part of this case` };
  if (task.status !== 'OPEN') {
    return { type: 'DuplicateDecision', message: `task ${task.taskId} was already ${task.status.toLowerCase()}` };
  }
  if (task.kind === 'collectiveDecision' && task.votes?.[attempt.actorId]) {
    return { type: 'DuplicateDecision', message: `${attempt.actorId} has already voted on ${task.taskId}` };
  }
  // Recusal before staleness: rerouting a recused approver's task bumps its version, and the recused person,
  // deciding on the version they saw, must learn that they are recused (DOMAIN §5), not that it is stale.
  if (isConflicted(attempt.actorId)) {
    return { type: 'RecusedApprover', message: `${attempt.actorId} is recused from this case (回避)` };
  }
  if (attempt.taskVersion !== task.version) {
    return {
      type: 'StaleTaskVersion',
      message: `task ${task.taskId} is at version ${task.version}, the decision was made on version ${attempt.taskVersion}`,
    };
  }
  const allowed =
    task.kind === 'collectiveDecision'
      ? (task.voterIds ?? []).includes(attempt.actorId)
      : task.assigneeId === attempt.actorId;
  if (!allowed) return { type: 'NotAssignee', message: `${attempt.actorId} is not assigned task ${task.taskId}` };
  if (!task.allowedOutcomes.includes(attempt.outcome)) {
    return {
      type: 'OutcomeNotAllowed',
      message: `outcome ${attempt.outcome} is not allowed here; allowed: ${task.allowedOutcomes.join(', ')}`,
    };
  }
  if (attempt.outcome === 'RETURN' && !attempt.reason?.trim()) {
    return { type: 'InvalidDecision', message: 'returning a proposal for revision needs a reason' };
  }
  return null;
}

/** The first person on the route who is not conflicted (deputy → principal leader → higher commission). */
export function firstEligible(
  route: readonly string[],
  isConflicted: (personId: string) => boolean,
): string | undefined {
  return route.find((personId) => !isConflicted(personId));
}

export interface CollectiveResult {
  decided: boolean;
  outcome?: string;
  attendance: string[];
  dissent: { personId: string; outcome: string; reason?: string }[];
}

/**
 * A collective decision carries when one outcome has votes from more than half of the eligible members;
 * everyone else who voted is recorded as dissent. Until then it stays open.
 */
export function tallyVotes(voterIds: readonly string[], votes: Readonly<Record<string, Vote>>): CollectiveResult {
  const attendance = voterIds.filter((id) => votes[id]);
  const counts = new Map<string, number>();
  for (const id of attendance) counts.set(votes[id].outcome, (counts.get(votes[id].outcome) ?? 0) + 1);
  const majority = Math.floor(voterIds.length / 2) + 1;
  const winner = [...counts.entries()].find(([, n]) => n >= majority)?.[0];
  return {
    decided: winner !== undefined,
    outcome: winner,
    attendance,
    dissent: winner
      ? attendance
          .filter((id) => votes[id].outcome !== winner)
          .map((id) => ({ personId: id, outcome: votes[id].outcome, reason: votes[id].reason }))
      : [],
  };
}
