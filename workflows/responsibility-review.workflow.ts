import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  calendarUpdated,
  CaseFailure,
  conflictsChanged,
  getReviewState,
  participantsChanged,
  registerAppeal,
  reviewProgress,
  type ReviewProgress,
  submitAccountabilityDecision,
  type ConflictEntry,
  type ResponsibilityReviewInput,
  type ReviewState,
  type TimelineEntry,
} from '@shuangcha/contracts';
import {
  decidingAuthority,
  measuresProblems,
  nextReviewStage,
  organizationCoverageWarnings,
  REVIEW_APPROVERS,
  reviewTaskDefinition,
  type AccountabilityMeasures,
  type AppealReviewOutcome,
  type DecidingAuthority,
  type Determination,
  type ReviewResult,
  type ReviewStage,
  type ReviewTaskDefinition,
} from '@shuangcha/domain/accountability';
import { HolidayCalendar } from '@shuangcha/domain/calendar';
import { APPROVAL_OUTCOMES, RETURN_OUTCOME, type ParticipantRole } from '@shuangcha/domain/case';
import { policyByVersion } from '@shuangcha/domain/policy';
import { calendarActivities } from './engine/activities';
import { copyOf } from './engine/copy';
import { buildDeadlineRules } from './engine/deadline-rules.factory';
import { participantRoutes, separationProblem } from './engine/routes';
import { iso, reject, rejectUnsafeText, TaskBoard } from './engine/task-board';
import { recordThenApply } from './engine/record-first';
import { registerDecisionUpdate, registerInvestigationState, registerTaskUpdates } from './engine/task-updates';
import { VirtualClock } from './engine/virtual-clock';
import { clocksOf, deadlineView, ProgressReporter, type DeadlineView } from './engine/progress';

/**
 * One candidate's responsibility review (DOMAIN §4), a child of the trace-back with id
 * `${caseId}/trace-back/review-<opaque key>` (never the candidate's person id). Every step is a TaskBoard task, so deadlines, reminders,
 * escalation, extensions and recusal work as in the violation investigation. Measures (forms, modifiers)
 * arrive through `submitAccountabilityDecision`; plain outcomes through `submitDecision`.
 */
export async function responsibilityReview(input: ResponsibilityReviewInput): Promise<ReviewResult> {
  const { workflowId, parent } = workflowInfo();
  const { candidate } = input;
  const policy = policyByVersion(input.policyVersion);
  let calendar = HolidayCalendar.fromSchedules(await calendarActivities.loadHolidaySchedules());
  const clock = new VirtualClock(input.caseEpochMs, policy.timeScale);
  let conflicts: ConflictEntry[] = input.conflicts;
  const isConflicted = (personId: string) => conflicts.some((c) => c.personId === personId);
  let participants = input.participants;
  let routes = participantRoutes(participants);
  const timeline: TimelineEntry[] = [];
  const parentHandle = parent ? getExternalWorkflowHandle(parent.workflowId) : undefined;

  let stage: ReviewStage = 'factFinding';
  let determination: Determination | null = null;
  let noneReason: string | null = null;
  let proposed: AccountabilityMeasures | null = null;
  let authority: DecidingAuthority | null = null;
  let decided: AccountabilityMeasures | null = null;
  let decisionOutcome: string | null = null;
  let decidedAt: string | null = null;
  let warnings: string[] = [];
  let appeal = null as { filedBy: string; reason: string; filedOn: string } | null;
  let appealResult: ReviewResult['appeal'] = null;
  let appealWindowEndsAt: number | null = null;
  let result: ReviewResult | null = null;
  /** Measures submitted with a task's decision, read when the stage continues. */
  const measuresByTask = new Map<string, AccountabilityMeasures>();

  const board: TaskBoard = new TaskBoard({
    caseId: input.caseId,
    workflowId,
    clock,
    rules: () => buildDeadlineRules(calendar, policy),
    isConflicted,
    recipientFor: (role, task) => routes.recipientFor(role, task),
    approverAbove: (personId) => routes.approverAbove(personId),
    supervisors: () => routes.supervisors,
    onChange: () => reportProgress(),
    onOpened: () => reportProgress(),
    currentRoute: (role) => routes.routeFor(role),
    separationBreach: (role, personId) => separationProblem(participants, role, personId),
  });
  const routeCtx = () => ({ target: candidate.target, determination, authority });
  const currentDefinition = (taskStage: string): ReviewTaskDefinition | null =>
    ['factFinding', 'hearing', 'determination', 'proposal', 'decision', 'noticeServed', 'appealReview'].includes(
      taskStage,
    )
      ? reviewTaskDefinition(taskStage as ReviewTaskDefinition['stage'], routeCtx())
      : null;

  function currentDeadline(): DeadlineView {
    if (stage === 'appealWindow') return { deadlineAt: appealWindowEndsAt, overdue: false, escalationLevel: 0 };
    return deadlineView(clocksOf(board.openTasks(), clock.now()));
  }
  const progress = new ProgressReporter<ReviewProgress>(
    parentHandle && ((report) => parentHandle.signal(reviewProgress, report)),
    false,
  );
  function reportProgress(): void {
    const view = currentDeadline();
    progress.report({
      candidateKey: candidate.candidateKey,
      stage,
      deadlineAt: view.deadlineAt === null ? null : iso(view.deadlineAt),
      overdue: view.overdue,
      escalationLevel: view.escalationLevel,
    });
  }
  function record(entry: Omit<TimelineEntry, 'at'>): void {
    timeline.push({ at: iso(clock.now()), ...entry });
    reportProgress();
  }
  setHandler(getReviewState, (): ReviewState => {
    const view = currentDeadline();
    return copyOf({
      workflowId,
      candidateKey: candidate.candidateKey,
      stage,
      determination,
      measures: decided ?? proposed,
      authority,
      warnings,
      appealWindowEndsAt: appealWindowEndsAt === null ? null : iso(appealWindowEndsAt),
      tasks: board.views(),
      overdue: view.overdue,
      escalationLevel: view.escalationLevel,
      result,
    });
  });
  registerInvestigationState(board, {
    workflowId,
    caseId: input.caseId,
    stage: () => stage,
    timeline,
    deadline: currentDeadline,
    concluded: () => stage === 'final',
  });

  registerDecisionUpdate(board, (d) => {
    const task = board.tasks.get(d.taskId);
    const def = task && task.kind !== 'approval' ? currentDefinition(task.stage) : null;
    if (def?.measuresOutcomes.includes(d.outcome)) {
      reject(
        CaseFailure.InvalidDecision,
        `${d.outcome} carries forms and modifiers: submit it with submitAccountabilityDecision`,
      );
    }
    if (task?.stage === 'determination' && d.outcome === 'NONE' && !d.reason?.trim()) {
      reject(CaseFailure.InvalidDecision, 'a NONE determination needs a reason (DOMAIN §4)');
    }
  });
  setHandler(
    submitAccountabilityDecision,
    async (d) => {
      const task = await board.applyDecision(
        {
          taskId: d.taskId,
          taskVersion: d.taskVersion,
          actorId: d.actorId,
          outcome: d.outcome,
          comment: d.comment,
          basis: d.basis,
        },
        { apply: () => measuresByTask.set(d.taskId, d.measures) },
      );
      const coverage = organizationCoverageWarnings(candidate.target, d.measures, input.memberReviews);
      return { taskId: task.taskId, outcome: d.outcome, stage: task.stage, warnings: coverage };
    },
    {
      validator: (d) => {
        board.validateDecision({ ...d, reason: undefined });
        rejectUnsafeText(d);
        const task = board.tasks.get(d.taskId);
        const def = task && task.kind !== 'approval' ? currentDefinition(task.stage) : null;
        if (!def?.measuresOutcomes.includes(d.outcome)) {
          reject(
            CaseFailure.InvalidDecision,
            `outcome ${d.outcome} of ${task?.stage ?? 'this task'} carries no measures: use submitDecision`,
          );
        }
        const problems = measuresProblems(candidate.target, d.measures);
        if (problems.length > 0) reject(CaseFailure.InvalidDecision, problems.join('; '));
      },
    },
  );
  registerTaskUpdates(board);
  setHandler(
    registerAppeal,
    async (r) => {
      await recordThenApply(
        () =>
          board.audit('ACCOUNTABILITY_APPEAL_REGISTERED', r.actorId, {
            candidateKey: candidate.candidateKey,
            filedOn: r.filedOn,
          }),
        () => {
          appeal = { filedBy: r.actorId, reason: r.reason, filedOn: r.filedOn };
        },
      );
      return { taskId: '', version: 0 };
    },
    {
      validator: (r) => {
        rejectUnsafeText(r);
        if (stage !== 'appealWindow')
          reject(
            CaseFailure.WrongStage,
            `an appeal can be registered only in the appeal window, the review is in ${stage}`,
          );
        if (appeal) reject(CaseFailure.DuplicateDecision, 'an appeal is already registered');
        if (isConflicted(r.actorId)) reject(CaseFailure.RecusedApprover, `${r.actorId} is recused from this case`);
        if (r.actorId !== participants.caseManagementOfficerId)
          reject(CaseFailure.RoleNotAllowed, 'appeals are registered by the case-management office');
      },
    },
  );
  setHandler(conflictsChanged, (entries) => {
    conflicts = entries;
    void board.rerouteConflicted((task) => routes.routeFor(task.candidateRole));
  });
  setHandler(participantsChanged, (next) => {
    participants = next;
    routes = participantRoutes(participants);
    void board.rerouteConflicted((task) => routes.routeFor(task.candidateRole));
  });
  setHandler(calendarUpdated, (schedule) => {
    calendar = calendar.withYear(schedule);
    void board.recomputeProvisional();
  });

  async function decideTask(def: ReviewTaskDefinition) {
    const task = await board.open({
      stage: def.stage,
      kind: def.collective ? 'collectiveDecision' : 'decision',
      title: `${def.title}: ${candidate.candidateKey}`,
      route: routes.routeFor(def.proposer),
      candidateRole: def.proposer,
      allowedOutcomes: def.outcomes,
      limitKey: def.limitKey,
      voterIds: def.collective ? routes.votersFor(def.proposer) : undefined,
    });
    const outcome = await board.awaitOutcome(task);
    record({
      stage: def.stage,
      action: def.collective ? 'COLLECTIVE_DECISION' : 'DECIDED',
      actorId: outcome.actorId || null,
      outcome: outcome.outcome,
      comment: outcome.reason ?? outcome.comment,
    });
    return outcome;
  }

  /** Approval levels lowest first; RETURN at level n reopens level n−1, and past level 1 the proposal. */
  async function approveInLevels(
    taskStage: string,
    roles: readonly ParticipantRole[],
    proposal: { outcome: string; proposedBy: string; comment: string },
  ): Promise<'APPROVED' | 'RETURNED'> {
    let level = 1;
    while (level >= 1 && level <= roles.length) {
      const role = roles[level - 1];
      const task = await board.open({
        stage: taskStage,
        kind: 'approval',
        title: `Approve: ${proposal.outcome} for ${candidate.candidateKey}`,
        route: routes.routeFor(role),
        candidateRole: role,
        allowedOutcomes: APPROVAL_OUTCOMES,
        limitKey: 'approval',
        proposal,
      });
      const outcome = await board.awaitOutcome(task);
      const returned = outcome.outcome === RETURN_OUTCOME;
      record({
        stage: taskStage,
        action: returned ? 'RETURNED' : 'APPROVED',
        actorId: outcome.actorId,
        outcome: proposal.outcome,
        comment: returned ? (outcome.reason ?? '') : outcome.comment,
      });
      level = returned ? level - 1 : level + 1;
    }
    return level === 0 ? 'RETURNED' : 'APPROVED';
  }

  let lastProposal = { outcome: '', proposedBy: '', comment: '' };
  while (stage !== 'final') {
    const from: ReviewStage = stage;
    let outcome: string;
    switch (from) {
      case 'approval': {
        outcome = await approveInLevels('approval', REVIEW_APPROVERS, lastProposal);
        break;
      }
      case 'appealWindow': {
        appealWindowEndsAt = buildDeadlineRules(calendar, policy).start(
          'accountabilityAppealWindow',
          clock.now(),
        ).dueAtMs;
        reportProgress();
        // The decision is executed meanwhile (DOMAIN §4 Limits): nothing here holds it back.
        await condition(() => appeal !== null, clock.delayUntil(appealWindowEndsAt));
        outcome = appeal ? 'APPEAL_FILED' : 'WINDOW_CLOSED';
        record({ stage: from, action: outcome, actorId: appeal?.filedBy ?? null });
        break;
      }
      case 'appealReview': {
        const def = reviewTaskDefinition('appealReview', routeCtx());
        const reviewed = await decideTask(def);
        const approved = await approveInLevels('appealReview', def.approvers, {
          outcome: reviewed.outcome,
          proposedBy: reviewed.actorId,
          comment: reviewed.comment,
        });
        if (approved === 'RETURNED') continue;
        outcome = reviewed.outcome;
        appealResult = {
          filedOn: appeal?.filedOn ?? '',
          outcome: outcome as AppealReviewOutcome,
          amendedMeasures: outcome === 'AMENDED' ? (measuresByTask.get(reviewed.taskId) ?? null) : null,
        };
        break;
      }
      default: {
        const def = reviewTaskDefinition(from, routeCtx());
        if (from === 'decision') {
          // AR art. 12: the commission reports to the same-level committee before deciding itself; otherwise it
          // refers its proposal to the body with management authority and records that body's decision back.
          await board.audit(authority === 'commission' ? 'REPORTED_TO_SAME_LEVEL_COMMITTEE' : 'REFERRAL_SENT', null, {
            candidateKey: candidate.candidateKey,
            decidingBodyId: candidate.decidingBodyId,
            measures: proposed,
          });
        }
        const decidedTask = await decideTask(def);
        outcome = decidedTask.outcome;
        if (from === 'determination') {
          determination = outcome as Determination;
          noneReason = outcome === 'NONE' ? decidedTask.reason : null;
          lastProposal = {
            outcome,
            proposedBy: decidedTask.actorId,
            comment: decidedTask.reason ?? decidedTask.comment,
          };
          if (outcome === 'DIRECT')
            await board.audit('VIOLATION_CASE_SUGGESTED', decidedTask.actorId, {
              candidateKey: candidate.candidateKey,
              personId: candidate.personId,
            });
        }
        if (from === 'proposal') {
          proposed = measuresByTask.get(decidedTask.taskId) ?? null;
          const decidedBy = decidingAuthority(
            candidate.target,
            proposed ?? { forms: [], modifiers: [] },
            candidate.referral,
          );
          authority = decidedBy.authority;
          warnings = organizationCoverageWarnings(
            candidate.target,
            proposed ?? { forms: [], modifiers: [] },
            input.memberReviews,
          );
          lastProposal = {
            outcome: `${determination}: ${(proposed?.forms ?? []).join('+') || 'EXEMPT'}`,
            proposedBy: decidedTask.actorId,
            comment: decidedBy.reason,
          };
        }
        if (from === 'decision' && outcome !== 'RETURN') {
          decisionOutcome = outcome;
          decidedAt = iso(clock.now());
          decided =
            outcome === 'DECLINED'
              ? null
              : outcome === 'AMENDED'
                ? (measuresByTask.get(decidedTask.taskId) ?? proposed)
                : proposed;
        }
      }
    }
    stage = nextReviewStage(from, outcome, routeCtx());
    record({ stage, action: 'STAGE_ENTERED', actorId: null });
  }

  result = {
    candidateKey: candidate.candidateKey,
    target: candidate.target,
    personId: candidate.personId,
    organizationBodyId: candidate.organizationBodyId,
    responsibility: candidate.responsibility,
    determination: determination ?? 'NONE',
    noneReason,
    decidedMeasures: decided,
    authority: determination === 'NONE' ? null : authority,
    decidingBodyId: candidate.decidingBodyId,
    decisionOutcome,
    decidedAt,
    appeal: appealResult,
    violationCaseSuggested: determination === 'DIRECT',
    warnings,
  };
  await board.audit('RESPONSIBILITY_REVIEW_FINAL', null, {
    candidateKey: candidate.candidateKey,
    determination,
    decisionOutcome,
    appeal: appealResult?.outcome ?? null,
  });
  await board.drain();
  await condition(allHandlersFinished);
  reportProgress();
  return result;
}
