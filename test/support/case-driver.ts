import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import {
  calendarUpdated,
  declareConflict,
  decideDualInvestigation,
  getCaseState,
  getInvestigationState,
  logInvestigativeMeasure,
  reassignTask,
  registerAppeal,
  requestClockSuspension,
  requestExtension,
  resumeClock,
  submitDecision,
  type InvestigationState,
  type MeasureLogInput,
  type TaskProjection,
} from '../../libs/contracts/src';
import {
  approversFor,
  isTeamStage,
  VIOLATION_STAGES,
  type RouteFacts,
  type WorkStage,
} from '../../libs/domain/src/case';
import { PEOPLE } from '../builders/case.builder';
import type { YearSchedule } from '../../libs/domain/src/calendar';
import type { RecordingActivities } from './recording-activities';

import { eventually } from './eventually';

export { eventually };

export type Task = InvestigationState['tasks'][number];
type Role = 'violation' | 'trace-back';

/** The failure type of a rejected Workflow Update (the validator's `ApplicationFailure.type`). */
export async function rejectionOf(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
  } catch (error) {
    if (!(error instanceof WorkflowUpdateFailedError)) throw error;
    return (error.cause as { type?: string } | undefined)?.type ?? 'untyped';
  }
  throw new Error('the update was accepted, expected a rejection');
}

/** Drives one case through its human tasks the way people would, through Workflow Updates. */
export class CaseDriver {
  constructor(
    readonly client: Client,
    readonly caseId: string,
    readonly activities?: RecordingActivities,
    /** Decide the approval route (DOMAIN §2), as the case was opened with them. */
    readonly facts: RouteFacts = { subjectManagedBySameLevelCommittee: false },
    /** The team the case's proposals name for preliminary verification and investigation. */
    readonly team: string[] = [PEOPLE.caseOfficer, PEOPLE.teamMember],
  ) {}

  get case(): WorkflowHandle {
    return this.client.workflow.getHandle(this.caseId);
  }
  child(role: Role = 'violation'): WorkflowHandle {
    return this.client.workflow.getHandle(`${this.caseId}/${role}`);
  }

  caseState() {
    return this.case.query(getCaseState);
  }
  state(role: Role = 'violation'): Promise<InvestigationState> {
    return this.child(role).query(getInvestigationState);
  }

  /** The open task of a stage (optionally of a kind), once the workflow has opened it. */
  async openTask(stage: string, kind?: Task['kind'], role: Role = 'violation'): Promise<Task> {
    return eventually(
      async () => {
        const state = await this.state(role).catch(() => undefined);
        return state?.tasks.find((t) => t.status === 'OPEN' && t.stage === stage && (!kind || t.kind === kind));
      },
      `an open ${kind ?? ''} task in ${stage}`,
    );
  }

  async task(taskId: string, role: Role = 'violation'): Promise<Task> {
    const found = (await this.state(role)).tasks.find((t) => t.taskId === taskId);
    if (!found) throw new Error(`task ${taskId} is not in ${this.caseId}`);
    return found;
  }

  /** Polls the task until `ready` holds, e.g. until a background approval has changed its clock. */
  async taskWhen(
    taskId: string,
    ready: (task: Task) => boolean,
    what: string,
    role: Role = 'violation',
  ): Promise<Task> {
    return eventually(async () => {
      const task = await this.task(taskId, role);
      return ready(task) ? task : undefined;
    }, what);
  }

  /**
   * Decides the task as its assignee unless told otherwise. A proposal opening preliminary verification or
   * investigation names the case's team (`teamIds`, DOMAIN §2): the case officer and a second investigator
   * unless the test names another, or `null` for none.
   */
  async submit(
    task: Task,
    outcome: string,
    extra: { actorId?: string; reason?: string; taskVersion?: number; role?: Role; teamIds?: string[] | null } = {},
  ) {
    const next = task.kind === 'decision' ? VIOLATION_STAGES[task.stage as WorkStage]?.next[outcome] : undefined;
    const teamIds =
      extra.teamIds === undefined ? (next && isTeamStage(next) ? this.team : undefined) : (extra.teamIds ?? undefined);
    return this.child(extra.role).executeUpdate(submitDecision, {
      args: [
        {
          taskId: task.taskId,
          taskVersion: extra.taskVersion ?? task.version,
          actorId: extra.actorId ?? task.assigneeId,
          outcome,
          comment: `${outcome} by test`,
          basis: [{ regulation: 'WR', article: '1' }],
          reason: extra.reason,
          ...(teamIds && { teamIds }),
        },
      ],
    });
  }

  /** Logs an investigative measure on the violation investigation (审查调查措施). */
  logMeasure(input: MeasureLogInput) {
    return this.child().executeUpdate(logInvestigativeMeasure, { args: [input] });
  }

  async decide(
    stage: string,
    kind: Task['kind'],
    outcome: string,
    extra: { actorId?: string; reason?: string; role?: Role; teamIds?: string[] | null } = {},
  ) {
    const task = await this.openTask(stage, kind, extra.role);
    return this.submit(task, outcome, extra);
  }

  /** A proposal followed by approval at every level. */
  async proposeAndApprove(stage: string, outcome: string, approvals: number): Promise<void> {
    await this.decide(stage, 'decision', outcome);
    for (let i = 0; i < approvals; i++) await this.decide(stage, 'approval', 'APPROVE');
  }

  /**
   * Takes one stage to `outcome` the normal way: the proposal approved at every level of the stage graph,
   * or, for the sanction, a majority of the standing committee voting for it.
   */
  async complete(stage: WorkStage, outcome: string, voters: readonly string[] = []): Promise<void> {
    const def = VIOLATION_STAGES[stage];
    if (def.collective) {
      for (const voter of voters) await this.decide(stage, 'collectiveDecision', outcome, { actorId: voter });
      for (let i = 0; i < approversFor(stage, this.facts).length; i++) await this.decide(stage, 'approval', 'APPROVE');
      return;
    }
    await this.proposeAndApprove(stage, outcome, approversFor(stage, this.facts).length);
  }

  requestExtension(taskId: string, actorId: string, reason = 'witness abroad until next month') {
    return this.child().executeUpdate(requestExtension, { args: [{ taskId, actorId, reason }] });
  }
  requestSuspension(taskId: string, actorId: string, reason = 'the person under investigation cannot be reached') {
    return this.child().executeUpdate(requestClockSuspension, { args: [{ taskId, actorId, reason }] });
  }
  resume(taskId: string, actorId: string, reason = 'the person under investigation is reachable again') {
    return this.child().executeUpdate(resumeClock, { args: [{ taskId, actorId, reason }] });
  }
  reassign(
    taskId: string,
    actorId: string,
    newAssigneeId: string,
    reason = 'workload',
    actorAuthority?: 'caseManagementOffice',
  ) {
    return this.child().executeUpdate(reassignTask, {
      args: [{ taskId, actorId, newAssigneeId, reason, ...(actorAuthority && { actorAuthority }) }],
    });
  }
  registerAppeal(actorId: string, filedOn = '2026-12-01') {
    return this.child().executeUpdate(registerAppeal, {
      args: [{ actorId, reason: 'the subject disputes the facts', filedOn }],
    });
  }
  declareConflict(
    actorId: string,
    personId: string,
    ground: 'RELATIVE' | 'WITNESS' | 'INTEREST' | 'OTHER' = 'RELATIVE',
  ) {
    return this.case.executeUpdate(declareConflict, {
      args: [{ actorId, personId, ground, reason: 'brother-in-law of the subject' }],
    });
  }
  /** The case's own open task of a stage (a recusal decision, a replacement), once the case has opened it. */
  async caseTask(stage: string): Promise<Task> {
    return eventually(async () => {
      const state = await this.caseState().catch(() => undefined);
      return state?.tasks?.find((t) => t.status === 'OPEN' && t.stage === stage);
    }, `an open case task in ${stage}`);
  }

  /** Decides a task of the case itself (recusal requests) as its assignee unless told otherwise. */
  submitOnCase(task: Task, outcome: string, extra: { actorId?: string; reason?: string } = {}) {
    return this.case.executeUpdate(submitDecision, {
      args: [
        {
          taskId: task.taskId,
          taskVersion: task.version,
          actorId: extra.actorId ?? task.assigneeId,
          outcome,
          comment: `${outcome} by test`,
          basis: [],
          reason: extra.reason,
        },
      ],
    });
  }

  /**
   * A recusal as DOMAIN §5 has it: requested (or declared), then decided RECUSE by the case's leadership; returns
   * once the conflict is in the case's registry.
   */
  async recuse(actorId: string, personId: string, ground: 'RELATIVE' | 'WITNESS' | 'INTEREST' | 'OTHER' = 'RELATIVE') {
    const { recusalTaskId } = await this.declareConflict(actorId, personId, ground);
    const task = await eventually(async () => {
      const state = await this.caseState();
      return state.tasks?.find((t) => t.taskId === recusalTaskId);
    }, 'the recusal decision task');
    await this.submitOnCase(task, 'RECUSE');
    return eventually(async () => {
      const state = await this.caseState();
      const settled = state.recusals?.find((r) => r.taskId === recusalTaskId)?.status === 'RECUSED';
      return settled && state.conflicts.some((c) => c.personId === personId) ? state : undefined;
    }, `${personId} in the conflict registry`);
  }

  decideDualInvestigation(actorId: string, decision: 'TRIGGER' | 'DECLINE', reason = 'probation or heavier expected') {
    return this.case.executeUpdate(decideDualInvestigation, { args: [{ actorId, decision, reason }] });
  }
  /** The principal leader's answer to a request to open the trace-back (AR art. 9); returns the case state after it. */
  async decideTraceBackOpening(outcome: 'APPROVE' | 'REJECT', reason?: string) {
    const task = await eventually(async () => {
      const state = await this.caseState();
      return state.tasks?.find((t) => t.stage === 'traceBackOpening' && t.status === 'OPEN');
    }, 'the request to open the trace-back');
    await this.submitOnCase(task, outcome, { reason });
    return eventually(async () => {
      const state = await this.caseState();
      return state.dualInvestigation.opening?.status !== 'PENDING' ? state : undefined;
    }, 'the trace-back opening decided');
  }
  calendarUpdated(schedule: YearSchedule) {
    return this.case.signal(calendarUpdated, schedule);
  }

  async waitForStage(stage: string, role: Role = 'violation'): Promise<InvestigationState> {
    return eventually(async () => {
      const state = await this.state(role).catch(() => undefined);
      return state?.stage === stage ? state : undefined;
    }, `stage ${stage}`);
  }

  /** Stages entered so far, in order, from the investigation's own timeline. */
  async stagesEntered(): Promise<string[]> {
    return (await this.state()).timeline.filter((e) => e.action === 'STAGE_ENTERED').map((e) => e.stage);
  }

  // ---- read model ------------------------------------------------------------------------------

  projectedTask(task: Pick<Task, 'workflowId' | 'taskId'>): TaskProjection | undefined {
    return this.recording().tasks.get(`${task.workflowId}|${task.taskId}`);
  }

  /** Waits until the projected row of every task of the investigation equals the query's (minus projectionVersion). */
  async readModelAgrees(role: Role = 'violation'): Promise<InvestigationState> {
    let last = '';
    try {
      return await eventually(
        async () => {
          const state = await this.state(role);
          const mismatched = state.tasks.filter((task) => {
            const row = this.projectedTask(task);
            if (!row) return true;
            const { projectionVersion: _v, ...projected } = row;
            return JSON.stringify(sorted(projected)) !== JSON.stringify(sorted(task));
          });
          last = mismatched
            .map((t) => `${t.taskId}: query ${JSON.stringify(t)} vs row ${JSON.stringify(this.projectedTask(t))}`)
            .join('\n');
          return mismatched.length === 0 ? state : undefined;
        },
        'the task read model to match the workflow query',
        30_000,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${last}`);
    }
  }

  decisionsFor(taskId: string) {
    return [...this.recording().decisions.values()].filter((d) => d.taskId === taskId);
  }
  auditFor(action?: string) {
    return [...this.recording().audit.values()].filter(
      (e) => e.caseId === this.caseId && (!action || e.action === action),
    );
  }

  private recording(): RecordingActivities {
    if (!this.activities) throw new Error('this driver was built without the recording activities');
    return this.activities;
  }
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sorted(v)]),
    );
  }
  return value;
}
