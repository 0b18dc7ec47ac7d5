import { patched } from '@temporalio/workflow';
import {
  reviewProgress,
  type ResponsibilityReviewInput,
  type ReviewProgress,
  type ExecutionRecord,
  type ReviewState,
  type ViolationCaseProposal,
} from '@shuangcha/contracts';
import {
  reviewTaskDefinition,
  type AccountabilityMeasures,
  type DecidingAuthority,
  type Determination,
  type ReviewResult,
  type ReviewStage,
  type ReviewTaskDefinition,
} from '@shuangcha/domain/accountability';
import type { HolidayCalendar } from '@shuangcha/domain/calendar';
import { copyOf } from '../engine/copy';
import { Investigation } from '../engine/investigation';
import { jurisdictionOfCaseId, RectificationFindings } from '../engine/rectification-from-findings';
import { parentActsOn, type DeadlineView } from '../engine/progress';
import { iso } from '../engine/task-board';

/**
 * Each report is two events here and a signal and a workflow task in the trace-back: a review reports only
 * what the trace-back shows (issue 17, history under 2,000 events).
 */
const REVIEW_PROGRESS_ON_CHANGE_PATCH = 'review-progress-on-change';

const TASK_STAGES: readonly string[] = [
  'factFinding',
  'hearing',
  'determination',
  'proposal',
  'decision',
  'noticeServed',
  'appealReview',
];

/** What an approval chain is asked to approve. */
export interface Proposal {
  outcome: string;
  proposedBy: string;
  comment: string;
}

/**
 * The state of one candidate's responsibility review: where it stands, what was determined, proposed and
 * decided, and the appeal. Steps and handlers change it; queries and the parent read it.
 */
export class ResponsibilityReviewState extends Investigation {
  stage: ReviewStage = 'factFinding';
  determination: Determination | null = null;
  noneReason: string | null = null;
  proposed: AccountabilityMeasures | null = null;
  authority: DecidingAuthority | null = null;
  decided: AccountabilityMeasures | null = null;
  decisionOutcome: string | null = null;
  decidedAt: string | null = null;
  warnings: string[] = [];
  appeal: { filedBy: string; reason: string; filedOn: string } | null = null;
  appealResult: ReviewResult['appeal'] = null;
  appealWindowEndsAt: number | null = null;
  result: ReviewResult | null = null;
  violationCase: ViolationCaseProposal | null = null;
  execution: ExecutionRecord | null = null;
  /** Work started beside the steps (the proposed violation case) that must end before the review does. */
  readonly sideWork: Promise<void>[] = [];
  lastProposal: Proposal = { outcome: '', proposedBy: '', comment: '' };
  /** Measures submitted with a task's decision, read when the stage continues. */
  readonly measuresByTask = new Map<string, AccountabilityMeasures>();
  private readonly progress = this.progressReporter<ReviewProgress>(
    reviewProgress,
    patched(REVIEW_PROGRESS_ON_CHANGE_PATCH) ? parentActsOn : undefined,
  );
  /** 整改问题 the review found; a decided review opens its problem list from them. */
  readonly rectification: RectificationFindings;

  constructor(
    readonly input: ResponsibilityReviewInput,
    calendar: HolidayCalendar,
  ) {
    super(input, calendar);
    const { candidate } = input;
    this.rectification = new RectificationFindings({
      sourceWorkflowId: this.workflowId,
      caseId: input.caseId,
      caseNo: input.caseNo,
      policyVersion: input.policyVersion,
      supervisingBodyId:
        jurisdictionOfCaseId(input.caseId, input.caseNo) ??
        candidate.decidingBodyId ??
        candidate.organizationBodyId ??
        input.caseId,
      source: 'ACCOUNTABILITY_DECISION',
      clock: this.clock,
      participants: () => this.participants,
      isConflicted: (personId) => this.isConflicted(personId),
      audit: (action, actorId, after) => this.board.audit(action, actorId, after),
    });
  }

  /** A review ends in a decision to rectify unless nobody was found responsible or the deciding body declined. */
  get opensRectification(): boolean {
    return this.rectification.items.length > 0 && this.determination !== 'NONE' && this.decisionOutcome !== 'DECLINED';
  }

  get candidate(): ResponsibilityReviewInput['candidate'] {
    return this.input.candidate;
  }

  routeCtx() {
    return {
      target: this.candidate.target,
      determination: this.determination,
      authority: this.authority,
      executionPending: this.execution?.status === 'OPEN',
    };
  }

  /** The definition of a review step's task, or null for a task of another kind (an approval's). */
  definitionOf(taskStage: string): ReviewTaskDefinition | null {
    return TASK_STAGES.includes(taskStage)
      ? reviewTaskDefinition(taskStage as ReviewTaskDefinition['stage'], this.routeCtx())
      : null;
  }

  currentDeadline(): DeadlineView {
    if (this.stage === 'appealWindow')
      return { deadlineAt: this.appealWindowEndsAt, overdue: false, escalationLevel: 0 };
    return this.tasksDeadline();
  }

  reportProgress(): void {
    const view = this.currentDeadline();
    this.progress.report({
      candidateKey: this.candidate.candidateKey,
      stage: this.stage,
      deadlineAt: view.deadlineAt === null ? null : iso(view.deadlineAt),
      overdue: view.overdue,
      escalationLevel: view.escalationLevel,
    });
  }

  view(): ReviewState {
    const view = this.currentDeadline();
    return copyOf({
      workflowId: this.workflowId,
      candidateKey: this.candidate.candidateKey,
      stage: this.stage,
      determination: this.determination,
      measures: this.decided ?? this.proposed,
      authority: this.authority,
      warnings: this.warnings,
      appealWindowEndsAt: this.appealWindowEndsAt === null ? null : iso(this.appealWindowEndsAt),
      violationCase: this.violationCase,
      execution: this.execution,
      tasks: this.board.views(),
      overdue: view.overdue,
      escalationLevel: view.escalationLevel,
      result: this.result,
      rectification: this.rectification.view(),
    });
  }

  /** The review's result once it is final. */
  conclude(): ReviewResult {
    const { candidate, determination, authority } = this;
    this.result = {
      candidateKey: candidate.candidateKey,
      target: candidate.target,
      personId: candidate.personId,
      organizationBodyId: candidate.organizationBodyId,
      responsibility: candidate.responsibility,
      determination: determination ?? 'NONE',
      noneReason: this.noneReason,
      decidedMeasures: this.decided,
      authority: determination === 'NONE' ? null : authority,
      decidingBodyId: candidate.decidingBodyId,
      decisionOutcome: this.decisionOutcome,
      decidedAt: this.decidedAt,
      appeal: this.appealResult,
      violationCaseSuggested: determination === 'DIRECT',
      warnings: this.warnings,
    };
    return this.result;
  }
}
