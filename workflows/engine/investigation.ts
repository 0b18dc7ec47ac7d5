import { getExternalWorkflowHandle, patched, workflowInfo, type SignalDefinition } from '@temporalio/workflow';
import type { ConflictEntry, Participants, TimelineEntry } from '@shuangcha/contracts';
import type { HolidayCalendar, YearSchedule } from '@shuangcha/domain/calendar';
import { policyByVersion, type CasePolicy } from '@shuangcha/domain/policy';
import { buildDeadlineRules } from './deadline-rules.factory';
import type { DeadlineRules } from './deadline-rules';
import { clocksOf, deadlineView, ProgressReporter, type DeadlineView, type ReportFilter } from './progress';
import { participantRoutes, separationProblem } from './routes';
import { iso, TaskBoard } from './task-board';
import { registerInvestigationState } from './task-updates';
import { VirtualClock } from './virtual-clock';

/**
 * An extension in the trace-back or a review goes to the approver its limit's `approvalLevelsUp` levels above
 * the requester, as in the violation investigation (DOMAIN §7); before, always the requester's superior by the
 * old rule, which put the principal leader's own request to the leader in charge, a level below.
 */
export const TRACE_BACK_EXTENSION_LEVELS_PATCH = 'trace-back-extension-levels-up';

/** What an investigation of a case is started with, whichever it is. */
export interface InvestigationInput {
  caseId: string;
  caseEpochMs: number;
  policyVersion: string;
  participants: Participants;
  conflicts: ConflictEntry[];
}

/**
 * What the investigations of a case (trace-back, review) hold alike: the case's clock and calendar, who
 * takes part and who is recused, the routes that follow from them, the task board and the timeline.
 * A subclass holds its own stage and says how its progress reaches its parent.
 */
export abstract class Investigation {
  readonly workflowId = workflowInfo().workflowId;
  /** The parent workflow (the case, or the trace-back for a review); a run started alone has none. */
  readonly parentHandle = parentHandleOf();
  readonly caseId: string;
  readonly policy: CasePolicy;
  readonly clock: VirtualClock;
  readonly board: TaskBoard;
  readonly timeline: TimelineEntry[] = [];
  calendar: HolidayCalendar;
  participants: Participants;
  routes: ReturnType<typeof participantRoutes>;
  conflicts: ConflictEntry[];

  constructor(input: InvestigationInput, calendar: HolidayCalendar) {
    this.caseId = input.caseId;
    this.policy = policyByVersion(input.policyVersion);
    this.calendar = calendar;
    this.clock = new VirtualClock(input.caseEpochMs, this.policy.timeScale);
    this.participants = input.participants;
    this.routes = participantRoutes(this.participants);
    this.conflicts = input.conflicts;
    this.board = new TaskBoard({
      caseId: input.caseId,
      workflowId: this.workflowId,
      clock: this.clock,
      rules: () => this.rules(),
      isConflicted: (personId) => this.isConflicted(personId),
      recipientFor: (role, task) => this.routes.recipientFor(role, task),
      approverAbove: (personId, levelsUp) =>
        levelsUp !== undefined && patched(TRACE_BACK_EXTENSION_LEVELS_PATCH)
          ? this.routes.approverAbove(personId, levelsUp)
          : this.routes.approverAbove(personId),
      supervisors: () => this.routes.supervisors,
      onChange: () => this.reportProgress(),
      onOpened: () => this.reportProgress(),
      currentRoute: (role) => this.routes.routeFor(role),
      separationBreach: (role, personId) => separationProblem(this.participants, role, personId),
    });
  }

  /** Reports progress to the parent with `signal`: the reports `needed` passes, by default each distinct one once. */
  protected progressReporter<P extends object>(
    signal: SignalDefinition<[P]>,
    needed?: ReportFilter<P>,
  ): ProgressReporter<P> {
    const parent = this.parentHandle;
    return new ProgressReporter<P>(parent && ((report) => parent.signal(signal, report)), false, needed);
  }

  /** Answers `getInvestigationState`: the stage, the board's tasks, the timeline and the clock. */
  registerState(stage: () => string, deadline: () => DeadlineView, concluded: () => boolean): void {
    registerInvestigationState(this.board, {
      workflowId: this.workflowId,
      caseId: this.caseId,
      stage,
      timeline: this.timeline,
      deadline,
      concluded,
    });
  }

  /** Sends the investigation's progress to its parent; `entry` is the timeline entry just recorded, if any. */
  abstract reportProgress(entry?: TimelineEntry): void;

  isConflicted(personId: string): boolean {
    return this.conflicts.some((c) => c.personId === personId);
  }

  rules(): DeadlineRules {
    return buildDeadlineRules(this.calendar, this.policy);
  }

  /** The earliest due date, lateness and escalation among the board's open tasks. */
  tasksDeadline(): DeadlineView {
    return deadlineView(clocksOf(this.board.openTasks(), this.clock.now()));
  }

  record(entry: Omit<TimelineEntry, 'at'>): void {
    const full = { at: iso(this.clock.now()), ...entry };
    this.timeline.push(full);
    this.reportProgress(full);
  }

  changeParticipants(next: Participants): void {
    this.participants = next;
    this.routes = participantRoutes(next);
  }

  changeCalendar(schedule: YearSchedule): void {
    this.calendar = this.calendar.withYear(schedule);
  }

  /** Moves every open task whose assignee is now recused (or no longer holds the role) along its route. */
  reroute(): Promise<void> {
    return this.board.rerouteConflicted((task) => this.routes.routeFor(task.candidateRole));
  }
}

function parentHandleOf() {
  const { parent } = workflowInfo();
  return parent ? getExternalWorkflowHandle(parent.workflowId) : undefined;
}
