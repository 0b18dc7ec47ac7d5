import { setHandler } from '@temporalio/workflow';
import {
  CaseFailure,
  logInvestigativeMeasure,
  type MeasureLogInput,
  type MeasureLogResult,
  type MeasureProjection,
} from '@shuangcha/contracts';
import { shanghaiLocalDate, type HolidayCalendar, type LocalDate } from '@shuangcha/domain/calendar';
import {
  APPROVE_OUTCOME,
  dateOfRecordProblem,
  isTeamStage,
  MEASURE_RULES,
  measureStageProblem,
  type MeasureRule,
  type ParticipantRole,
  type TeamStage,
} from '@shuangcha/domain/case';
import { dueDateFrom } from '@shuangcha/domain/deadline';
import { persist } from './activities';
import { recordThenApply } from './record-first';
import type { TaskBoard } from './task-board';
import { iso, reject, rejectUnsafeText } from './task-plumbing';

const REFUSE_OUTCOME = 'REFUSE';

/** What the measures need of the investigation they are logged in. */
export interface MeasureHost {
  stage(): string;
  teamOf(stage: TeamStage): string[];
  routeFor(role: ParticipantRole): string[];
  calendar(): HolidayCalendar;
}

/**
 * 审查调查措施 (DOMAIN §2, WR art. 40): a team member logs a measure on the case; one the rules put under
 * approval (`MEASURE_RULES`) opens an approval task per approver in order and is taken on the day the last one
 * approves. Each change is stored (read-model row, audit entry) before the workflow counts it.
 */
export class InvestigativeMeasures {
  private logged = 0;
  /** Who logged a measure on the case: they investigated it, so they review none of it (WR art. 59). */
  private readonly loggers = new Set<string>();

  constructor(
    private readonly board: TaskBoard,
    private readonly host: MeasureHost,
  ) {}

  register(): void {
    setHandler(logInvestigativeMeasure, (req) => this.log(req), { validator: (req) => this.validate(req) });
  }

  loggedBy(): string[] {
    return [...this.loggers];
  }

  validate(req: MeasureLogInput): void {
    rejectUnsafeText(req);
    const stage = this.host.stage();
    if (!isTeamStage(stage)) {
      reject(
        CaseFailure.WrongStage,
        `investigative measures are taken in preliminary verification or investigation; the case is in ${stage}`,
      );
    }
    if (this.board.ctx.isConflicted(req.actorId)) {
      reject(CaseFailure.RecusedApprover, `${req.actorId} is recused from this case (回避)`);
    }
    if (!this.host.teamOf(stage).includes(req.actorId)) {
      reject(
        CaseFailure.RoleNotAllowed,
        `${req.actorId} is not on the ${stage} team; measures are logged by its members`,
      );
    }
    const problem = measureStageProblem(req.kind, stage);
    if (problem) reject(CaseFailure.MeasureNotAllowed, problem);
    if (req.takenOn === undefined) return;
    if (MEASURE_RULES[req.kind].approvers.length > 0) {
      reject(
        CaseFailure.InvalidDecision,
        `${req.kind} is taken on the day it is approved; a date it was taken (takenOn) is not given for it`,
      );
    }
    const dateProblem = dateOfRecordProblem(req.takenOn, {
      nowMs: this.board.ctx.clock.now(),
      previousOn: this.board.stepOn,
    });
    if (dateProblem) reject(CaseFailure.InvalidDecision, `the date of record is not possible: ${dateProblem}`);
  }

  private async log(req: MeasureLogInput): Promise<MeasureLogResult> {
    // Taken before any await: two measures logged at once get different numbers.
    this.logged += 1;
    const rule = MEASURE_RULES[req.kind];
    const now = this.board.ctx.clock.now();
    const measure: MeasureProjection = {
      measureId: `${this.board.ctx.workflowId}:measure-${this.logged}`,
      caseId: this.board.ctx.caseId,
      workflowId: this.board.ctx.workflowId,
      stage: this.host.stage(),
      kind: req.kind,
      purpose: req.purpose,
      loggedBy: req.actorId,
      loggedAt: iso(now),
      status: 'PENDING_APPROVAL',
      takenOn: null,
      approvalTaskId: null,
      approverIds: [],
      refusal: null,
      limit: rule.limit ? { ...rule.limit } : null,
      dueOn: null,
      projectionVersion: 1,
    };
    if (rule.approvers.length === 0) {
      const taken = this.taken(measure, rule, req.takenOn ?? shanghaiLocalDate(now));
      await this.store(taken, 'MEASURE_RECORDED', req.actorId);
      this.loggers.add(req.actorId);
      return { measureId: taken.measureId, status: taken.status };
    }
    const first = await this.openApproval(measure, rule.approvers[0]);
    const pending = { ...measure, approvalTaskId: first.taskId };
    await this.store(pending, 'MEASURE_REQUESTED', req.actorId);
    this.loggers.add(req.actorId);
    this.board.background(() => this.awaitApprovals(pending, rule, first));
    return { measureId: pending.measureId, status: pending.status, approvalTaskId: first.taskId };
  }

  /** Each approver in order; a refusal ends the route, the last approval takes the measure that day. */
  private async awaitApprovals(
    pending: MeasureProjection,
    rule: MeasureRule,
    first: Awaited<ReturnType<TaskBoard['open']>>,
  ): Promise<void> {
    let current = pending;
    let task = first;
    for (let level = 0; ;) {
      const decided = await this.board.awaitOutcome(task);
      const when = this.board.ctx.clock.now();
      if (decided.outcome !== APPROVE_OUTCOME) {
        const refused: MeasureProjection = {
          ...current,
          status: 'REFUSED',
          approverIds: decided.actorId ? [...current.approverIds, decided.actorId] : current.approverIds,
          refusal: decided.reason ?? (decided.comment || 'the approval was withdrawn'),
          projectionVersion: current.projectionVersion + 1,
        };
        await this.store(refused, 'MEASURE_REFUSED', decided.actorId || null);
        return;
      }
      current = {
        ...current,
        approverIds: [...current.approverIds, decided.actorId],
        projectionVersion: current.projectionVersion + 1,
      };
      level += 1;
      if (level === rule.approvers.length) {
        const taken = this.taken(current, rule, decided.decidedOn ?? shanghaiLocalDate(when));
        await this.store(taken, 'MEASURE_APPROVED', decided.actorId);
        return;
      }
      task = await this.openApproval(current, rule.approvers[level]);
      current = { ...current, approvalTaskId: task.taskId };
      await this.store(current, 'MEASURE_APPROVAL_FORWARDED', decided.actorId);
    }
  }

  private openApproval(measure: MeasureProjection, role: ParticipantRole) {
    const rule = MEASURE_RULES[measure.kind];
    return this.board.open({
      stage: measure.stage,
      kind: 'measureApproval',
      title: `Approve investigative measure: ${measure.kind} (${rule.chinese})`,
      route: this.host.routeFor(role),
      candidateRole: role,
      allowedOutcomes: [APPROVE_OUTCOME, REFUSE_OUTCOME],
      limitKey: 'approval',
      proposal: { outcome: measure.kind, proposedBy: measure.loggedBy, comment: measure.purpose },
    });
  }

  /** The measure in force from `takenOn`, with the last day its limit allows on the case's calendar. */
  private taken(measure: MeasureProjection, rule: MeasureRule, takenOn: LocalDate): MeasureProjection {
    const dueOn = rule.limit
      ? dueDateFrom(this.host.calendar(), takenOn, rule.limit.amount, rule.limit.unit).dueDate
      : null;
    return {
      ...measure,
      status: 'RECORDED',
      takenOn,
      dueOn,
      projectionVersion: measure.projectionVersion + 1,
    };
  }

  private async store(measure: MeasureProjection, action: string, actorId: string | null): Promise<void> {
    await recordThenApply(
      async () => {
        await persist.projectMeasure(measure);
        await this.board.audit(action, actorId, {
          measureId: measure.measureId,
          kind: measure.kind,
          stage: measure.stage,
          status: measure.status,
          ...(measure.approvalTaskId && { approvalTaskId: measure.approvalTaskId }),
          ...(measure.takenOn && { takenOn: measure.takenOn }),
          ...(measure.dueOn && { dueOn: measure.dueOn }),
          ...(measure.refusal && { refusal: measure.refusal }),
        });
      },
      () => this.board.ctx.onChange(),
    );
  }
}
