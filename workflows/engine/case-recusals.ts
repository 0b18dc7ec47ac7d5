import { calendarActivities } from './activities';
import {
  CaseFailure,
  type CaseState,
  type ConflictDeclarationInput,
  type ConflictEntry,
  type DecisionInput,
  type Participants,
  type RecusalRequest,
  type ReplacementInput,
} from '@shuangcha/contracts';
import { patched } from '@temporalio/workflow';
import { HolidayCalendar } from '@shuangcha/domain/calendar';
import {
  firstEligible,
  recusalDeciders,
  singleHolderRolesOf,
  SINGLE_HOLDER_ROLES,
  type SingleHolderRole,
} from '@shuangcha/domain/case';
import type { CasePolicy } from '@shuangcha/domain/policy';
import { buildDeadlineRules } from './deadline-rules.factory';
import { participantRoutes, separationProblem } from './routes';
import { iso, reject, rejectUnsafeText, TaskBoard } from './task-board';
import type { AuditTrail } from './audit-trail';
import type { VirtualClock } from './virtual-clock';

const RECUSAL_STAGE = 'recusal';
const REPLACEMENT_STAGE = 'replacement';
const RECUSAL_OUTCOMES = ['RECUSE', 'REJECT'] as const;
const RECHECK_STAGE = 'recusalRecheck';
const RECHECK_OUTCOMES = ['CONFIRMED', 'REDO'] as const;
const RECHECK_PATCH = 'recusal-recheck-past-actions';
/** Who re-checks a recused person's past actions: the case officer, or case management when the officer is the one recused. */
const RECHECK_ROLES = ['caseOfficer', 'caseManagementOfficer'] as const;
/** The recused holder is the task's `concernsPersonId`, named where people read; titles carry no ids. */
const REPLACEMENT_TITLES: Record<SingleHolderRole, string> = {
  caseOfficer: '另行指定承办人（原承办人已回避） / Name a replacement case officer (the case officer is recused)',
  caseManagementOfficer:
    '另行指定案件监督管理人员（原人员已回避） / Name a replacement case-management officer (the officer is recused)',
};

export interface CaseRecusalContext {
  workflowId: string;
  clock: VirtualClock;
  policy: CasePolicy;
  state: CaseState;
  participants: () => Participants;
  /** Replaces the participants; the case recomputes its routes. */
  replaceParticipants: (next: Participants) => void;
  /** The participants changed: the children learn of it and reroute. */
  participantsChanged: () => Promise<void>;
  /** The case's own audit trail: the recusal board writes on a branch of it. */
  trail: AuditTrail;
  /** The registry changed: the children learn of it and reroute. */
  conflictsChanged: () => Promise<void>;
  markDirty: () => void;
}

/**
 * 回避 as DOMAIN §5 has it: a declaration or request opens a decision task for the case's leadership (the
 * principal leader; for the principal leader, the higher commission's leader), and only a RECUSE enters the
 * conflict registry and reaches the children. A recused case officer or case-management officer holds a
 * role nobody else holds, so the leader in charge names a replacement (scenario C.3); the replacement must not
 * be conflicted nor break WR art. 59 separation. The case's own tasks live on this board.
 */
export class CaseRecusals {
  readonly board: TaskBoard;
  private calendar: HolidayCalendar | null = null;
  private readonly replacementFor = new Map<string, { role: SingleHolderRole; from: string }>();
  /** Recheck task → the recused person whose past actions it re-checks. */
  private readonly recheckOf = new Map<string, string>();
  private readonly sideWork: Promise<void>[] = [];

  constructor(private readonly ctx: CaseRecusalContext) {
    const routes = () => participantRoutes(ctx.participants());
    this.board = new TaskBoard({
      caseId: ctx.workflowId,
      workflowId: ctx.workflowId,
      clock: ctx.clock,
      rules: () => buildDeadlineRules(this.requireCalendar(), ctx.policy),
      isConflicted: (personId) => this.isConflicted(personId),
      recipientFor: (role, task) => routes().recipientFor(role, task),
      approverAbove: (personId) => routes().approverAbove(personId),
      supervisors: () => routes().supervisors,
      onChange: () => ctx.markDirty(),
      currentRoute: (role) => routes().routeFor(role),
      separationBreach: (role, personId) => separationProblem(ctx.participants(), role, personId),
      // The case workflow numbers its own audit entries under its id; the board's go beside them.
      auditTrail: ctx.trail.branch('tasks'),
    });
  }

  isConflicted(personId: string): boolean {
    return this.ctx.state.conflicts.some((c) => c.personId === personId);
  }

  private get requests(): RecusalRequest[] {
    this.ctx.state.recusals ??= [];
    return this.ctx.state.recusals;
  }

  validateRequest(declaration: ConflictDeclarationInput): void {
    if (this.requests.some((r) => r.personId === declaration.personId && r.status === 'PENDING'))
      reject(CaseFailure.DuplicateDecision, `a recusal request for ${declaration.personId} awaits its decision`);
  }

  /** The board's deadlines need the holiday calendar, loaded once before the case's first task. */
  async loadCalendar(): Promise<void> {
    this.calendar ??= HolidayCalendar.fromSchedules(await calendarActivities.loadHolidaySchedules());
  }

  async request(declaration: ConflictDeclarationInput): Promise<{ conflicts: number; recusalTaskId: string }> {
    await this.loadCalendar();
    await this.ctx.trail.append('RECUSAL_REQUESTED', declaration.actorId, {
      personId: declaration.personId,
      ground: declaration.ground,
      reason: declaration.reason,
    });
    const task = await this.board.open({
      stage: RECUSAL_STAGE,
      kind: 'decision',
      title: '回避申请决定 / Decide a recusal request',
      route: recusalDeciders(this.ctx.participants(), declaration.personId),
      candidateRole: 'recusalDecider',
      allowedOutcomes: RECUSAL_OUTCOMES,
      limitKey: 'approval',
      concernsPersonId: declaration.personId,
    });
    const request: RecusalRequest = {
      personId: declaration.personId,
      ground: declaration.ground,
      requestedBy: declaration.actorId,
      reason: declaration.reason,
      taskId: task.taskId,
      status: 'PENDING',
      decidedBy: null,
      replacementTaskIds: [],
    };
    this.requests.push(request);
    this.ctx.markDirty();
    // Reminders and escalation run while the decision is pending; the decision's effect is its Update's.
    this.sideWork.push(this.board.awaitOutcome(task).then(() => undefined));
    return { conflicts: this.ctx.state.conflicts.length, recusalTaskId: task.taskId };
  }

  validateDecision(decision: DecisionInput): void {
    rejectUnsafeText(decision);
    this.board.validateDecision(decision);
    const task = this.board.tasks.get(decision.taskId);
    if (task?.stage === REPLACEMENT_STAGE)
      reject(CaseFailure.InvalidDecision, 'a replacement names its person: submit it with nameReplacement');
    if (task?.stage === RECUSAL_STAGE && decision.outcome === 'REJECT' && !decision.reason?.trim())
      reject(CaseFailure.InvalidDecision, 'rejecting a recusal request needs a reason (DOMAIN §5)');
    if (task?.stage === RECHECK_STAGE && decision.outcome === 'REDO' && !decision.reason?.trim())
      reject(CaseFailure.InvalidDecision, 'a recheck that asks for a redo says what must be redone (DOMAIN §5)');
  }

  /**
   * A recusal decision is recorded (decision row, then CONFLICT_DECLARED or RECUSAL_REJECTED) before the registry
   * changes, so a refused write leaves both the task and the registry as they were.
   */
  async applyDecision(decision: DecisionInput) {
    const recused = this.recheckOf.get(decision.taskId);
    if (recused !== undefined) {
      const task = await this.board.applyDecision(decision, {
        record: () =>
          this.ctx.trail.append(
            decision.outcome === 'REDO' ? 'RECUSAL_RECHECK_REDO' : 'RECUSAL_RECHECK_CONFIRMED',
            decision.actorId,
            { personId: recused, taskId: decision.taskId, reason: decision.reason ?? null },
          ),
      });
      return { taskId: task.taskId, outcome: decision.outcome, stage: task.stage };
    }
    const request = this.requests.find((r) => r.taskId === decision.taskId);
    if (!request) {
      const task = await this.board.applyDecision(decision);
      return { taskId: task.taskId, outcome: decision.outcome, stage: task.stage };
    }
    if (decision.outcome === 'REJECT') {
      await this.board.applyDecision(decision, {
        record: () =>
          this.ctx.trail.append('RECUSAL_REJECTED', decision.actorId, {
            personId: request.personId,
            reason: decision.reason,
          }),
        apply: () => {
          request.status = 'REJECTED';
          request.decidedBy = decision.actorId;
        },
      });
      this.ctx.markDirty();
      return { taskId: decision.taskId, outcome: decision.outcome, stage: RECUSAL_STAGE };
    }
    const entry: ConflictEntry = {
      personId: request.personId,
      ground: request.ground,
      source: request.requestedBy === request.personId ? 'declared' : 'requested',
      declaredBy: request.requestedBy,
      at: iso(this.ctx.clock.now()),
      decidedBy: decision.actorId,
    };
    await this.board.applyDecision(decision, {
      record: () =>
        this.ctx.trail.append('CONFLICT_DECLARED', decision.actorId, {
          personId: request.personId,
          ground: request.ground,
          reason: request.reason,
          requestedBy: request.requestedBy,
          decidedBy: decision.actorId,
        }),
      apply: () => {
        this.ctx.state.conflicts.push(entry);
        request.decidedBy = decision.actorId;
      },
    });
    this.ctx.markDirty();
    await this.ctx.conflictsChanged();
    await this.board.rerouteConflicted((t) => participantRoutes(this.ctx.participants()).routeFor(t.candidateRole));
    for (const role of singleHolderRolesOf(this.ctx.participants(), request.personId)) {
      const replacement = await this.board.open({
        stage: REPLACEMENT_STAGE,
        kind: 'decision',
        title: REPLACEMENT_TITLES[role],
        route: participantRoutes(this.ctx.participants()).routeFor('leaderInCharge'),
        candidateRole: 'leaderInCharge',
        allowedOutcomes: ['REPLACED'],
        limitKey: 'approval',
        concernsPersonId: request.personId,
      });
      this.replacementFor.set(replacement.taskId, { role, from: request.personId });
      request.replacementTaskIds.push(replacement.taskId);
      this.sideWork.push(this.board.awaitOutcome(replacement).then(() => undefined));
    }
    if (patched(RECHECK_PATCH)) await this.openRecheck(request);
    // Settled only once the replacement tasks exist, so whoever watches the request sees them with it.
    request.status = 'RECUSED';
    this.ctx.markDirty();
    return { taskId: decision.taskId, outcome: decision.outcome, stage: RECUSAL_STAGE };
  }

  /**
   * DOMAIN §5: a recused person's past actions in the case are re-checked. The case officer (case management,
   * when the officer is the one recused) lists them from the audit trail by actor and confirms or asks for a
   * redo. Nobody eligible left (both recused) means nobody to ask: the task is not opened rather than held.
   */
  private async openRecheck(request: RecusalRequest): Promise<void> {
    const routes = participantRoutes(this.ctx.participants());
    const barred = (id: string) => id === request.personId || this.isConflicted(id);
    const role = RECHECK_ROLES.find((r) => firstEligible(routes.routeFor(r), barred) !== undefined);
    if (!role) return;
    const task = await this.board.open({
      stage: RECHECK_STAGE,
      kind: 'recusalRecheck',
      title: '回避人员既往行为复核 / Re-check the past actions of a recused person',
      route: routes.routeFor(role),
      candidateRole: role,
      allowedOutcomes: RECHECK_OUTCOMES,
      limitKey: 'approval',
      concernsPersonId: request.personId,
    });
    this.recheckOf.set(task.taskId, request.personId);
    request.recheckTaskId = task.taskId;
    this.sideWork.push(this.board.awaitOutcome(task).then(() => undefined));
  }

  validateReplacement(r: ReplacementInput): void {
    rejectUnsafeText(r);
    this.board.validateDecision(this.asDecision(r));
    const target = this.replacementFor.get(r.taskId);
    if (!target) reject(CaseFailure.InvalidDecision, `task ${r.taskId} does not ask for a replacement`);
    if (r.replacementId === target.from || this.isConflicted(r.replacementId))
      reject(CaseFailure.RecusedApprover, `${r.replacementId} is recused from this case (回避)`);
    const breach = separationProblem(this.ctx.participants(), target.role, r.replacementId);
    if (breach) reject(CaseFailure.InvalidDecision, breach);
  }

  async applyReplacement(r: ReplacementInput) {
    const target = this.replacementFor.get(r.taskId);
    if (!target) reject(CaseFailure.InvalidDecision, `task ${r.taskId} does not ask for a replacement`);
    const next = { ...this.ctx.participants(), [SINGLE_HOLDER_ROLES[target.role]]: r.replacementId };
    const task = await this.board.applyDecision(this.asDecision(r, target), {
      record: () =>
        this.ctx.trail.append('PARTICIPANT_REPLACED', r.actorId, {
          role: target.role,
          from: target.from,
          to: r.replacementId,
          taskId: r.taskId,
        }),
      apply: () => this.ctx.replaceParticipants(next),
    });
    await this.ctx.participantsChanged();
    await this.board.rerouteConflicted((t) => participantRoutes(this.ctx.participants()).routeFor(t.candidateRole));
    return { taskId: task.taskId, outcome: 'REPLACED', stage: task.stage };
  }

  private asDecision(r: ReplacementInput, target?: { role: SingleHolderRole; from: string }): DecisionInput {
    const what = target ? `${target.role}: ${target.from} → ${r.replacementId}` : '';
    return {
      taskId: r.taskId,
      taskVersion: r.taskVersion,
      actorId: r.actorId,
      outcome: 'REPLACED',
      comment: [what, r.comment].filter(Boolean).join(' — '),
      basis: [],
    };
  }

  calendarUpdated(schedule: Parameters<HolidayCalendar['withYear']>[0]): Promise<void> {
    if (!this.calendar) return Promise.resolve();
    this.calendar = this.calendar.withYear(schedule);
    return this.board.recomputeProvisional();
  }

  async drain(): Promise<void> {
    await this.board.drain();
    await Promise.all(this.sideWork);
  }

  private requireCalendar(): HolidayCalendar {
    if (!this.calendar) throw new Error('the case holiday calendar is loaded before its first task');
    return this.calendar;
  }
}
