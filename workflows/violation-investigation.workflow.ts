import { condition, patched, setHandler, workflowInfo, allHandlersFinished } from '@temporalio/workflow';
import {
  calendarUpdated,
  CaseFailure,
  conflictsChanged,
  participantsChanged,
  registerAppeal,
  type ConflictEntry,
  type TimelineEntry,
  type ViolationInvestigationInput,
  type ViolationInvestigationResult,
} from '@shuangcha/contracts';
import {
  appealAgainstProblem,
  appealRouteOf,
  approversFor,
  closingOutcomeProblem,
  parseSanction,
  VIOLATION_STAGES,
  type AppealAgainst,
  type ParticipantRole,
  type SanctionDecision,
  type StageDefinition,
  type ViolationStage,
} from '@shuangcha/domain/case';
import { HolidayCalendar } from '@shuangcha/domain/calendar';
import { policyByVersion } from '@shuangcha/domain/policy';
import { calendarActivities } from './engine/activities';
import { buildDeadlineRules } from './engine/deadline-rules.factory';
import { participantRoutes, separationProblem } from './engine/routes';
import { runStage } from './engine/run-stage';
import { iso, reject, rejectUnsafeText, TaskBoard } from './engine/task-board';
import { recordThenApply } from './engine/record-first';
import { registerDecisionUpdate, registerInvestigationState, registerTaskUpdates } from './engine/task-updates';
import { VirtualClock } from './engine/virtual-clock';
import { InvestigationTeams } from './engine/investigation-teams';
import { InvestigativeMeasures } from './engine/investigative-measures';
import { childProgressOf, clocksOf, deadlineView, parentProgressReporter, type DeadlineView } from './engine/progress';

const AWAIT_FINAL_PROGRESS_PATCH = 'violation-awaits-final-progress';
/** An appeal against a government sanction goes to re-examination, then on application to review (issue 12 §1). */
const GOVERNMENT_SANCTION_APPEALS_PATCH = 'government-sanction-appeals';
/** Approvals follow `APPROVAL_ROUTES` (DOMAIN §2); before, filing went to the leader in charge, then the principal leader. */
const APPROVAL_ROUTES_PATCH = 'approval-routes-by-table';
const FILING_APPROVERS_BEFORE_PATCH: readonly ParticipantRole[] = ['leaderInCharge', 'principalLeader'];
/**
 * Trial review by a second reviewer, the trial office director and the principal leader, and a committee
 * cadre's sanction approved by the party committee (DOMAIN §2, WR arts. 55–56); before, the principal
 * leader alone approved the review and the standing committee's vote was final.
 */
const TRIAL_REVIEW_ROUTE_PATCH = 'trial-review-reviewers-and-director';
const BEFORE_TRIAL_REVIEW_PATCH: Partial<Record<ViolationStage, readonly ParticipantRole[]>> = {
  trialReview: ['principalLeader'],
  sanction: [],
};

/**
 * Whoever was on a preliminary verification or investigation team, or logged an investigative measure, holds
 * no trial-review task of the case: its route skips them as it skips a recused person, and their decision on
 * one is refused (WR art. 59; DOMAIN §9 C.4). Before, only the named trial roles were kept apart.
 */
const TRIAL_REVIEW_EXCLUDES_INVESTIGATORS_PATCH = 'trial-review-excludes-investigators';

type AppealFiling = { filedBy: string; reason: string; filedOn: string; against?: AppealAgainst };

/**
 * 审查调查: the violation investigation of one case, stage by stage (DOMAIN §2). Every stage is a
 * proposal followed by its approval levels; RETURN sends the proposal back one level for revision.
 */
export async function violationInvestigation(
  input: ViolationInvestigationInput,
): Promise<ViolationInvestigationResult> {
  const { workflowId } = workflowInfo();
  const policy = policyByVersion(input.policyVersion);
  let calendar = HolidayCalendar.fromSchedules(await calendarActivities.loadHolidaySchedules());
  const clock = new VirtualClock(input.caseEpochMs, policy.timeScale);
  let conflicts: ConflictEntry[] = input.conflicts;
  const isConflicted = (personId: string) => conflicts.some((c) => c.personId === personId);
  let participants = input.participants;
  let routes = participantRoutes(participants);
  let stage: ViolationStage = 'intake';
  const timeline: TimelineEntry[] = [];
  let appeal = null as AppealFiling | null;
  /** The application for review (复核) in the review window, after a re-examination. */
  let reviewApplication = null as AppealFiling | null;
  let sanctionDecision: SanctionDecision | null = null;
  let crimeSuspected = false;
  let appealWindowEndsAt: number | null = null;

  const board: TaskBoard = new TaskBoard({
    caseId: input.caseId,
    workflowId,
    clock,
    rules: () => buildDeadlineRules(calendar, policy),
    isConflicted,
    recipientFor: (role, task) => routes.recipientFor(role, task),
    approverAbove: (personId, levelsUp) => routes.approverAbove(personId, levelsUp),
    supervisors: () => routes.supervisors,
    onChange: () => reportProgress(),
    onOpened: () => reportProgress(),
    currentRoute: (role) => routes.routeFor(role),
    separationBreach: (role, personId) => separationProblem(participants, role, personId),
    barredFrom: (taskStage, personId) => barredFromTrialReview(taskStage, personId),
  });
  // The intake limit counts from the day the lead was received, not from when the case was registered.
  board.stepOn = input.leadReceivedOn ?? null;

  const progress = parentProgressReporter(true);
  function currentDeadline(): DeadlineView {
    if (stage === 'appealWindow') return { deadlineAt: appealWindowEndsAt, overdue: false, escalationLevel: 0 };
    return deadlineView(clocksOf(board.openTasks(), clock.now()));
  }
  function reportProgress(entry?: TimelineEntry): void {
    progress.report(childProgressOf('violation', stage, currentDeadline(), stage === 'concluded', entry));
  }

  // DOMAIN §2: preliminary verification and investigation are a team's work, named with the proposal opening them.
  const teams = new InvestigationTeams(
    board,
    () => ({
      subjectIds: input.subjectIds,
      isConflicted,
      separationBreach: (personId) => separationProblem(participants, 'caseOfficer', personId),
    }),
    () => participants.caseOfficerId,
  );
  registerInvestigationState(board, {
    workflowId,
    caseId: input.caseId,
    stage: () => stage,
    timeline,
    deadline: currentDeadline,
    concluded: () => stage === 'concluded',
    teams: () => teams.view(),
  });
  registerDecisionUpdate(
    board,
    (decision) => {
      const task = board.tasks.get(decision.taskId);
      const problem =
        task?.stage === 'closing' && task.kind === 'decision'
          ? closingOutcomeProblem(decision.outcome, crimeSuspected)
          : null;
      if (problem) reject(CaseFailure.InvalidDecision, problem);
      teams.validate(decision);
    },
    (decision) => teams.effects(decision),
  );
  registerTaskUpdates(board);
  const measures = new InvestigativeMeasures(board, {
    stage: () => stage,
    teamOf: (teamStage) => teams.membersOf(teamStage),
    routeFor: (role) => routes.routeFor(role),
    calendar: () => calendar,
  });
  measures.register();
  /** Set when the trial review is first entered under the patch; validators only read it. */
  let investigatorsBarred = false;
  function barredFromTrialReview(taskStage: string, personId: string): boolean {
    if (!investigatorsBarred || taskStage !== 'trialReview') return false;
    return Object.values(teams.view()).some((ids) => ids.includes(personId)) || measures.loggedBy().includes(personId);
  }
  setHandler(
    registerAppeal,
    async (req) => {
      const filing: AppealFiling = {
        filedBy: req.actorId,
        reason: req.reason,
        filedOn: req.filedOn,
        ...(req.against && { against: req.against }),
      };
      await recordThenApply(
        () =>
          board.audit(stage === 'reviewWindow' ? 'REVIEW_APPLIED' : 'APPEAL_REGISTERED', req.actorId, {
            reason: req.reason,
            filedOn: req.filedOn,
            ...(req.against && { against: req.against }),
          }),
        () => {
          if (stage === 'reviewWindow') reviewApplication = filing;
          else appeal = filing;
        },
      );
      return { taskId: '', version: 0 };
    },
    {
      validator: (req) => {
        rejectUnsafeText(req);
        if (stage !== 'appealWindow' && stage !== 'reviewWindow')
          reject(
            CaseFailure.WrongStage,
            `an appeal can be registered only in the appeal or review window, the case is in ${stage}`,
          );
        if (stage === 'appealWindow' ? appeal : reviewApplication)
          reject(CaseFailure.DuplicateDecision, 'an appeal is already registered');
        if (req.actorId !== participants.caseManagementOfficerId) {
          reject(CaseFailure.RoleNotAllowed, 'appeals are registered by the case-management office');
        }
        const problem = req.against ? appealAgainstProblem(sanctionDecision, req.against) : null;
        if (problem) reject(CaseFailure.InvalidDecision, problem);
      },
    },
  );
  setHandler(conflictsChanged, (entries) => {
    conflicts = entries;
    void board.rerouteConflicted((task) => routes.routeOfTask(task));
  });
  setHandler(participantsChanged, (next) => {
    participants = next;
    routes = participantRoutes(participants);
    void board.rerouteConflicted((task) => routes.routeOfTask(task));
  });
  setHandler(calendarUpdated, (schedule) => {
    calendar = calendar.withYear(schedule);
    void board.recomputeProvisional();
  });

  function record(entry: Omit<TimelineEntry, 'at'>): void {
    const full = { at: iso(clock.now()), ...entry };
    timeline.push(full);
    reportProgress(full);
  }

  let sanction: string | null = null;
  let finalOutcome = '';
  let appealOutcome: string | null = null;
  while (stage !== 'concluded') {
    if (stage === 'appealWindow' || stage === 'reviewWindow') {
      const inReview: boolean = stage === 'reviewWindow';
      appealWindowEndsAt = buildDeadlineRules(calendar, policy).start(
        inReview ? 'supervisionReviewWindow' : 'partyAppealWindow',
        clock.now(),
      ).dueAtMs;
      reportProgress();
      const filed = (): AppealFiling | null => (inReview ? reviewApplication : appeal);
      await condition(() => filed() !== null, clock.delayUntil(appealWindowEndsAt));
      const filing: AppealFiling | null = filed();
      record({ stage, action: filing ? 'APPEAL_FILED' : 'APPEAL_WINDOW_CLOSED', actorId: filing?.filedBy ?? null });
      if (inReview) stage = filing ? 'review' : 'concluded';
      else if (!filing) stage = 'concluded';
      else {
        const supervision = appealRouteOf(sanctionDecision, filing.against) === 'supervision';
        stage = supervision && patched(GOVERNMENT_SANCTION_APPEALS_PATCH) ? 'reexamination' : 'appealReview';
      }
      record({ stage, action: 'STAGE_ENTERED', actorId: null });
      continue;
    }
    const def: StageDefinition = VIOLATION_STAGES[stage];
    if (stage === 'trialReview' && !investigatorsBarred)
      investigatorsBarred = patched(TRIAL_REVIEW_EXCLUDES_INVESTIGATORS_PATCH);
    const beforeTrialReviewPatch = BEFORE_TRIAL_REVIEW_PATCH[stage];
    const approvers =
      beforeTrialReviewPatch && !patched(TRIAL_REVIEW_ROUTE_PATCH)
        ? beforeTrialReviewPatch
        : patched(APPROVAL_ROUTES_PATCH)
          ? approversFor(stage, {
              subjectManagedBySameLevelCommittee: input.subjectManagedBySameLevelCommittee ?? false,
            })
          : def.stage === 'filing'
            ? FILING_APPROVERS_BEFORE_PATCH
            : approversFor(stage, { subjectManagedBySameLevelCommittee: false });
    const { outcome } = await runStage(board, routes, def, approvers, record);
    if (def.stage === 'investigation' && outcome === 'CRIME_SUSPECTED') crimeSuspected = true;
    if (def.stage === 'sanction') {
      sanction = outcome;
      sanctionDecision = parseSanction(outcome);
    }
    const appealStage = def.stage === 'appealReview' || def.stage === 'reexamination' || def.stage === 'review';
    if (appealStage) appealOutcome = outcome;
    if (def.stage !== 'closing' && !appealStage) finalOutcome = outcome;
    stage = def.next[outcome];
    record({ stage, action: 'STAGE_ENTERED', actorId: null });
  }
  await board.drain();
  await condition(allHandlersFinished);
  reportProgress();
  // The parent closes as soon as this child completes: its last progress (the appeal window's end) must
  // have reached the case first, or the case timeline misses it.
  if (patched(AWAIT_FINAL_PROGRESS_PATCH)) await progress.settled();
  return { finalOutcome, sanction, appealed: appeal !== null, appealOutcome };
}
