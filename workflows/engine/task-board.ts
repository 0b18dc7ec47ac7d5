import { ApplicationFailure, condition, patched } from '@temporalio/workflow';
import {
  CaseFailure,
  type DecisionInput,
  type ExtensionRequestInput,
  type ReassignInput,
  type SuspensionRequestInput,
  type TaskProjection,
} from '@shuangcha/contracts';
import type { LocalDate } from '@shuangcha/domain/calendar';
import { countsFromMs, firstEligible, type HumanTask, type TaskKind } from '@shuangcha/domain/case';
import type { DeadlineClock } from '@shuangcha/domain/deadline';
import type { LimitKey } from '@shuangcha/domain/policy';
import { AuditTrail } from './audit-trail';
import { copyOf } from './copy';
import { RECORD_BEFORE_EFFECT_PATCH } from './record-first';
import type { DeadlineRules } from './deadline-rules';
import { TaskDecisions, type DecisionEffects } from './task-decisions';
import { AWAIT_REPLACEMENT_PATCH, iso, mintTaskId, reject, TaskRows, toProjection } from './task-plumbing';
import { TaskSideFlows } from './task-side-flows';
import { TaskTimers } from './task-timers';
import type { VirtualClock } from './virtual-clock';

export interface TaskSpec {
  stage: string;
  kind: TaskKind;
  title: string;
  /** Candidates in order; the first one not recused gets the task (DOMAIN §5 route skipping). */
  route: string[];
  candidateRole: string;
  allowedOutcomes: readonly string[];
  limitKey: LimitKey;
  voterIds?: string[];
  targetTaskId?: string;
  proposal?: HumanTask['proposal'];
  /** A clock the caller started: a due date fixed outside the policy, such as a rectification item's 时间表. */
  deadline?: DeadlineClock;
  /** The date of record of the step that opens this task: the time limit counts from it (issue 12 §4a). */
  countsFromOn?: LocalDate | null;
  concernsPersonId?: string;
}

export interface TaskOutcome {
  taskId: string;
  outcome: string;
  actorId: string;
  comment: string;
  reason: string | null;
  dissent: { personId: string; outcome: string; reason?: string }[];
  decidedOn?: string;
}

export interface BoardContext {
  caseId: string;
  workflowId: string;
  clock: VirtualClock;
  rules: () => DeadlineRules;
  isConflicted: (personId: string) => boolean;
  /** Who is notified at each escalation step, by the role the policy names. */
  recipientFor: (role: string, task: HumanTask) => string;
  /**
   * Who may approve an extension or suspension: at least one level above the assignee (DOMAIN §7); with
   * `levelsUp`, that many levels above (the limit's `approvalLevelsUp`).
   */
  approverAbove: (personId: string, levelsUp?: number) => string[];
  supervisors: () => string[];
  onChange: () => void;
  /**
   * The route of a role as the participants now stand. With it, a task whose route has nobody eligible
   * left (a recused case officer) waits until a replacement is named instead of failing the workflow.
   */
  currentRoute?: (role: string) => string[];
  /** Why giving `personId` a task of `candidateRole` would break WR art. 59 separation, or null. */
  separationBreach?: (candidateRole: string, personId: string) => string | null;
  /**
   * Whether `personId` may hold no task of `stage` although not recused: an investigator of the case in its
   * trial review (WR art. 59). Their route skips them like a recused person.
   */
  barredFrom?: (stage: string, personId: string) => boolean;
  /** The board's audit trail, when its workflow writes audit entries of its own under its id (a branch of its trail). */
  auditTrail?: AuditTrail;
  /**
   * A new task is open: children report it (its due date) to their parent. A decision now takes effect only
   * after its record, so its own report comes before the next stage's task exists.
   */
  onOpened?: () => void;
}

/**
 * Owns every human task of one workflow: creation, deadlines, reminders and escalation, decisions,
 * extensions, suspension and reassignment. Update handlers call the `validate*` methods synchronously
 * (nothing is written when they throw) and the `apply*` methods to change state.
 */
export class TaskBoard {
  readonly tasks = new Map<string, HumanTask>();
  /** The date of record of the last step decided on this board (or of the lead's receipt); null: none yet. */
  stepOn: LocalDate | null = null;
  readonly trail: AuditTrail;
  readonly rows: TaskRows;
  private readonly decisions = new TaskDecisions(this);
  private readonly sideFlows = new TaskSideFlows(this);
  private readonly timers = new TaskTimers(this);
  private readonly sideWork: Promise<void>[] = [];

  constructor(readonly ctx: BoardContext) {
    this.trail = ctx.auditTrail ?? new AuditTrail(ctx.workflowId, ctx.caseId, ctx.clock);
    this.rows = new TaskRows(ctx);
  }

  /** Every task as queries show it: a copy, without the projection bookkeeping. */
  views(): Omit<TaskProjection, 'projectionVersion'>[] {
    return [...this.tasks.values()].map((task) => {
      const { projectionVersion: _v, ...view } = toProjection(task, this.ctx, 0);
      return copyOf(view);
    });
  }

  openTasks(): HumanTask[] {
    return [...this.tasks.values()].filter((t) => t.status === 'OPEN');
  }

  async open(spec: TaskSpec): Promise<HumanTask> {
    let route = spec.route;
    const barred = (personId: string) =>
      this.ctx.isConflicted(personId) || (this.ctx.barredFrom?.(spec.stage, personId) ?? false);
    let assigneeId = spec.kind === 'collectiveDecision' ? (route[0] ?? '') : firstEligible(route, barred);
    const currentRoute = this.ctx.currentRoute;
    if (assigneeId === undefined && currentRoute && patched(AWAIT_REPLACEMENT_PATCH)) {
      // DOMAIN §5 scenario C.3: the case asks the leader in charge for a replacement; the task waits for it.
      const eligible = () => firstEligible(currentRoute(spec.candidateRole), barred);
      if (eligible() === undefined) {
        await this.audit('AWAITING_REPLACEMENT', null, { stage: spec.stage, candidateRole: spec.candidateRole });
        await condition(() => eligible() !== undefined);
      }
      route = currentRoute(spec.candidateRole);
      assigneeId = eligible();
    }
    if (assigneeId === undefined) {
      throw ApplicationFailure.create({
        type: CaseFailure.RecusedApprover,
        message: `no eligible person left on the route for ${spec.stage}`,
        nonRetryable: true,
      });
    }
    const now = this.ctx.clock.now();
    const skipped = route.slice(0, route.indexOf(assigneeId));
    const task: HumanTask = {
      taskId: mintTaskId(this.ctx.workflowId),
      stage: spec.stage,
      kind: spec.kind,
      title: spec.title,
      assigneeId,
      candidateRole: spec.candidateRole,
      allowedOutcomes: [...spec.allowedOutcomes],
      status: 'OPEN',
      version: 1,
      limitKey: spec.limitKey,
      createdAtMs: now,
      deadline: spec.deadline ?? this.ctx.rules().start(spec.limitKey, countsFromMs(spec.countsFromOn ?? null, now)),
      extensionCount: 0,
      escalationLevel: 0,
      warningLevel: 'green',
      outcome: null,
      decidedBy: null,
      decidedAtMs: null,
      comment: '',
      reason: null,
      basis: [],
      history: [{ at: iso(now), action: 'OPENED', actorId: null, detail: { assigneeId } }],
      voterIds: spec.voterIds?.filter((id) => !this.ctx.isConflicted(id)),
      votes: spec.kind === 'collectiveDecision' ? {} : undefined,
      targetTaskId: spec.targetTaskId,
      proposal: spec.proposal,
      concernsPersonId: spec.concernsPersonId,
    };
    this.tasks.set(task.taskId, task);
    if (skipped.length > 0) {
      task.history.push({ at: iso(now), action: 'RECUSED_SKIPPED', actorId: null, detail: { skipped } });
      await this.audit('APPROVER_SKIPPED_RECUSED', null, { taskId: task.taskId, skipped, assigneeId });
    }
    await this.audit('TASK_OPENED', null, {
      taskId: task.taskId,
      stage: task.stage,
      assigneeId,
      dueAt: iso(task.deadline.dueAtMs),
    });
    await this.project(task);
    if (this.ctx.onOpened && patched(RECORD_BEFORE_EFFECT_PATCH)) this.ctx.onOpened();
    return task;
  }

  /** Waits for the task's decision, firing reminders and escalation steps as their times pass. */
  awaitOutcome(task: HumanTask): Promise<TaskOutcome> {
    return this.timers.awaitOutcome(task);
  }

  // ---- decisions and the requests beside them (task-decisions.ts, task-side-flows.ts) --------------

  validateDecision(input: DecisionInput): void {
    this.decisions.validate(input);
  }

  /**
   * Records the decision and only then changes the task: a decision that cannot be stored fails the Update
   * and leaves the task open at its version. Callers whose own state moves with the decision pass
   * `effects`: `record` writes what that change depends on, after the decision's own record, and `apply`
   * makes the change at the moment the decision takes effect.
   */
  applyDecision(input: DecisionInput, effects: DecisionEffects = {}): Promise<HumanTask> {
    return this.decisions.apply(input, effects);
  }

  validateExtensionRequest(input: ExtensionRequestInput): void {
    this.sideFlows.validateExtensionRequest(input);
  }

  applyExtensionRequest(input: ExtensionRequestInput): Promise<HumanTask> {
    return this.sideFlows.applyExtensionRequest(input);
  }

  validateSuspensionRequest(input: SuspensionRequestInput): void {
    this.sideFlows.validateSuspensionRequest(input);
  }

  applySuspensionRequest(input: SuspensionRequestInput): Promise<HumanTask> {
    return this.sideFlows.applySuspensionRequest(input);
  }

  validateResume(input: SuspensionRequestInput): void {
    this.sideFlows.validateResume(input);
  }

  applyResume(input: SuspensionRequestInput): Promise<HumanTask> {
    return this.sideFlows.applyResume(input);
  }

  validateReassign(input: ReassignInput): void {
    this.sideFlows.validateReassign(input);
  }

  applyReassign(input: ReassignInput): Promise<HumanTask> {
    return this.sideFlows.applyReassign(input);
  }

  /** After a new conflict, open tasks held by a now-recused person move to the next eligible person. */
  rerouteConflicted(routeFor: (task: HumanTask) => string[]): Promise<void> {
    return this.sideFlows.rerouteConflicted(routeFor);
  }

  /** A holiday schedule arrived: provisional due dates are worked out again. */
  recomputeProvisional(): Promise<void> {
    return this.sideFlows.recomputeProvisional();
  }

  async cancel(task: HumanTask, reason: string): Promise<void> {
    if (task.status !== 'OPEN') return;
    const now = this.ctx.clock.now();
    task.status = 'CANCELLED';
    task.version += 1;
    task.history.push({ at: iso(now), action: 'CANCELLED', actorId: null, detail: { reason } });
    await this.project(task);
  }

  /**
   * Need-to-know at write (DOMAIN §8): a subject, trace-back candidate or recused person of the case is
   * told nothing about it, whatever step names them. Only the activity's input changes, so no patch.
   */
  deliverableTo(personId: string): string | null {
    return this.ctx.isConflicted(personId) ? null : personId;
  }

  // ---- plumbing ----------------------------------------------------------------------------------

  async audit(action: string, actorId: string | null, after: Record<string, unknown>): Promise<void> {
    await this.trail.append(action, actorId, after);
  }

  async project(task: HumanTask): Promise<void> {
    await this.rows.write(task);
  }

  /** Side tasks (extension or suspension approvals) run beside the stage; the workflow drains them before it ends. */
  background(work: () => Promise<void>): void {
    this.sideWork.push(work());
  }

  async drain(): Promise<void> {
    for (const task of this.openTasks()) await this.cancel(task, 'case concluded');
    await Promise.all(this.sideWork);
  }

  /** The task, or the Update is refused: it is not part of this workflow. */
  task(taskId: string): HumanTask {
    const task = this.tasks.get(taskId);
    if (!task) reject(CaseFailure.TaskNotFound, `task ${taskId} is not part of this case`);
    return task;
  }
}

export type { DecisionEffects } from './task-decisions';
export { iso, reject, rejectUnsafeText, toProjection } from './task-plumbing';
