import { patched } from '@temporalio/workflow';
import { CaseFailure, type AuditEvent, type DecisionInput } from '@shuangcha/contracts';
import { shanghaiLocalDate } from '@shuangcha/domain/calendar';
import {
  checkDecision,
  dateOfRecordProblem,
  tallyVotes,
  type CollectiveResult,
  type HumanTask,
  type Vote,
} from '@shuangcha/domain/case';
import { commitAcceptingFirst, commitLocally, persist } from './activities';
import { copyOf } from './copy';
import { RECORD_BEFORE_EFFECT_PATCH } from './record-first';
import type { TaskBoard } from './task-board';
import {
  COLLECTIVE_RECORD_PATCH,
  COMMIT_ACCEPTING_FIRST_PATCH,
  DECISION_ONE_COMMIT_PATCH,
  iso,
  recordingSlot,
  refuse,
  reject,
  rejectUnsafeText,
  toProjection,
} from './task-plumbing';

const STAGE_STEPS: readonly HumanTask['kind'][] = ['decision', 'approval', 'collectiveDecision'];

export interface DecisionEffects {
  record?: () => Promise<void>;
  apply?: () => void;
}

/**
 * How a board takes a decision: checked synchronously by the Update's validator, then recorded before the
 * task changes (issue 16 §1), in one transaction since issue 17. Older runs replay through the earlier
 * orders behind their patches.
 */
export class TaskDecisions {
  private readonly commitQueue = new Map<string, Promise<void>>();
  /** Decisions whose record is being written: a second one on the same task (or vote) waits its turn as a duplicate. */
  private readonly recording = new Set<string>();

  constructor(private readonly board: TaskBoard) {}

  validate(input: DecisionInput): void {
    rejectUnsafeText(input);
    const task = this.board.tasks.get(input.taskId);
    const { isConflicted, barredFrom } = this.board.ctx;
    // A person the stage bars (an investigator in the trial review) is refused as a recused one is.
    const ineligible = (personId: string) =>
      isConflicted(personId) || (task !== undefined && (barredFrom?.(task.stage, personId) ?? false));
    refuse(checkDecision(task, input, ineligible));
    if (task && this.recording.has(recordingSlot(task, input.actorId)))
      reject(CaseFailure.DuplicateDecision, `a decision on ${input.taskId} is being recorded`);
    if (input.decidedOn !== undefined) {
      const problem = dateOfRecordProblem(input.decidedOn, {
        nowMs: this.board.ctx.clock.now(),
        previousOn: this.board.stepOn,
      });
      if (problem) reject(CaseFailure.InvalidDecision, `the date of record is not possible: ${problem}`);
    }
  }

  /**
   * Records the decision (its row, then its audit entry) and only then changes the task: a decision that
   * cannot be stored fails the Update and leaves the task open at its version. Callers whose own state moves
   * with the decision pass `effects`: `record` writes what that change depends on, after the decision's
   * own record, and `apply` makes the change at the moment the decision takes effect.
   */
  async apply(input: DecisionInput, effects: DecisionEffects = {}): Promise<HumanTask> {
    if (!patched(RECORD_BEFORE_EFFECT_PATCH)) return this.applyDecisionBeforeRecording(input, effects.apply);
    if (patched(DECISION_ONE_COMMIT_PATCH)) return this.applyDecisionInOneCommit(input, effects);
    const task = this.board.task(input.taskId);
    const now = this.board.ctx.clock.now();
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
        await this.board.audit('COLLECTIVE_DECISION_RECORDED', null, {
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
    await this.board.rows.write(task);
    this.board.ctx.onChange();
    return task;
  }

  /**
   * Decisions on one task are stored one after another: two voters of a collective decision may be
   * recording at once, and each vote must count the one stored before it.
   */
  private applyDecisionInOneCommit(input: DecisionInput, effects: DecisionEffects): Promise<HumanTask> {
    const task = this.board.task(input.taskId);
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
      const now = this.board.ctx.clock.now();
      const audit: AuditEvent[] = [
        this.board.trail.next(
          task.kind === 'collectiveDecision' ? 'VOTE_RECORDED' : 'DECISION_RECORDED',
          input.actorId,
          {
            taskId: task.taskId,
            stage: task.stage,
            outcome: input.outcome,
            basis: input.basis,
            ...(input.decidedOn && { decidedOn: input.decidedOn }),
            ...(input.teamIds && { teamIds: input.teamIds }),
          },
        ),
      ];
      let decide = (target: HumanTask) => this.markDecided(target, input.outcome, input.actorId, now, input);
      if (task.kind === 'collectiveDecision') {
        const vote = { outcome: input.outcome, reason: input.reason, at: iso(now) };
        const votes = { ...task.votes, [input.actorId]: vote };
        const tally = tallyVotes(task.voterIds ?? [], votes);
        decide = (target) => this.applyVote(target, input, votes, tally, now);
        if (tally.decided) {
          audit.push(
            this.board.trail.next('COLLECTIVE_DECISION_RECORDED', null, {
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
      const committed = this.board.rows.reserve(decided);
      const commit = patched(COMMIT_ACCEPTING_FIRST_PATCH) ? commitAcceptingFirst : commitLocally;
      await commit.commitDecision({ decision: this.decisionRecord(task, input, now), audit, task: committed });
      await effects.record?.();
      effects.apply?.();
      // The task itself changes now. A reminder or an extension that landed while the commit ran changed it
      // too, or the task's opening projection was written after the commit's: the row then lags the task
      // and is written again.
      decide(task);
      const { projectionVersion: committedAt, ...stored } = committed;
      const { projectionVersion: _live, ...live } = toProjection(task, this.board.ctx, 0);
      const current =
        this.board.rows.isLatest(task.taskId, committedAt) && JSON.stringify(live) === JSON.stringify(stored);
      if (current) this.board.rows.markShown(task);
      else await this.board.rows.write(task);
    } finally {
      this.recording.delete(recordingSlot(task, input.actorId));
    }
    this.board.ctx.onChange();
    return task;
  }

  /** Before RECORD_BEFORE_EFFECT_PATCH: the task changed first, so a refused write left it decided without a record. */
  private async applyDecisionBeforeRecording(input: DecisionInput, onRecorded?: () => void): Promise<HumanTask> {
    onRecorded?.();
    const task = this.board.task(input.taskId);
    const now = this.board.ctx.clock.now();
    if (task.kind === 'collectiveDecision') {
      const votes = { ...task.votes, [input.actorId]: { outcome: input.outcome, reason: input.reason, at: iso(now) } };
      this.applyVote(task, input, votes, tallyVotes(task.voterIds ?? [], votes), now);
    } else {
      this.markDecided(task, input.outcome, input.actorId, now, input);
    }
    await this.writeDecision(task, input, now);
    if (task.kind === 'collectiveDecision' && task.status === 'DECIDED' && patched(COLLECTIVE_RECORD_PATCH)) {
      const tally = tallyVotes(task.voterIds ?? [], task.votes ?? {});
      await this.board.audit('COLLECTIVE_DECISION_RECORDED', null, {
        taskId: task.taskId,
        stage: task.stage,
        outcome: task.outcome,
        attendance: tally.attendance,
        dissent: tally.dissent,
      });
    }
    await this.board.rows.write(task);
    this.board.ctx.onChange();
    return task;
  }

  private decisionRecord(task: HumanTask, input: DecisionInput, now: number) {
    return {
      decisionKey: `${this.board.ctx.workflowId}:${task.taskId}:${input.actorId}`,
      caseId: this.board.ctx.caseId,
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
    await this.board.audit(task.kind === 'collectiveDecision' ? 'VOTE_RECORDED' : 'DECISION_RECORDED', input.actorId, {
      taskId: task.taskId,
      stage: task.stage,
      outcome: input.outcome,
      basis: input.basis,
      ...(input.teamIds && { teamIds: input.teamIds }),
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
    if (input.decidedOn) task.decidedOn = input.decidedOn;
    task.comment = input.comment;
    task.reason = input.reason ?? null;
    task.basis = input.basis;
    task.version += 1;
    task.history.push({
      at: iso(now),
      action: 'DECIDED',
      actorId,
      detail: { outcome, ...(input.decidedOn && { decidedOn: input.decidedOn }) },
    });
    // Extensions and suspensions change a clock; only the steps of a stage move the date the next one counts
    // from. The copy a commit works out beforehand is not the board's task: the date moves with the task.
    const live = this.board.tasks.get(task.taskId) === task;
    if (live && STAGE_STEPS.includes(task.kind)) this.board.stepOn = input.decidedOn ?? shanghaiLocalDate(now);
  }
}
