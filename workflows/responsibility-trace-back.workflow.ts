import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  ChildWorkflowHandle,
  condition,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import {
  addTraceBackCandidate,
  calendarUpdated,
  CaseFailure,
  childProgress,
  type ChildProgress,
  conflictsChanged,
  derivedConflicts,
  findingsChanged,
  getAccountabilityState,
  participantsChanged,
  removeTraceBackCandidate,
  reviewProgress,
  type AccountabilityState,
  type CandidateEntry,
  type ConflictEntry,
  type FindingsInput,
  type ResponsibilityTraceBackInput,
  type ResponsibilityTraceBackResult,
  type ReviewProgress,
  type TimelineEntry,
  type TraceBackStage,
} from '@shuangcha/contracts';
import {
  buildAccountabilitySummary,
  candidateKey,
  type AccountabilitySummary,
  type RemovedCandidate,
  type ReviewResult,
} from '@shuangcha/domain/accountability';
import { HolidayCalendar, shanghaiLocalDate } from '@shuangcha/domain/calendar';
import { APPROVAL_OUTCOMES, RETURN_OUTCOME } from '@shuangcha/domain/case';
import type { OrgSnapshot } from '@shuangcha/domain/org';
import { policyByVersion } from '@shuangcha/domain/policy';
import { responsibilityTraceBack as traceBackRules, type Candidate } from '@shuangcha/domain/trace-back';
import { orgModel } from './engine/activities';
import { copyOf } from './engine/copy';
import { buildDeadlineRules } from './engine/deadline-rules.factory';
import { participantRoutes, separationProblem } from './engine/routes';
import { iso, reject, rejectUnsafeText, TaskBoard } from './engine/task-board';
import { recordThenApply } from './engine/record-first';
import { registerDecisionUpdate, registerInvestigationState, registerTaskUpdates } from './engine/task-updates';
import { VirtualClock } from './engine/virtual-clock';
import { clocksOf, deadlineView, ProgressReporter, type DeadlineView } from './engine/progress';
import { responsibilityReview } from './responsibility-review.workflow';

/** The parent's input shape; kept under this name for the case workflow. */
export type TraceBackInput = ResponsibilityTraceBackInput;

/** `min_overlap_days` and `traceback_levels` (DOMAIN §4), defaults until they join the case policy. */
const DEFAULT_TRACE_BACK_OPTIONS = { minOverlapDays: 30, tracebackLevels: 1 };
const STAFF_ROLES = ['caseOfficerId', 'caseManagementOfficerId'] as const;

function toEntry(candidate: Candidate): CandidateEntry {
  return {
    candidateKey: candidateKey(candidate),
    target: candidate.target,
    personId: candidate.personId,
    organizationBodyId: candidate.organizationBodyId,
    responsibility: candidate.responsibility,
    suggestedType: candidate.suggestedType,
    rule: candidate.rule,
    reason: candidate.reason,
    overlapDays: candidate.overlapDays,
    decidingBodyId: candidate.decidingBodyId,
    referral: candidate.referral,
    exemptionHint: candidate.exemptionHint ?? null,
    addedBy: null,
    alsoMatched: [],
  };
}

/** One review per target: a person matched by several rules keeps the first (rule order) and notes the rest. */
function mergeByTarget(candidates: readonly Candidate[]): CandidateEntry[] {
  const entries: CandidateEntry[] = [];
  for (const candidate of candidates) {
    const key = candidateKey(candidate);
    const existing = entries.find((e) => e.candidateKey === key);
    if (existing) existing.alsoMatched.push(candidate.rule);
    else entries.push(toEntry(candidate));
  }
  return entries;
}

/**
 * 责任倒查, the accountability investigation of a case (DOMAIN §4): loads the org snapshot through an
 * activity and runs the pure trace-back on it (the snapshot's hash is kept with the result), lets staff
 * confirm, add or remove candidates (removal needs the leader in charge), marks every candidate as
 * conflicted across the case family, then runs one `responsibilityReview` child per candidate in parallel
 * and concludes with the structured summary.
 */
export async function responsibilityTraceBack(input: TraceBackInput): Promise<ResponsibilityTraceBackResult> {
  const { workflowId, parent } = workflowInfo();
  const policy = policyByVersion(input.policyVersion);
  let calendar = HolidayCalendar.fromSchedules(await orgModel.loadHolidaySchedules());
  const clock = new VirtualClock(input.caseEpochMs, policy.timeScale);
  let participants = input.participants;
  let routes = participantRoutes(participants);
  const parentHandle = parent ? getExternalWorkflowHandle(parent.workflowId) : undefined;
  const timeline: TimelineEntry[] = [];

  let stage: TraceBackStage = 'loadingOrg';
  let conflicts: ConflictEntry[] = input.conflicts;
  let findings = {
    misconductIntervals: input.misconductIntervals,
    domains: input.domains,
    subjectIds: input.subjectIds,
  };
  let findingsVersion = 0;
  let snapshot: OrgSnapshot | null = null;
  let snapshotHash: string | null = null;
  let problems: AccountabilityState['problems'] = [];
  let candidates: CandidateEntry[] = [];
  const removed: RemovedCandidate[] = [];
  const pendingRemovals: AccountabilityState['pendingRemovals'] = [];
  let recheck: AccountabilityState['recheck'] = null;
  const reviews = new Map<string, ReviewProgress & { workflowId: string; final: boolean }>();
  const results = new Map<string, ReviewResult>();
  const handles = new Map<string, ChildWorkflowHandle<typeof responsibilityReview>>();
  let summary: AccountabilitySummary | null = null;
  const sideWork: Promise<void>[] = [];

  const candidatePersonIds = () => candidates.flatMap((c) => (c.personId ? [c.personId] : []));
  // DOMAIN §5 ground 4: candidates are conflicted at once here; the case's registry follows by signal.
  const isConflicted = (personId: string) =>
    conflicts.some((c) => c.personId === personId) || candidatePersonIds().includes(personId);
  const familyConflicts = (): ConflictEntry[] => [
    ...conflicts,
    ...candidatePersonIds()
      .filter((id) => !conflicts.some((c) => c.personId === id && c.ground === 'CANDIDATE'))
      .map((personId) => ({
        personId,
        ground: 'CANDIDATE' as const,
        source: 'derived' as const,
        declaredBy: null,
        at: iso(clock.now()),
      })),
  ];

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

  function currentDeadline(): DeadlineView {
    const children = [...reviews.values()]
      .filter((r) => !r.final)
      .map((r) => ({
        at: r.deadlineAt === null ? null : Date.parse(r.deadlineAt),
        overdue: r.overdue,
        level: r.escalationLevel,
      }));
    return deadlineView([...clocksOf(board.openTasks(), clock.now()), ...children]);
  }
  const progress = new ProgressReporter<ChildProgress>(
    parentHandle && ((report) => parentHandle.signal(childProgress, report)),
    false,
  );
  function reportProgress(entry?: TimelineEntry): void {
    const view = currentDeadline();
    progress.report({
      role: 'traceBack' as const,
      stage,
      deadlineAt: view.deadlineAt === null ? null : iso(view.deadlineAt),
      overdue: view.overdue,
      escalationLevel: view.escalationLevel,
      concluded: stage === 'concluded',
      timelineEntry: entry,
    });
  }
  function record(entry: Omit<TimelineEntry, 'at'>): void {
    const full = { at: iso(clock.now()), ...entry };
    timeline.push(full);
    reportProgress(full);
  }
  /** Tells the case which persons are candidates now; it recomputes its registry and informs every child. */
  async function publishCandidates(): Promise<void> {
    await parentHandle?.signal(derivedConflicts, { personIds: candidatePersonIds() }).catch(() => undefined);
    const family = familyConflicts();
    for (const handle of handles.values()) await handle.signal(conflictsChanged, family).catch(() => undefined);
    await board.rerouteConflicted((task) => routes.routeFor(task.candidateRole));
  }

  function computeCandidates(org: OrgSnapshot, current: typeof findings) {
    return traceBackRules(
      {
        unitId: input.unitId,
        misconductIntervals: current.misconductIntervals,
        domains: current.domains,
        subjectIds: current.subjectIds,
        options: input.traceBackOptions ?? DEFAULT_TRACE_BACK_OPTIONS,
        handlingCommissionBodyId: input.handlingCommissionBodyId,
      },
      org,
    );
  }

  const requireStaff = (actorId: string) => {
    if (isConflicted(actorId)) reject(CaseFailure.RecusedApprover, `${actorId} is recused from this case`);
    if (!STAFF_ROLES.some((role) => participants[role] === actorId))
      reject(CaseFailure.RoleNotAllowed, 'the case officer or case management maintains the candidate list');
  };

  setHandler(getAccountabilityState, (): AccountabilityState =>
    copyOf({
      workflowId,
      caseId: input.caseId,
      stage,
      snapshotAsOf: snapshot?.asOf ?? null,
      snapshotHash,
      misconductIntervals: findings.misconductIntervals,
      problems,
      candidates,
      removedCandidates: removed,
      pendingRemovals,
      recheck,
      reviews: [...reviews.values()],
      tasks: board.views(),
      summary,
    }),
  );
  registerInvestigationState(board, {
    workflowId,
    caseId: input.caseId,
    stage: () => stage,
    timeline,
    deadline: currentDeadline,
    concluded: () => stage === 'concluded',
  });
  registerDecisionUpdate(board, (d) => {
    if (board.tasks.get(d.taskId)?.stage === 'candidateConfirmation' && pendingRemovals.length > 0) {
      reject(
        CaseFailure.WrongStage,
        'the candidate list cannot be confirmed while a removal awaits the leader’s approval',
      );
    }
  });
  registerTaskUpdates(board);

  setHandler(
    addTraceBackCandidate,
    async (a) => {
      const entry: CandidateEntry = {
        candidateKey: candidateKey({
          target: a.target,
          personId: a.personId ?? null,
          organizationBodyId: a.organizationBodyId ?? null,
        }),
        target: a.target,
        personId: a.personId ?? null,
        organizationBodyId: a.organizationBodyId ?? null,
        responsibility: a.responsibility,
        suggestedType: a.suggestedType,
        rule: 'MANUAL',
        reason: a.reason,
        overlapDays: null,
        decidingBodyId: a.decidingBodyId,
        referral: a.referral,
        exemptionHint: null,
        addedBy: a.actorId,
        alsoMatched: [],
      };
      await recordThenApply(
        () => board.audit('CANDIDATE_ADDED', a.actorId, { candidateKey: entry.candidateKey, reason: a.reason }),
        () => candidates.push(entry),
      );
      record({ stage, action: 'CANDIDATE_ADDED', actorId: a.actorId, comment: a.reason });
      await publishCandidates();
      return { candidateKey: entry.candidateKey, candidates: candidates.length };
    },
    {
      validator: (a) => {
        rejectUnsafeText(a);
        if (stage !== 'candidateConfirmation' && stage !== 'reviews')
          reject(
            CaseFailure.WrongStage,
            `candidates can be added while confirming or reviewing, the trace-back is ${stage}`,
          );
        requireStaff(a.actorId);
        if ((a.target === 'person') !== (a.personId !== undefined))
          reject(
            CaseFailure.InvalidDecision,
            'a person candidate names personId, an organization candidate organizationBodyId',
          );
        const key = candidateKey({
          target: a.target,
          personId: a.personId ?? null,
          organizationBodyId: a.organizationBodyId ?? null,
        });
        if (candidates.some((c) => c.candidateKey === key))
          reject(CaseFailure.DuplicateDecision, `${key} is already a candidate`);
        if (a.personId && findings.subjectIds.includes(a.personId))
          reject(
            CaseFailure.InvalidDecision,
            `${a.personId} is a subject of the violation case, which handles them (DOMAIN §4.3)`,
          );
      },
    },
  );
  setHandler(
    removeTraceBackCandidate,
    async (r) => {
      const approval = await board.open({
        stage: 'candidateRemoval',
        kind: 'approval',
        title: `Approve removing ${r.candidateKey} from the candidates`,
        route: routes.routeFor('leaderInCharge'),
        candidateRole: 'leaderInCharge',
        allowedOutcomes: APPROVAL_OUTCOMES,
        limitKey: 'approval',
        proposal: { outcome: 'REMOVE', proposedBy: r.actorId, comment: r.reason },
      });
      pendingRemovals.push({
        candidateKey: r.candidateKey,
        taskId: approval.taskId,
        requestedBy: r.actorId,
        reason: r.reason,
      });
      await board.audit('CANDIDATE_REMOVAL_REQUESTED', r.actorId, {
        candidateKey: r.candidateKey,
        reason: r.reason,
        approvalTaskId: approval.taskId,
      });
      sideWork.push(
        (async () => {
          const decided = await board.awaitOutcome(approval);
          pendingRemovals.splice(
            pendingRemovals.findIndex((p) => p.taskId === approval.taskId),
            1,
          );
          if (decided.outcome === RETURN_OUTCOME || approval.status === 'CANCELLED') {
            await board.audit('CANDIDATE_REMOVAL_REFUSED', decided.actorId || null, {
              candidateKey: r.candidateKey,
              reason: decided.reason,
            });
            return;
          }
          await recordThenApply(
            () =>
              board.audit('CANDIDATE_REMOVED', decided.actorId, {
                candidateKey: r.candidateKey,
                reason: r.reason,
                requestedBy: r.actorId,
              }),
            () => {
              candidates = candidates.filter((c) => c.candidateKey !== r.candidateKey);
              removed.push({
                candidateKey: r.candidateKey,
                reason: r.reason,
                removedBy: r.actorId,
                approvedBy: decided.actorId,
              });
            },
          );
          record({ stage, action: 'CANDIDATE_REMOVED', actorId: decided.actorId, comment: r.reason });
          await publishCandidates();
        })(),
      );
      return { candidateKey: r.candidateKey, approvalTaskId: approval.taskId };
    },
    {
      validator: (r) => {
        rejectUnsafeText(r);
        if (stage !== 'candidateConfirmation')
          reject(
            CaseFailure.WrongStage,
            `candidates can be removed only before their reviews start, the trace-back is ${stage}`,
          );
        requireStaff(r.actorId);
        if (!candidates.some((c) => c.candidateKey === r.candidateKey))
          reject(CaseFailure.InvalidDecision, `${r.candidateKey} is not a candidate`);
        if (pendingRemovals.some((p) => p.candidateKey === r.candidateKey))
          reject(CaseFailure.DuplicateDecision, `removing ${r.candidateKey} already awaits approval`);
      },
    },
  );

  setHandler(findingsChanged, async (changed: FindingsInput) => {
    findingsVersion += 1;
    const version = findingsVersion;
    await recordThenApply(
      () => board.audit('FINDINGS_CHANGED', changed.actorId, { findingsVersion: version, note: changed.note }),
      () => {
        findings = {
          misconductIntervals: changed.misconductIntervals,
          domains: changed.domains,
          subjectIds: changed.subjectIds,
        };
      },
    );
    if (stage === 'loadingOrg' || stage === 'summarizing' || stage === 'concluded' || snapshot === null) return;
    // Issue 5 §6: never change the list silently; show staff what the rules would now say and let them decide.
    const rerun = mergeByTarget(computeCandidates(snapshot, findings).candidates);
    const current = candidates.filter((c) => c.rule !== 'MANUAL').map((c) => c.candidateKey);
    const wouldAdd = rerun.map((c) => c.candidateKey).filter((key) => !candidates.some((c) => c.candidateKey === key));
    const wouldDrop = current.filter((key) => !rerun.some((c) => c.candidateKey === key));
    const open = recheck?.taskId ? board.tasks.get(recheck.taskId) : undefined;
    if (open && open.status === 'OPEN') {
      recheck = { findingsVersion: version, wouldAdd, wouldDrop, taskId: open.taskId };
      return;
    }
    recheck = { findingsVersion: version, wouldAdd, wouldDrop, taskId: null };
    const task = await board.open({
      stage: 'candidateRecheck',
      kind: 'decision',
      title: `Findings changed: re-check the candidate list (would add ${wouldAdd.length}, would drop ${wouldDrop.length})`,
      route: routes.routeFor('caseOfficer'),
      candidateRole: 'caseOfficer',
      allowedOutcomes: ['CANDIDATES_CONFIRMED'],
      limitKey: 'accountabilityDecision',
    });
    if (recheck) recheck.taskId = task.taskId;
    sideWork.push(
      (async () => {
        const decided = await board.awaitOutcome(task);
        record({ stage, action: 'CANDIDATES_RECHECKED', actorId: decided.actorId || null, comment: decided.comment });
      })(),
    );
  });
  setHandler(conflictsChanged, async (entries) => {
    conflicts = entries;
    await board.rerouteConflicted((task) => routes.routeFor(task.candidateRole));
    const family = familyConflicts();
    for (const handle of handles.values()) await handle.signal(conflictsChanged, family).catch(() => undefined);
  });
  setHandler(participantsChanged, async (next) => {
    participants = next;
    routes = participantRoutes(participants);
    await board.rerouteConflicted((task) => routes.routeFor(task.candidateRole));
    for (const handle of handles.values()) await handle.signal(participantsChanged, next).catch(() => undefined);
  });
  setHandler(calendarUpdated, async (schedule) => {
    calendar = calendar.withYear(schedule);
    await board.recomputeProvisional();
    for (const handle of handles.values()) await handle.signal(calendarUpdated, schedule).catch(() => undefined);
  });
  setHandler(reviewProgress, (progress) => {
    const known = reviews.get(progress.candidateKey);
    if (!known || known.final) return;
    reviews.set(progress.candidateKey, { ...known, ...progress });
    reportProgress();
  });

  // ---- 1. the org snapshot and the rules --------------------------------------------------------
  const asOf = shanghaiLocalDate(clock.now());
  try {
    const loaded = await orgModel.loadOrgSnapshot({ asOf });
    snapshot = loaded.snapshot;
    snapshotHash = loaded.hash;
    const computed = computeCandidates(loaded.snapshot, findings);
    problems = [...computed.problems];
    candidates = mergeByTarget(computed.candidates);
  } catch (error) {
    const missing =
      error instanceof ActivityFailure &&
      error.cause instanceof ApplicationFailure &&
      error.cause.type === CaseFailure.OrgModelMissing;
    if (!missing) throw error;
    // Without an org model the investigation still runs: staff add the candidates by hand.
    problems = [{ code: 'ORG_MODEL_MISSING', path: 'org', message: error.cause?.message ?? 'no org model stored' }];
  }
  await board.audit('TRACE_BACK_COMPUTED', null, {
    snapshotAsOf: asOf,
    snapshotHash,
    candidateKeys: candidates.map((c) => c.candidateKey),
    problems: problems.map((p) => p.code),
  });
  stage = 'candidateConfirmation';
  record({
    stage,
    action: 'STAGE_ENTERED',
    actorId: null,
    comment: `${candidates.length} candidates from snapshot ${snapshotHash ?? 'none'}`,
  });
  await publishCandidates();

  // ---- 2. staff confirm the list --------------------------------------------------------------------
  const confirmation = await board.open({
    stage: 'candidateConfirmation',
    kind: 'decision',
    title: 'Confirm the trace-back candidates (确认倒查对象)',
    route: routes.routeFor('caseOfficer'),
    candidateRole: 'caseOfficer',
    allowedOutcomes: ['CONFIRM'],
    limitKey: 'accountabilityInvestigation',
  });
  const confirmed = await board.awaitOutcome(confirmation);
  record({
    stage,
    action: 'CANDIDATES_CONFIRMED',
    actorId: confirmed.actorId,
    comment: candidates.map((c) => c.candidateKey).join(', '),
  });

  // ---- 3. one review per candidate, in parallel --------------------------------------------------
  stage = 'reviews';
  record({ stage, action: 'STAGE_ENTERED', actorId: null });
  const startReview = async (entry: CandidateEntry): Promise<void> => {
    const reviewId = reviewWorkflowId(input.caseId, entry.candidateKey);
    reviews.set(entry.candidateKey, {
      candidateKey: entry.candidateKey,
      workflowId: reviewId,
      stage: 'factFinding',
      deadlineAt: null,
      overdue: false,
      escalationLevel: 0,
      final: false,
    });
    const memberReviews =
      entry.target === 'organization'
        ? candidates.filter(
            (c) => c.target === 'person' && snapshotMemberOf(snapshot, c.personId, entry.organizationBodyId),
          ).length
        : 0;
    const handle = await startChild(responsibilityReview, {
      workflowId: reviewId,
      // Reviews belong to the trace-back: terminating it (an admin action) ends them too.
      parentClosePolicy: ParentClosePolicy.TERMINATE,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      args: [
        {
          caseId: input.caseId,
          caseNo: input.caseNo,
          caseEpochMs: input.caseEpochMs,
          policyVersion: input.policyVersion,
          participants,
          conflicts: familyConflicts(),
          candidate: entry,
          memberReviews,
        },
      ],
    });
    handles.set(entry.candidateKey, handle);
    await board.audit('RESPONSIBILITY_REVIEW_STARTED', null, { candidateKey: entry.candidateKey, reviewId });
    sideWork.push(
      handle.result().then((reviewResult) => {
        results.set(entry.candidateKey, reviewResult);
        const known = reviews.get(entry.candidateKey);
        if (known)
          reviews.set(entry.candidateKey, {
            ...known,
            stage: 'final',
            final: true,
            deadlineAt: null,
            overdue: false,
            escalationLevel: 0,
          });
        handles.delete(entry.candidateKey);
        record({
          stage: 'reviews',
          action: 'REVIEW_FINAL',
          actorId: null,
          outcome: reviewResult.determination,
          comment: entry.candidateKey,
        });
      }),
    );
  };
  const recheckOpen = () => board.openTasks().some((t) => t.stage === 'candidateRecheck');
  for (;;) {
    for (const entry of candidates) if (!reviews.has(entry.candidateKey)) await startReview(entry);
    const allFinal = () => candidates.every((c) => results.has(c.candidateKey));
    await condition(() => candidates.some((c) => !reviews.has(c.candidateKey)) || (allFinal() && !recheckOpen()));
    if (candidates.every((c) => reviews.has(c.candidateKey)) && allFinal() && !recheckOpen()) break;
  }

  // ---- 4. the summary -------------------------------------------------------------------------------
  stage = 'summarizing';
  summary = buildAccountabilitySummary({
    caseId: input.caseId,
    snapshotHash,
    snapshotAsOf: snapshot ? asOf : null,
    concludedAt: iso(clock.now()),
    results: candidates.map((c) => results.get(c.candidateKey)).filter((r): r is ReviewResult => r !== undefined),
    removedCandidates: removed,
  });
  await orgModel.projectAccountabilitySummary({ caseId: input.caseId, summary, projectionVersion: 1 });
  await board.audit('ACCOUNTABILITY_CONCLUDED', null, { counts: summary.counts, appeals: summary.appeals });
  stage = 'concluded';
  record({ stage, action: 'STAGE_ENTERED', actorId: null });
  await board.drain();
  await Promise.all(sideWork);
  await condition(allHandlersFinished);
  reportProgress();
  return { outcome: 'CONCLUDED', summary };
}

/**
 * Workflow ids are visible to anyone with Temporal access, and a candidate key names a person
 * (`person-p-0036`): new reviews get an opaque key (replay-safe `uuid4`); the reviews of runs started before
 * the patch keep their ids. The review's id is kept in `reviews`, so nothing derives it again.
 */
const OPAQUE_REVIEW_IDS_PATCH = 'trace-back-opaque-review-ids';
function reviewWorkflowId(caseId: string, candidateKey: string): string {
  return patched(OPAQUE_REVIEW_IDS_PATCH)
    ? `${caseId}/trace-back/review-${uuid4()}`
    : `${caseId}/trace-back/review-${candidateKey}`;
}

/** Whether the person held a post on the body during the snapshot's history (for the AR art. 6 coverage warning). */
function snapshotMemberOf(snapshot: OrgSnapshot | null, personId: string | null, bodyId: string | null): boolean {
  if (!snapshot || !personId || !bodyId) return false;
  const positions = new Set(snapshot.positions.filter((p) => p.bodyId === bodyId).map((p) => p.id));
  return snapshot.tenures.some((t) => t.personId === personId && positions.has(t.positionId));
}
