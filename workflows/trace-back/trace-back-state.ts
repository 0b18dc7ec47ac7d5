import { patched, type ChildWorkflowHandle, type SignalDefinition } from '@temporalio/workflow';
import {
  CaseFailure,
  conflictsChanged,
  derivedConflicts,
  type AccountabilityState,
  type CandidateEntry,
  type ConflictEntry,
  type ResponsibilityTraceBackInput,
  type ReviewProgress,
  type TimelineEntry,
  type TraceBackStage,
} from '@shuangcha/contracts';
import type { AccountabilitySummary, RemovedCandidate, ReviewResult } from '@shuangcha/domain/accountability';
import type { HolidayCalendar } from '@shuangcha/domain/calendar';
import type { OrgSnapshot } from '@shuangcha/domain/org';
import { responsibilityTraceBack as traceBackRules } from '@shuangcha/domain/trace-back';
import { copyOf } from '../engine/copy';
import { Investigation } from '../engine/investigation';
import { childProgressOf, clocksOf, deadlineView, parentProgressReporter, type DeadlineView } from '../engine/progress';
import { iso, reject } from '../engine/task-board';
import type { responsibilityReview } from '../responsibility-review.workflow';

/** `min_overlap_days` and `traceback_levels` (DOMAIN §4), defaults until they join the case policy. */
const DEFAULT_TRACE_BACK_OPTIONS = { minOverlapDays: 30, tracebackLevels: 1 };
const STAFF_ROLES = ['caseOfficerId', 'caseManagementOfficerId'] as const;

/** The trace-back numbers its progress reports like the violation investigation (issue 12 §7). */
const NUMBERED_PROGRESS_PATCH = 'trace-back-numbered-progress';

export interface Findings {
  misconductIntervals: ResponsibilityTraceBackInput['misconductIntervals'];
  domains: string[];
  subjectIds: string[];
}

/** One candidate's review as the trace-back follows it. */
export type ReviewRun = ReviewProgress & { workflowId: string; final: boolean };

/**
 * The state of one 责任倒查 and its transitions that every step shares: the findings, the org snapshot and
 * the candidates computed from it, the reviews under way, and how the case family learns who is conflicted.
 */
export class TraceBackState extends Investigation {
  stage: TraceBackStage = 'loadingOrg';
  findings: Findings;
  findingsVersion = 0;
  snapshot: OrgSnapshot | null = null;
  snapshotHash: string | null = null;
  problems: AccountabilityState['problems'] = [];
  candidates: CandidateEntry[] = [];
  readonly removed: RemovedCandidate[] = [];
  readonly pendingRemovals: AccountabilityState['pendingRemovals'] = [];
  recheck: AccountabilityState['recheck'] = null;
  readonly reviews = new Map<string, ReviewRun>();
  readonly results = new Map<string, ReviewResult>();
  readonly handles = new Map<string, ChildWorkflowHandle<typeof responsibilityReview>>();
  summary: AccountabilitySummary | null = null;
  /** Work started by handlers (approvals awaited, reviews finishing) that must end before the trace-back does. */
  readonly sideWork: Promise<void>[] = [];
  // Numbered like the violation investigation's, so the case drops a report that overtook a newer one.
  private readonly progress = parentProgressReporter(patched(NUMBERED_PROGRESS_PATCH));

  constructor(
    readonly input: ResponsibilityTraceBackInput,
    calendar: HolidayCalendar,
  ) {
    super(input, calendar);
    this.findings = {
      misconductIntervals: input.misconductIntervals,
      domains: input.domains,
      subjectIds: input.subjectIds,
    };
  }

  candidatePersonIds(): string[] {
    return this.candidates.flatMap((c) => (c.personId ? [c.personId] : []));
  }

  // DOMAIN §5 ground 4: candidates are conflicted at once here; the case's registry follows by signal.
  override isConflicted(personId: string): boolean {
    return super.isConflicted(personId) || this.candidatePersonIds().includes(personId);
  }

  familyConflicts(): ConflictEntry[] {
    return [
      ...this.conflicts,
      ...this.candidatePersonIds()
        .filter((id) => !this.conflicts.some((c) => c.personId === id && c.ground === 'CANDIDATE'))
        .map((personId) => ({
          personId,
          ground: 'CANDIDATE' as const,
          source: 'derived' as const,
          declaredBy: null,
          at: iso(this.clock.now()),
        })),
    ];
  }

  currentDeadline(): DeadlineView {
    const children = [...this.reviews.values()]
      .filter((r) => !r.final)
      .map((r) => ({
        at: r.deadlineAt === null ? null : Date.parse(r.deadlineAt),
        overdue: r.overdue,
        level: r.escalationLevel,
      }));
    return deadlineView([...clocksOf(this.board.openTasks(), this.clock.now()), ...children]);
  }

  reportProgress(entry?: TimelineEntry): void {
    this.progress.report(
      childProgressOf('traceBack', this.stage, this.currentDeadline(), this.stage === 'concluded', entry),
    );
  }

  /** Tells the case which persons are candidates now; it recomputes its registry and informs every child. */
  async publishCandidates(): Promise<void> {
    await this.parentHandle?.signal(derivedConflicts, { personIds: this.candidatePersonIds() }).catch(() => undefined);
    await this.signalReviews(conflictsChanged, this.familyConflicts());
    await this.reroute();
  }

  /** Passes a change on to every review still running, one after another; a review that ended is skipped. */
  async signalReviews<Args extends unknown[]>(signal: SignalDefinition<Args>, ...args: Args): Promise<void> {
    for (const handle of this.handles.values()) await handle.signal(signal, ...args).catch(() => undefined);
  }

  computeCandidates(org: OrgSnapshot) {
    return traceBackRules(
      {
        unitId: this.input.unitId,
        misconductIntervals: this.findings.misconductIntervals,
        domains: this.findings.domains,
        subjectIds: this.findings.subjectIds,
        options: this.input.traceBackOptions ?? DEFAULT_TRACE_BACK_OPTIONS,
        handlingCommissionBodyId: this.input.handlingCommissionBodyId,
      },
      org,
    );
  }

  /** The case officer or case management maintains the list, and not while recused. */
  requireStaff(actorId: string): void {
    if (this.isConflicted(actorId)) reject(CaseFailure.RecusedApprover, `${actorId} is recused from this case`);
    if (!STAFF_ROLES.some((role) => this.participants[role] === actorId))
      reject(CaseFailure.RoleNotAllowed, 'the case officer or case management maintains the candidate list');
  }

  view(): AccountabilityState {
    return copyOf({
      workflowId: this.workflowId,
      caseId: this.caseId,
      stage: this.stage,
      snapshotAsOf: this.snapshot?.asOf ?? null,
      snapshotHash: this.snapshotHash,
      misconductIntervals: this.findings.misconductIntervals,
      problems: this.problems,
      candidates: this.candidates,
      removedCandidates: this.removed,
      pendingRemovals: this.pendingRemovals,
      recheck: this.recheck,
      reviews: [...this.reviews.values()],
      tasks: this.board.views(),
      summary: this.summary,
    });
  }
}
