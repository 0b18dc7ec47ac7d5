import { ApplicationFailure, condition, patched, uuid4 } from '@temporalio/workflow';
import {
  CaseFailure,
  type AuditEvent,
  type DecisionInput,
  type ExtensionRequestInput,
  type ReassignInput,
  type SuspensionRequestInput,
  type TaskProjection,
} from '@shuangcha/contracts';
import {
  checkDecision,
  firstEligible,
  tallyVotes,
  type CollectiveResult,
  type HumanTask,
  type TaskKind,
  type Vote,
} from '@shuangcha/domain/case';
import type { DeadlineClock } from '@shuangcha/domain/deadline';
import { firstUnsafeText } from '@shuangcha/domain/text';
import type { LimitKey } from '@shuangcha/domain/policy';
import { commitLocally, persist } from './activities';
import { AuditTrail } from './audit-trail';
import { copyOf } from './copy';
import { recordThenApply, RECORD_BEFORE_EFFECT_PATCH } from './record-first';
import type { DeadlineRules } from './deadline-rules';
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
}

export interface TaskOutcome {
  taskId: string;
  outcome: string;
  actorId: string;
  comment: string;
  reason: string | null;
  dissent: { personId: string; outcome: string; reason?: string }[];
}

export interface BoardContext {
  caseId: string;
  workflowId: string;
  clock: VirtualClock;
  rules: () => DeadlineRules;
  isConflicted: (personId: string) => boolean;
  /** Who is notified at each escalation step, by the role the policy names. */
  recipientFor: (role: string, task: HumanTask) => string;
  /** Who may approve an extension or suspension: at least one level above the assignee (DOMAIN §7). */
  approverAbove: (personId: string) => string[];
  supervisors: () => string[];
  onChange: () => void;
  /**
   * The route of a role as the participants now stand. With it, a task whose route has nobody eligible
   * left (a recused case officer) waits until a replacement is named instead of failing the workflow.
   */
  currentRoute?: (role: string) => string[];
  /** Why giving `personId` a task of `candidateRole` would break WR art. 59 separation, or null. */
  separationBreach?: (candidateRole: string, personId: string) => string | null;
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
  private projectionVersion = 0;
  private readonly trail: AuditTrail;
  /** The task version each task's row was last written at: a decided task is not projected twice. */
  private readonly projectedVersion = new Map<string, number>();
  /** The projectionVersion of each task's latest write: a commit overtaken by a later write projects again. */
  private readonly lastWrite = new Map<string, number>();
  private readonly commitQueue = new Map<string, Promise<void>>();
  private readonly sideWork: Promise<void>[] = [];
  /** Decisions whose record is being written: a second one on the same task (or vote) waits its turn as a duplicate. */
  private readonly recording = new Set<string>();

  constructor(private readonly ctx: BoardContext) {
    this.trail = ctx.auditTrail ?? new AuditTrail(ctx.workflowId, ctx.caseId, ctx.clock);
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
    let assigneeId =
      spec.kind === 'collectiveDecision' ? (route[0] ?? '') : firstEligible(route, this.ctx.isConflicted);
    const currentRoute = this.ctx.currentRoute;
    if (assigneeId === undefined && currentRoute && patched(AWAIT_REPLACEMENT_PATCH)) {
      // DOMAIN §5 scenario C.3: the case asks the leader in charge for a replacement; the task waits for it.
      const eligible = () => firstEligible(currentRoute(spec.candidateRole), this.ctx.isConflicted);
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
      taskId: `t-${uuid4()}`,
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
      deadline: spec.deadline ?? this.ctx.rules().start(spec.limitKey, now),
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
          ? this.ctx.rules().nextWarningChange(task.deadline, this.ctx.clock.now(), task.warningLevel)
          : undefined;
      const changed = () => task.status !== 'OPEN' || task.version !== seenVersion;
      const wakeAt = Math.min(stepDueAt ?? Infinity, nextWarning?.at ?? Infinity);
      if (wakeAt === Infinity) {
        await condition(changed);
        continue;
      }
      const decidedOrChanged = await condition(changed, this.ctx.clock.delayUntil(wakeAt));
      if (decidedOrChanged || task.status !== 'OPEN') continue;
      if (nextStep && stepDueAt === wakeAt) await this.escalate(task, nextStep.level, nextStep.notify, nextStep.at);
      else if (nextWarning) await this.warn(task, nextWarning.level);
    }
    if (!patched(DECISION_ONE_COMMIT_PATCH) || this.projectedVersion.get(task.taskId) !== task.version) {
      await this.project(task);
    }
    return {
      taskId: task.taskId,
      outcome: task.outcome ?? '',
      actorId: task.decidedBy ?? '',
      comment: task.comment,
      reason: task.reason,
      dissent: task.kind === 'collectiveDecision' ? tallyVotes(task.voterIds ?? [], task.votes ?? {}).dissent : [],
    };
  }

  /**
   * The first step of the escalation ladder not yet taken for the current due date. Before the patch a task
   * started at level 0 and only steps above its level counted, so the level-0 reminder never fired.
   */
  private nextEscalationStep(task: HumanTask) {
    const steps = this.ctx.rules().escalationSteps(task.deadline.dueAtMs);
    if (!patched(REMIND_BEFORE_DUE_PATCH)) return steps.find((s) => s.level > task.escalationLevel);
    const taken = stepsTakenForCurrentDueDate(task);
    return steps.find((s) => s.level >= task.escalationLevel && !taken.has(s.level));
  }

  private async escalate(task: HumanTask, level: number, notify: string, stepAt: number): Promise<void> {
    const now = this.ctx.clock.now();
    task.escalationLevel = level;
    // A compressed clock may wake a millisecond short of the step; the step's own instant decides.
    task.warningLevel = this.ctx.rules().warning(task.deadline, Math.max(now, stepAt + 1));
    const recipientId = this.deliverableTo(this.ctx.recipientFor(notify, task));
    const kind = stepAt < task.deadline.dueAtMs ? 'reminder' : 'escalation';
    task.history.push({
      at: iso(now),
      action: kind.toUpperCase(),
      actorId: null,
      detail: { level, notify, recipientId },
    });
    await persist.recordNotification({
      notificationKey: `${this.ctx.workflowId}:${task.taskId}:escalation:${level}:${task.version}`,
      caseId: this.ctx.caseId,
      taskId: task.taskId,
      kind,
      level,
      recipientRole: notify,
      recipientId,
      at: iso(now),
    });
    await this.audit(kind === 'reminder' ? 'TASK_REMINDER' : 'TASK_ESCALATED', null, {
      taskId: task.taskId,
      level,
      notify,
      recipientId,
    });
    await this.project(task);
    this.ctx.onChange();
  }

  /** Graded warning (yellow, red) to the assignee as the task's time runs down; overdue is the escalation's. */
  private async warn(task: HumanTask, warningLevel: HumanTask['warningLevel']): Promise<void> {
    const now = this.ctx.clock.now();
    task.warningLevel = warningLevel;
    const recipientId = this.deliverableTo(task.assigneeId);
    task.history.push({ at: iso(now), action: 'WARNING', actorId: null, detail: { warningLevel, recipientId } });
    await persist.recordNotification({
      notificationKey: `${this.ctx.workflowId}:${task.taskId}:warning:${warningLevel}:${task.version}`,
      caseId: this.ctx.caseId,
      taskId: task.taskId,
      kind: 'warning',
      level: task.escalationLevel,
      recipientRole: 'assignee',
      recipientId,
      at: iso(now),
    });
    await this.audit('TASK_WARNING', null, { taskId: task.taskId, warningLevel, recipientId });
    await this.project(task);
    this.ctx.onChange();
  }

  refreshWarnings(): void {
    const now = this.ctx.clock.now();
    for (const task of this.openTasks()) {
      task.warningLevel =
        task.deadline.suspension !== null ? task.warningLevel : this.ctx.rules().warning(task.deadline, now);
    }
  }

  // ---- decisions -------------------------------------------------------------------------------

  validateDecision(input: DecisionInput): void {
    rejectUnsafeText(input);
    const rejection = checkDecision(this.tasks.get(input.taskId), input, this.ctx.isConflicted);
    if (rejection)
      throw ApplicationFailure.create({ type: rejection.type, message: rejection.message, nonRetryable: true });
    const task = this.tasks.get(input.taskId);
    if (task && this.recording.has(recordingSlot(task, input.actorId)))
      reject(CaseFailure.DuplicateDecision, `a decision on ${input.taskId} is being recorded`);
  }

  /**
   * Records the decision (its row, then its audit entry) and only then changes the task: a decision that
   * cannot be stored fails the Update and leaves the task open at its version. Callers whose own state moves
   * with the decision pass `effects`: `record` writes what that change depends on, after the decision's
   * own record, and `apply` makes the change at the moment the decision takes effect.
   */
  async applyDecision(input: DecisionInput, effects: DecisionEffects = {}): Promise<HumanTask> {
    if (!patched(RECORD_BEFORE_EFFECT_PATCH)) return this.applyDecisionBeforeRecording(input, effects.apply);
    if (patched(DECISION_ONE_COMMIT_PATCH)) return this.applyDecisionInOneCommit(input, effects);
    const task = this.mustGet(input.taskId);
    const now = this.ctx.clock.now();
    const slot = recordingSlot(task, input.actorId);
    const votes =
      task.kind === 'collectiveDecision'
        ? { ...task.votes, [input.actorId]: { outcome: input.outcome, reason: input.reason, at: iso(now) } }
        : undefined;
    const tally = votes ? tallyVotes(task.voterIds ?? [], votes) : undefined;
    this.recording.add(slot);
    try {
      await this.writeDecision(task, input, now);
      if (tally?.decided) {
        await this.audit('COLLECTIVE_DECISION_RECORDED', null, {
          taskId: task.taskId,
          stage: task.stage,
          outcome: tally.outcome,
          attendance: tally.attendance,
          dissent: tally.dissent,
        });
      }
      await effects.record?.();
    } finally {
      this.recording.delete(slot);
    }
    effects.apply?.();
    if (votes && tally) this.applyVote(task, input, votes, tally, now);
    else this.markDecided(task, input.outcome, input.actorId, now, input);
    await this.project(task);
    this.ctx.onChange();
    return task;
  }

  /**
   * Decisions on one task are stored one after another: two voters of a collective decision may be
   * recording at once, and each vote must count the one stored before it.
   */
  private applyDecisionInOneCommit(input: DecisionInput, effects: DecisionEffects): Promise<HumanTask> {
    const task = this.mustGet(input.taskId);
    // Taken now, not when this commit's turn comes: a duplicate arriving meanwhile is refused by the validator.
    this.recording.add(recordingSlot(task, input.actorId));
    const mine = (this.commitQueue.get(task.taskId) ?? Promise.resolve()).then(() =>
      this.commitDecision(task, input, effects),
    );
    this.commitQueue.set(
      task.taskId,
      mine.then(
        () => undefined,
        () => undefined,
      ),
    );
    return mine;
  }

  /**
   * The decision as it will stand is worked out on a copy of the task; its row, its audit entries and that
   * copy's projection are stored in one transaction by a local activity; only then does the task change.
   * A refused commit leaves the task open at its version, as before, with one write instead of three
   * activities and no second projection of the same state.
   */
  private async commitDecision(task: HumanTask, input: DecisionInput, effects: DecisionEffects): Promise<HumanTask> {
    try {
      if (task.status !== 'OPEN') reject(CaseFailure.WrongStage, `task ${task.taskId} is ${task.status.toLowerCase()}`);
      const now = this.ctx.clock.now();
      const audit: AuditEvent[] = [
        this.trail.next(task.kind === 'collectiveDecision' ? 'VOTE_RECORDED' : 'DECISION_RECORDED', input.actorId, {
          taskId: task.taskId,
          stage: task.stage,
          outcome: input.outcome,
          basis: input.basis,
        }),
      ];
      let decide = (target: HumanTask) => this.markDecided(target, input.outcome, input.actorId, now, input);
      if (task.kind === 'collectiveDecision') {
        const vote = { outcome: input.outcome, reason: input.reason, at: iso(now) };
        const votes = { ...task.votes, [input.actorId]: vote };
        const tally = tallyVotes(task.voterIds ?? [], votes);
        decide = (target) => this.applyVote(target, input, votes, tally, now);
        if (tally.decided) {
          audit.push(
            this.trail.next('COLLECTIVE_DECISION_RECORDED', null, {
              taskId: task.taskId,
              stage: task.stage,
              outcome: tally.outcome,
              attendance: tally.attendance,
              dissent: tally.dissent,
            }),
          );
        }
      }
      const decided = copyOf(task);
      decide(decided);
      this.projectionVersion += 1;
      this.lastWrite.set(task.taskId, this.projectionVersion);
      const committed = toProjection(decided, this.ctx, this.projectionVersion);
      await commitLocally.commitDecision({ decision: this.decisionRecord(task, input, now), audit, task: committed });
      await effects.record?.();
      effects.apply?.();
      // The task itself changes now. A reminder or an extension that landed while the commit ran changed it
      // too, or the task's opening projection was written after the commit's: the row then lags the task
      // and is written again.
      decide(task);
      const { projectionVersion: committedAt, ...stored } = committed;
      const { projectionVersion: _live, ...live } = toProjection(task, this.ctx, 0);
      const current =
        this.lastWrite.get(task.taskId) === committedAt && JSON.stringify(live) === JSON.stringify(stored);
      if (current) this.projectedVersion.set(task.taskId, task.version);
      else await this.project(task);
    } finally {
      this.recording.delete(recordingSlot(task, input.actorId));
    }
    this.ctx.onChange();
    return task;
  }

  /** Before RECORD_BEFORE_EFFECT_PATCH: the task changed first, so a refused write left it decided without a record. */
  private async applyDecisionBeforeRecording(input: DecisionInput, onRecorded?: () => void): Promise<HumanTask> {
    onRecorded?.();
    const task = this.mustGet(input.taskId);
    const now = this.ctx.clock.now();
    if (task.kind === 'collectiveDecision') {
      const votes = { ...task.votes, [input.actorId]: { outcome: input.outcome, reason: input.reason, at: iso(now) } };
      this.applyVote(task, input, votes, tallyVotes(task.voterIds ?? [], votes), now);
    } else {
      this.markDecided(task, input.outcome, input.actorId, now, input);
    }
    await this.writeDecision(task, input, now);
    if (task.kind === 'collectiveDecision' && task.status === 'DECIDED' && patched(COLLECTIVE_RECORD_PATCH)) {
      const tally = tallyVotes(task.voterIds ?? [], task.votes ?? {});
      await this.audit('COLLECTIVE_DECISION_RECORDED', null, {
        taskId: task.taskId,
        stage: task.stage,
        outcome: task.outcome,
        attendance: tally.attendance,
        dissent: tally.dissent,
      });
    }
    await this.project(task);
    this.ctx.onChange();
    return task;
  }

  private decisionRecord(task: HumanTask, input: DecisionInput, now: number) {
    return {
      decisionKey: `${this.ctx.workflowId}:${task.taskId}:${input.actorId}`,
      caseId: this.ctx.caseId,
      taskId: task.taskId,
      stage: task.stage,
      outcome: input.outcome,
      actorId: input.actorId,
      decidedAt: iso(now),
      basis: input.basis,
      comment: input.comment,
    };
  }

  private async writeDecision(task: HumanTask, input: DecisionInput, now: number): Promise<void> {
    await persist.recordDecision(this.decisionRecord(task, input, now));
    await this.audit(task.kind === 'collectiveDecision' ? 'VOTE_RECORDED' : 'DECISION_RECORDED', input.actorId, {
      taskId: task.taskId,
      stage: task.stage,
      outcome: input.outcome,
      basis: input.basis,
    });
  }

  private applyVote(
    task: HumanTask,
    input: DecisionInput,
    votes: Record<string, Vote>,
    tally: CollectiveResult,
    now: number,
  ): void {
    task.votes = votes;
    task.history.push({
      at: iso(now),
      action: 'VOTED',
      actorId: input.actorId,
      detail: { outcome: input.outcome, reason: input.reason ?? null },
    });
    if (!tally.decided) {
      task.version += 1;
      return;
    }
    this.markDecided(task, tally.outcome ?? '', input.actorId, now, input);
    // 集体研究: the record keeps who took part and who dissented, with their reasons.
    task.history.push({
      at: iso(now),
      action: 'COLLECTIVE_RESULT',
      actorId: null,
      detail: {
        outcome: tally.outcome,
        eligible: task.voterIds ?? [],
        attendance: tally.attendance,
        dissent: tally.dissent,
      },
    });
  }

  private markDecided(task: HumanTask, outcome: string, actorId: string, now: number, input: DecisionInput): void {
    task.status = 'DECIDED';
    task.outcome = outcome;
    task.decidedBy = actorId;
    task.decidedAtMs = now;
    task.comment = input.comment;
    task.reason = input.reason ?? null;
    task.basis = input.basis;
    task.version += 1;
    task.history.push({ at: iso(now), action: 'DECIDED', actorId, detail: { outcome } });
  }

  async cancel(task: HumanTask, reason: string): Promise<void> {
    if (task.status !== 'OPEN') return;
    const now = this.ctx.clock.now();
    task.status = 'CANCELLED';
    task.version += 1;
    task.history.push({ at: iso(now), action: 'CANCELLED', actorId: null, detail: { reason } });
    await this.project(task);
  }

  // ---- extensions ------------------------------------------------------------------------------

  validateExtensionRequest(input: ExtensionRequestInput): void {
    rejectUnsafeText(input);
    const task = this.requireOpen(input.taskId);
    if (task.kind !== 'decision' && task.kind !== 'approval')
      reject(CaseFailure.InvalidDecision, 'only stage tasks can be extended');
    if (task.assigneeId !== input.actorId)
      reject(CaseFailure.NotAssignee, `${input.actorId} is not assigned task ${task.taskId}`);
    if (this.ctx.isConflicted(input.actorId))
      reject(CaseFailure.RecusedApprover, `${input.actorId} is recused from this case`);
    const pending = this.openTasks().some((t) => t.kind === 'extensionApproval' && t.targetTaskId === task.taskId);
    if (pending) reject(CaseFailure.DuplicateDecision, `an extension request for ${task.taskId} is already pending`);
    const limit = this.ctx.rules().maxExtensions(task.limitKey);
    if (task.extensionCount >= limit) {
      reject(
        CaseFailure.ExtensionLimitReached,
        `task ${task.taskId} has used ${task.extensionCount} of ${limit} extensions`,
      );
    }
  }

  async applyExtensionRequest(input: ExtensionRequestInput): Promise<HumanTask> {
    const task = this.mustGet(input.taskId);
    const now = this.ctx.clock.now();
    const late = now > task.deadline.dueAtMs;
    const requestedAt = now;
    await recordThenApply(
      () => this.audit('EXTENSION_REQUESTED', input.actorId, { taskId: task.taskId, reason: input.reason, late }),
      () =>
        task.history.push({
          at: iso(now),
          action: late ? 'LATE_EXTENSION_REQUESTED' : 'EXTENSION_REQUESTED',
          actorId: input.actorId,
          detail: { reason: input.reason },
        }),
    );
    const approval = await this.open({
      stage: task.stage,
      kind: 'extensionApproval',
      title: `${late ? 'Late extension' : 'Extension'} request for: ${task.title}`,
      route: this.ctx.approverAbove(task.assigneeId),
      candidateRole: 'approverAbove',
      allowedOutcomes: ['GRANT', 'REFUSE'],
      limitKey: 'approval',
      targetTaskId: task.taskId,
    });
    this.background(async () => {
      const decided = await this.awaitOutcome(approval);
      const when = this.ctx.clock.now();
      const extended =
        decided.outcome === 'GRANT' && task.status === 'OPEN'
          ? this.ctx.rules().extend(task.deadline, requestedAt, when, input.reason)
          : null;
      if (extended?.granted) {
        const from = task.deadline.dueAtMs;
        task.deadline = extended.clock;
        task.extensionCount += 1;
        task.escalationLevel = 0;
        task.version += 1;
        task.warningLevel = this.ctx.rules().warning(task.deadline, when);
        task.history.push({
          at: iso(when),
          action: 'EXTENSION_GRANTED',
          actorId: decided.actorId,
          detail: { from: iso(from), to: iso(task.deadline.dueAtMs), flags: extended.flags },
        });
        await this.audit('DUE_DATE_RECALCULATED', decided.actorId, {
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
        await this.audit('EXTENSION_REFUSED', decided.actorId, { taskId: task.taskId });
      }
      await this.project(task);
      this.ctx.onChange();
    });
    return approval;
  }

  // ---- clock suspension --------------------------------------------------------------------------

  validateSuspensionRequest(input: SuspensionRequestInput): void {
    rejectUnsafeText(input);
    const task = this.requireOpen(input.taskId);
    if (task.kind !== 'decision') reject(CaseFailure.InvalidDecision, 'only a stage clock can be suspended');
    if (task.deadline.suspension !== null)
      reject(CaseFailure.WrongStage, `the clock of ${task.taskId} is already suspended`);
    if (this.ctx.isConflicted(input.actorId))
      reject(CaseFailure.RecusedApprover, `${input.actorId} is recused from this case`);
    if (task.assigneeId !== input.actorId)
      reject(CaseFailure.NotAssignee, `${input.actorId} is not assigned task ${task.taskId}`);
    const pending = this.openTasks().some((t) => t.kind === 'suspensionApproval' && t.targetTaskId === task.taskId);
    if (pending) reject(CaseFailure.DuplicateDecision, `a suspension request for ${task.taskId} is already pending`);
  }

  async applySuspensionRequest(input: SuspensionRequestInput): Promise<HumanTask> {
    const task = this.mustGet(input.taskId);
    await this.audit('CLOCK_SUSPENSION_REQUESTED', input.actorId, { taskId: task.taskId, reason: input.reason });
    const approval = await this.open({
      stage: task.stage,
      kind: 'suspensionApproval',
      title: `Suspend the clock of: ${task.title}`,
      route: this.ctx.approverAbove(task.assigneeId),
      candidateRole: 'approverAbove',
      allowedOutcomes: ['APPROVE', 'REFUSE'],
      limitKey: 'approval',
      targetTaskId: task.taskId,
    });
    this.background(async () => {
      const decided = await this.awaitOutcome(approval);
      if (decided.outcome !== 'APPROVE' || task.status !== 'OPEN') {
        await this.audit('CLOCK_SUSPENSION_REFUSED', decided.actorId, { taskId: task.taskId });
        return;
      }
      const when = this.ctx.clock.now();
      task.deadline = this.ctx.rules().suspend(task.deadline, when, input.reason);
      task.version += 1;
      task.history.push({
        at: iso(when),
        action: 'CLOCK_SUSPENDED',
        actorId: decided.actorId,
        detail: { reason: input.reason },
      });
      await this.audit('CLOCK_SUSPENDED', decided.actorId, { taskId: task.taskId, reason: input.reason });
      await this.project(task);
      this.ctx.onChange();
    });
    return approval;
  }

  validateResume(input: SuspensionRequestInput): void {
    rejectUnsafeText(input);
    const task = this.requireOpen(input.taskId);
    if (task.deadline.suspension === null) reject(CaseFailure.WrongStage, `the clock of ${task.taskId} is running`);
    if (this.ctx.isConflicted(input.actorId))
      reject(CaseFailure.RecusedApprover, `${input.actorId} is recused from this case`);
    if (![task.assigneeId, ...this.ctx.approverAbove(task.assigneeId)].includes(input.actorId)) {
      reject(CaseFailure.RoleNotAllowed, `${input.actorId} may not resume this clock`);
    }
  }

  async applyResume(input: SuspensionRequestInput): Promise<HumanTask> {
    const task = this.mustGet(input.taskId);
    const now = this.ctx.clock.now();
    const from = task.deadline.dueAtMs;
    const resumed = this.ctx.rules().resume(task.deadline, now);
    const deadline = resumed.ok ? resumed.clock : task.deadline;
    const suspendedWd = resumed.ok ? resumed.suspendedWd : 0;
    await recordThenApply(
      () =>
        this.audit('DUE_DATE_RECALCULATED', input.actorId, {
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
        task.warningLevel = this.ctx.rules().warning(task.deadline, now);
        task.history.push({
          at: iso(now),
          action: 'CLOCK_RESUMED',
          actorId: input.actorId,
          detail: { from: iso(from), to: iso(task.deadline.dueAtMs), suspendedWd, reason: input.reason },
        });
      },
    );
    await this.project(task);
    this.ctx.onChange();
    return task;
  }

  // ---- reassignment and recusal ------------------------------------------------------------------

  validateReassign(input: ReassignInput): void {
    rejectUnsafeText(input);
    const task = this.requireOpen(input.taskId);
    // The case names its supervisors; the gateway vouches for the rest of the jurisdiction's case-management office.
    const supervises =
      this.ctx.supervisors().includes(input.actorId) || input.actorAuthority === 'caseManagementOffice';
    if (!supervises) reject(CaseFailure.RoleNotAllowed, `${input.actorId} may not reassign tasks`);
    if (this.ctx.isConflicted(input.actorId))
      reject(CaseFailure.RecusedApprover, `${input.actorId} is recused from this case`);
    if (this.ctx.isConflicted(input.newAssigneeId))
      reject(CaseFailure.RecusedApprover, `${input.newAssigneeId} is recused from this case`);
    if (task.kind === 'collectiveDecision')
      reject(CaseFailure.InvalidDecision, 'a collective decision has no single assignee');
    if (task.assigneeId === input.newAssigneeId)
      reject(CaseFailure.InvalidDecision, `${input.newAssigneeId} already holds the task`);
    const breach = this.ctx.separationBreach?.(task.candidateRole, input.newAssigneeId);
    if (breach) reject(CaseFailure.InvalidDecision, breach);
  }

  async applyReassign(input: ReassignInput): Promise<HumanTask> {
    const task = this.mustGet(input.taskId);
    const now = this.ctx.clock.now();
    const from = task.assigneeId;
    await recordThenApply(
      () =>
        this.audit('TASK_REASSIGNED', input.actorId, {
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
    await this.project(task);
    this.ctx.onChange();
    return task;
  }

  /** After a new conflict, open tasks held by a now-recused person move to the next eligible person. */
  async rerouteConflicted(routeFor: (task: HumanTask) => string[]): Promise<void> {
    for (const task of this.openTasks()) {
      if (task.kind === 'collectiveDecision') {
        const voters = (task.voterIds ?? []).filter((id) => !this.ctx.isConflicted(id));
        if (voters.length !== task.voterIds?.length) {
          task.voterIds = voters;
          task.version += 1;
          await this.project(task);
        }
        continue;
      }
      if (!this.ctx.isConflicted(task.assigneeId)) continue;
      const next = firstEligible(routeFor(task), this.ctx.isConflicted);
      if (!next) continue;
      const now = this.ctx.clock.now();
      const from = task.assigneeId;
      task.assigneeId = next;
      task.version += 1;
      task.history.push({ at: iso(now), action: 'RECUSED_REROUTED', actorId: null, detail: { from, to: next } });
      await this.audit('APPROVER_SKIPPED_RECUSED', null, { taskId: task.taskId, skipped: [from], assigneeId: next });
      await this.noticeReassignment(task, now);
      await this.project(task);
    }
    this.ctx.onChange();
  }

  async recomputeProvisional(): Promise<void> {
    for (const task of this.openTasks()) {
      if (!task.deadline.provisional) continue;
      const now = this.ctx.clock.now();
      const from = task.deadline.dueAtMs;
      task.deadline = this.ctx.rules().recompute(task.deadline, now, 'holiday schedule imported');
      task.version += 1;
      task.history.push({
        at: iso(now),
        action: 'DUE_DATE_RECOMPUTED',
        actorId: null,
        detail: { from: iso(from), to: iso(task.deadline.dueAtMs), provisional: task.deadline.provisional },
      });
      await this.audit('DUE_DATE_RECALCULATED', null, {
        taskId: task.taskId,
        cause: 'CALENDAR_IMPORTED',
        from: iso(from),
        to: iso(task.deadline.dueAtMs),
      });
      await this.project(task);
    }
    this.ctx.onChange();
  }

  /** The new assignee hears of a task that moved to them, by a supervisor's reassignment or a recusal. */
  private async noticeReassignment(task: HumanTask, now: number): Promise<void> {
    if (!patched(REASSIGNMENT_NOTICE_PATCH)) return;
    await persist.recordNotification({
      notificationKey: `${this.ctx.workflowId}:${task.taskId}:reassignment:${task.version}`,
      caseId: this.ctx.caseId,
      taskId: task.taskId,
      kind: 'reassignment',
      level: task.escalationLevel,
      recipientRole: 'assignee',
      recipientId: this.deliverableTo(task.assigneeId),
      at: iso(now),
    });
  }

  /**
   * Need-to-know at write (DOMAIN §8): a subject, trace-back candidate or recused person of the case is
   * told nothing about it, whatever step names them. Only the activity's input changes, so no patch.
   */
  private deliverableTo(personId: string): string | null {
    return this.ctx.isConflicted(personId) ? null : personId;
  }

  // ---- plumbing ----------------------------------------------------------------------------------

  async audit(action: string, actorId: string | null, after: Record<string, unknown>): Promise<void> {
    await this.trail.append(action, actorId, after);
  }

  async project(task: HumanTask): Promise<void> {
    this.projectionVersion += 1;
    this.projectedVersion.set(task.taskId, task.version);
    this.lastWrite.set(task.taskId, this.projectionVersion);
    await persist.projectTask(toProjection(task, this.ctx, this.projectionVersion));
  }

  /** Side tasks (extension or suspension approvals) run beside the stage; the workflow drains them before it ends. */
  private background(work: () => Promise<void>): void {
    this.sideWork.push(work());
  }

  async drain(): Promise<void> {
    for (const task of this.openTasks()) await this.cancel(task, 'case concluded');
    await Promise.all(this.sideWork);
  }

  private requireOpen(taskId: string): HumanTask {
    const task = this.tasks.get(taskId);
    if (!task) reject(CaseFailure.TaskNotFound, `task ${taskId} is not part of this case`);
    if (task.status !== 'OPEN') reject(CaseFailure.WrongStage, `task ${taskId} is ${task.status.toLowerCase()}`);
    return task;
  }

  private mustGet(taskId: string): HumanTask {
    const task = this.tasks.get(taskId);
    if (!task) reject(CaseFailure.TaskNotFound, `task ${taskId} is not part of this case`);
    return task;
  }
}

const REMIND_BEFORE_DUE_PATCH = 'task-board-remind-before-due';
/** A decision is stored by one local activity in one transaction, and its task is projected once (issue 17). */
export const DECISION_ONE_COMMIT_PATCH = 'decision-one-commit';
/** A task with nobody eligible on its route waits for a replacement instead of failing the workflow. */
const AWAIT_REPLACEMENT_PATCH = 'task-board-await-replacement';
/** Tasks wake when their warning turns yellow or red (DOMAIN §7 graded warnings), not only at escalation steps. */
const GRADED_WARNINGS_PATCH = 'task-board-graded-warnings';
/** A decided collective vote writes its attendance and dissent to the audit log. */
const COLLECTIVE_RECORD_PATCH = 'task-board-collective-record';
/** A reassigned or rerouted task notifies its new assignee (GET /notifications). */
const REASSIGNMENT_NOTICE_PATCH = 'task-board-reassignment-notice';

export interface DecisionEffects {
  record?: () => Promise<void>;
  apply?: () => void;
}

/** One decision per task, or one vote per voter on a collective decision. */
function recordingSlot(task: HumanTask, actorId: string): string {
  return task.kind === 'collectiveDecision' ? `${task.taskId}:${actorId}` : task.taskId;
}

/** Escalation levels already notified since the due date last moved (a granted extension or a resumed clock starts over). */
function stepsTakenForCurrentDueDate(task: HumanTask): Set<number> {
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

export function toProjection(
  task: HumanTask,
  ctx: Pick<BoardContext, 'caseId' | 'workflowId'>,
  projectionVersion: number,
): TaskProjection {
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
    projectionVersion,
  };
}
