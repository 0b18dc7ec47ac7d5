import { sleep } from '@temporalio/workflow';
import {
  CaseFailure,
  type RectificationItemSummary,
  type RectificationListInput,
  type RectificationRecheckInput,
  type RectificationRecheckView,
} from '@shuangcha/contracts';
import { HolidayCalendar } from '@shuangcha/domain/calendar';
import type { CasePolicy } from '@shuangcha/domain/policy';
import { recheckDecisionProblem, recheckDueAtMs, type ReopenedItem } from '@shuangcha/domain/rectification';
import { calendarActivities } from '../engine/activities';
import type { AuditTrail } from '../engine/audit-trail';
import { buildDeadlineRules } from '../engine/deadline-rules.factory';
import { iso, reject, TaskBoard } from '../engine/task-board';
import type { VirtualClock } from '../engine/virtual-clock';
import { rectificationRoutes } from './routes';

export const RECHECK_STAGE = 'recheck';

/**
 * 整改复查 (DOMAIN §6): `rectify_recheck_after` after a list was completed, the commission's verifiers (never
 * a responsible person of the list) confirm the rectification held, or reopen named items with new due
 * dates. One round per completion; the task has the verification's limit, reminders and escalation.
 */
export class ListRecheck {
  round = 0;
  dueAtMs: number | null = null;
  board: TaskBoard | null = null;
  private pending: ReopenedItem[] = [];
  readonly decisions: RectificationRecheckView['decisions'] = [];

  constructor(
    private readonly ctx: {
      workflowId: string;
      input: RectificationListInput;
      policy: CasePolicy;
      clock: VirtualClock;
      trail: AuditTrail;
      items: () => RectificationItemSummary[];
    },
    startRound = 0,
  ) {
    this.round = startRound;
  }

  /** Waits out the re-check period, then the commission's decision; the items to reopen, none on CONFIRM. */
  async run(completedAtMs: number): Promise<ReopenedItem[]> {
    const { clock, policy, input } = this.ctx;
    this.round += 1;
    this.dueAtMs = recheckDueAtMs(completedAtMs, policy.rectification.recheckAfterMonths);
    await sleep(clock.delayUntil(this.dueAtMs));
    const calendar = HolidayCalendar.fromSchedules(await calendarActivities.loadHolidaySchedules());
    const routes = rectificationRoutes(input.participants);
    const board = new TaskBoard({
      caseId: this.ctx.workflowId,
      workflowId: this.ctx.workflowId,
      clock,
      rules: () => buildDeadlineRules(calendar, policy),
      isConflicted: () => false,
      recipientFor: routes.recipientFor,
      approverAbove: routes.approverAbove,
      supervisors: () => routes.supervisors,
      onChange: () => undefined,
      auditTrail: this.ctx.trail.branch(`recheck-${this.round}`),
    });
    this.board = board;
    const responsible = new Set(this.ctx.items().map((i) => i.responsiblePersonId));
    const verifiers = input.participants.verifierIds.filter((id) => !responsible.has(id));
    const task = await board.open({
      stage: RECHECK_STAGE,
      kind: 'decision',
      title: `Re-check list ${input.listNo} (整改复查)`,
      route: verifiers.length > 0 ? verifiers : [input.participants.leaderInChargeId],
      candidateRole: 'verifier',
      allowedOutcomes: ['CONFIRM', 'REOPEN'],
      limitKey: 'approval',
    });
    const decided = await board.awaitOutcome(task);
    const reopened = decided.outcome === 'REOPEN' ? this.pending : [];
    this.decisions.push({
      at: iso(clock.now()),
      actorId: decided.actorId,
      outcome: decided.outcome,
      reopened: reopened.map((r) => r.itemKey),
      comment: decided.comment,
    });
    await board.audit('RECTIFICATION_RECHECK_DECIDED', decided.actorId, {
      round: this.round,
      outcome: decided.outcome,
      reopen: reopened.map((r) => ({ itemKey: r.itemKey, dueDate: r.dueDate })),
    });
    await board.drain();
    this.board = null;
    this.dueAtMs = null;
    return reopened;
  }

  validate(d: RectificationRecheckInput): void {
    const board = this.board;
    const task = board?.tasks.get(d.taskId);
    if (!board || task?.stage !== RECHECK_STAGE)
      reject(CaseFailure.WrongStage, `${d.taskId} is not an open re-check of this list`);
    board.validateDecision({ ...d, basis: [] });
    const problem = recheckDecisionProblem(d, this.ctx.items(), this.ctx.clock.now());
    if (problem) reject(CaseFailure.InvalidDecision, problem);
    // Runs that continued as new before re-checks existed dropped the item texts a new run needs.
    const untexted = d.reopen.find((r) => !this.ctx.input.items.some((i) => i.itemKey === r.itemKey));
    if (untexted) reject(CaseFailure.InvalidDecision, `item ${untexted.itemKey} cannot be reopened on this list run`);
  }

  async apply(d: RectificationRecheckInput): Promise<{ taskId: string; outcome: string; reopened: string[] }> {
    const board = this.board;
    if (!board) reject(CaseFailure.WrongStage, 'no re-check is open');
    await board.applyDecision(
      {
        taskId: d.taskId,
        taskVersion: d.taskVersion,
        actorId: d.actorId,
        outcome: d.outcome,
        comment: d.comment,
        basis: [],
      },
      {
        apply: () => {
          this.pending = d.reopen.map((r) => ({ ...r }));
        },
      },
    );
    return { taskId: d.taskId, outcome: d.outcome, reopened: d.reopen.map((r) => r.itemKey) };
  }

  view(): RectificationRecheckView {
    return {
      round: this.round,
      dueAt: this.dueAtMs === null ? null : iso(this.dueAtMs),
      taskId: this.board?.openTasks().find((t) => t.stage === RECHECK_STAGE)?.taskId ?? null,
      decisions: this.decisions.map((d) => ({ ...d, reopened: [...d.reopened] })),
    };
  }
}
