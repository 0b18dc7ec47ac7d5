import { condition } from '@temporalio/workflow';
import {
  CaseFailure,
  type CaseState,
  type DecisionInput,
  type DualInvestigationDecisionInput,
  type Participants,
  type TraceBackOpeningRequest,
} from '@shuangcha/contracts';
import { persist } from './activities';
import { participantRoutes } from './routes';
import { iso, reject, type TaskBoard } from './task-board';
import type { AuditTrail } from './audit-trail';
import type { VirtualClock } from './virtual-clock';

const OPENING_STAGE = 'traceBackOpening';
const OPENING_OUTCOMES = ['APPROVE', 'REJECT'] as const;

export interface TraceBackOpeningContext {
  clock: VirtualClock;
  state: CaseState;
  participants: () => Participants;
  /** The case's board (its recusal tasks live there too); its calendar is loaded before a task opens. */
  board: TaskBoard;
  readyBoard: () => Promise<void>;
  trail: AuditTrail;
  markDirty: () => void;
}

/**
 * 启动倒查 needs the principal leader (AR art. 9): the leader in charge's TRIGGER, and the opening of an
 * accountability-only case, become a request the principal leader approves or refuses with a reason. The
 * principal leader's own TRIGGER is the approval. A refusal is a recorded DECLINE, so supervisors see it.
 */
export class TraceBackOpening {
  private readonly sideWork: Promise<void>[] = [];

  constructor(private readonly ctx: TraceBackOpeningContext) {}

  private get dual(): CaseState['dualInvestigation'] {
    return this.ctx.state.dualInvestigation;
  }

  get pending(): boolean {
    return this.dual.opening?.status === 'PENDING';
  }

  get refused(): boolean {
    return this.dual.opening?.status === 'REJECTED';
  }

  /** By the task's stage: the task is on the board (and visible) a moment before the request records its id. */
  owns(taskId: string): boolean {
    return this.ctx.board.tasks.get(taskId)?.stage === OPENING_STAGE;
  }

  validateTrigger(): void {
    if (this.pending)
      reject(CaseFailure.DuplicateDecision, 'a request to open the trace-back awaits the principal leader');
  }

  /** TRIGGER or DECLINE from the leader in charge or the principal leader; TRIGGER is recorded as a request first. */
  async decide(input: DualInvestigationDecisionInput): Promise<{ decision: string; approvalTaskId?: string }> {
    if (input.decision === 'DECLINE') {
      await this.ctx.trail.append('DUAL_INVESTIGATION_DECLINE', input.actorId, {
        reason: input.reason,
        suggested: this.dual.suggested,
      });
      this.settle('DECLINE', input.actorId, input.reason);
      return { decision: 'DECLINE' };
    }
    if (input.actorId === this.ctx.participants().principalLeaderId) {
      await this.ctx.trail.append('DUAL_INVESTIGATION_TRIGGER', input.actorId, {
        reason: input.reason,
        suggested: this.dual.suggested,
        approvedBy: input.actorId,
      });
      this.dual.opening = {
        requestedBy: input.actorId,
        reason: input.reason,
        taskId: null,
        status: 'APPROVED',
        decidedBy: input.actorId,
        refusal: null,
      };
      this.settle('TRIGGER', input.actorId, input.reason);
      return { decision: 'TRIGGER' };
    }
    const task = await this.request(input.actorId, input.reason);
    return { decision: 'TRIGGER_REQUESTED', approvalTaskId: task };
  }

  /** Opens the principal leader's approval task; an accountability-only case starts here. */
  async request(requestedBy: string, reason: string): Promise<string> {
    await this.ctx.readyBoard();
    await this.ctx.trail.append('TRACE_BACK_OPENING_REQUESTED', requestedBy, { reason });
    const task = await this.ctx.board.open({
      stage: OPENING_STAGE,
      kind: 'decision',
      title: '启动责任倒查审批 / Approve opening the responsibility trace-back',
      route: participantRoutes(this.ctx.participants()).routeFor('principalLeader'),
      candidateRole: 'principalLeader',
      allowedOutcomes: OPENING_OUTCOMES,
      limitKey: 'approval',
    });
    const opening: TraceBackOpeningRequest = {
      requestedBy,
      reason,
      taskId: task.taskId,
      status: 'PENDING',
      decidedBy: null,
      refusal: null,
    };
    this.dual.opening = opening;
    this.ctx.state.timeline.push({
      at: iso(this.ctx.clock.now()),
      stage: 'dualInvestigation',
      action: 'TRIGGER_REQUESTED',
      actorId: requestedBy,
      comment: reason,
    });
    this.ctx.markDirty();
    this.sideWork.push(this.ctx.board.awaitOutcome(task).then(() => undefined));
    return task.taskId;
  }

  validateDecision(decision: DecisionInput): void {
    if (this.owns(decision.taskId) && decision.outcome === 'REJECT' && !decision.reason?.trim())
      reject(CaseFailure.InvalidDecision, 'refusing to open a trace-back needs a reason (DOMAIN §3)');
  }

  /** The principal leader's answer, recorded before the case acts on it. */
  async applyDecision(decision: DecisionInput) {
    await condition(() => this.dual.opening?.taskId === decision.taskId);
    const opening = this.dual.opening!;
    const approved = decision.outcome === 'APPROVE';
    await this.ctx.board.applyDecision(decision, {
      record: () =>
        this.ctx.trail.append(
          approved ? 'DUAL_INVESTIGATION_TRIGGER' : 'DUAL_INVESTIGATION_DECLINE',
          decision.actorId,
          {
            reason: approved ? opening.reason : decision.reason,
            suggested: this.dual.suggested,
            requestedBy: opening.requestedBy,
            approvedBy: approved ? decision.actorId : null,
          },
        ),
      apply: () => {
        opening.status = approved ? 'APPROVED' : 'REJECTED';
        opening.decidedBy = decision.actorId;
        opening.refusal = approved ? null : (decision.reason ?? null);
        if (approved) this.settle('TRIGGER', opening.requestedBy, opening.reason);
        else this.settle('DECLINE', decision.actorId, decision.reason ?? '');
      },
    });
    this.ctx.markDirty();
    return { taskId: decision.taskId, outcome: decision.outcome, stage: OPENING_STAGE };
  }

  /** Whether the trace-back about to open is the one under the approval of this patch's runs (older runs never look). */
  get approvedHere(): boolean {
    return this.dual.opening?.status === 'APPROVED';
  }

  get linked(): boolean {
    return this.dual.linkedCase !== undefined;
  }

  /**
   * Targets already under a filed case reuse that case (DOMAIN §3): when another case of the unit has a
   * trace-back covering the period, this case links to it, audited, instead of opening a second one.
   */
  async linkFiled(query: {
    caseId: string;
    unitId: string;
    misconductIntervals: { from: string; to: string }[];
  }): Promise<boolean> {
    const filed = await persist.findFiledTraceBack(query);
    if (!filed) return false;
    await this.ctx.trail.append('TRACE_BACK_LINKED', null, { linkedCaseId: filed.caseId, caseNo: filed.caseNo });
    this.dual.linkedCase = filed;
    this.ctx.state.timeline.push({
      at: iso(this.ctx.clock.now()),
      stage: 'dualInvestigation',
      action: 'TRACE_BACK_LINKED',
      actorId: null,
      comment: filed.caseNo,
    });
    this.ctx.markDirty();
    return true;
  }

  drain(): Promise<unknown> {
    return Promise.all(this.sideWork);
  }

  private settle(decision: 'TRIGGER' | 'DECLINE', actorId: string, reason: string): void {
    this.ctx.state.dualInvestigation = { ...this.dual, decision, decidedBy: actorId, reason };
    this.ctx.state.timeline.push({
      at: iso(this.ctx.clock.now()),
      stage: 'dualInvestigation',
      action: decision,
      actorId,
      comment: reason,
    });
    this.ctx.markDirty();
  }
}
