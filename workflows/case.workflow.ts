import {
  allHandlersFinished,
  condition,
  executeChild,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import {
  calendarUpdated,
  CaseAssigneeKey,
  CaseFailure,
  CaseNoKey,
  CaseUnitKey,
  childProgress,
  conflictsChanged,
  declareConflict,
  derivedConflicts,
  getCaseState,
  nameReplacement,
  participantsChanged,
  submitDecision,
  type CaseStartInput,
  type CaseState,
  type ChildProgress,
  type ConflictEntry,
  type FindingsInput,
} from '@shuangcha/contracts';
import { caseStandingOf, dualInvestigationSuggestion } from '@shuangcha/domain/case';
import { shanghaiLocalDate } from '@shuangcha/domain/calendar';
import { policyByVersion } from '@shuangcha/domain/policy';
import { AuditTrail } from './engine/audit-trail';
import { registerDualInvestigation, TRACE_BACK_OPENING_PATCH } from './engine/case-dual-investigation';
import { registerCaseFindings } from './engine/case-findings';
import { projectCaseRow } from './engine/case-row';
import { copyOf } from './engine/copy';
import { recordThenApply } from './engine/record-first';
import { CASE_FINDINGS_LIST_PATCH, RectificationFindings } from './engine/rectification-from-findings';
import { CaseRecusals } from './engine/case-recusals';
import { TraceBackOpening } from './engine/trace-back-opening';
import { participantRoutes } from './engine/routes';
import { registerTaskUpdates } from './engine/task-updates';
import { VirtualClock } from './engine/virtual-clock';
import { iso, reject, rejectUnsafeText } from './engine/task-board';
import { responsibilityTraceBack } from './responsibility-trace-back.workflow';
import { violationInvestigation } from './violation-investigation.workflow';

/** A declared or requested recusal is decided by the case's leadership before it takes effect (DOMAIN §5). */
const RECUSAL_REQUESTS_PATCH = 'case-recusal-decided-by-leadership';

/**
 * A recusal or a new candidate cuts the person's access at once (DOMAIN §5), and lists read the read model:
 * the case row is projected on every change of the conflict registry, not at the next stage change.
 */
const PROJECT_CONFLICTS_PATCH = 'case-projects-conflicts';

/** The case row shows both halves: a late trace-back makes the case late on the supervisors' views. */
const CASE_ROW_BOTH_CHILDREN_PATCH = 'case-row-both-children';

/**
 * 一案双查: one case, with the violation investigation and (when a leader triggers it) the responsibility
 * trace-back as child workflows running in parallel. The case closes only when every child concluded.
 * This workflow is the single writer of the case row in the read model.
 */
export async function caseWorkflow(input: CaseStartInput): Promise<{ status: 'CLOSED' }> {
  const { workflowId, startTime } = workflowInfo();
  const caseEpochMs = startTime.getTime();
  // Case time, as the children keep it: with a compressed policy every timestamp the case records reads on
  // the same virtual timeline as the children's deadlines and timeline entries.
  const clock = new VirtualClock(caseEpochMs, policyByVersion(input.policyVersion).timeScale);
  let participants = input.participants;
  let routes = participantRoutes(participants);
  const suggestion = dualInvestigationSuggestion(input.indicators);
  let projectionVersion = 0;
  const trail = new AuditTrail(workflowId, workflowId, clock);
  const state: CaseState = {
    caseId: workflowId,
    caseNo: input.caseNo,
    kind: input.kind,
    status: 'OPEN',
    stage: input.kind === 'violation' ? 'intake' : 'traceBack',
    unitId: input.unitId,
    jurisdictionId: input.jurisdictionId,
    policyVersion: input.policyVersion,
    openedBy: input.openedBy,
    openedAt: iso(caseEpochMs),
    leadReceivedOn: input.leadReceivedOn ?? shanghaiLocalDate(caseEpochMs),
    closedAt: null,
    deadlineAt: null,
    overdue: false,
    escalationLevel: 0,
    participantIds: routes.participantIds,
    conflicts: input.subjectIds.map((personId) => ({
      personId,
      ground: 'SUBJECT',
      source: 'derived',
      declaredBy: null,
      at: iso(caseEpochMs),
    })),
    dualInvestigation: {
      suggested: suggestion.suggested,
      reasons: suggestion.reasons,
      decision: null,
      decidedBy: null,
      reason: null,
    },
    children: [],
    timeline: [],
  };
  let dirty = true;
  let findings: FindingsInput | null = null;
  let traceBackIntervals: { from: string; to: string }[] | null = null;
  const currentIntervals = () => findings?.misconductIntervals ?? input.misconductIntervals;

  const audit = (action: string, actorId: string | null, after: Record<string, unknown>) =>
    trail.append(action, actorId, after);
  const project = async () => {
    dirty = false;
    projectionVersion += 1;
    await projectCaseRow(state, clock, projectionVersion, traceBackIntervals);
  };

  const recusals: CaseRecusals = new CaseRecusals({
    workflowId,
    clock,
    policy: policyByVersion(input.policyVersion),
    state,
    participants: () => participants,
    replaceParticipants: (next) => {
      participants = next;
      routes = participantRoutes(participants);
      state.participantIds = [...new Set([...state.participantIds, ...routes.participantIds])];
      upsertSearchAttributes([{ key: CaseAssigneeKey, value: state.participantIds }]);
      dirty = true;
    },
    participantsChanged: () => broadcastParticipants(),
    trail,
    conflictsChanged: () => broadcastConflicts(),
    markDirty: () => {
      dirty = true;
    },
  });
  const opening = new TraceBackOpening({
    clock,
    state,
    participants: () => participants,
    board: recusals.board,
    readyBoard: () => recusals.loadCalendar(),
    trail,
    markDirty: () => {
      dirty = true;
    },
  });
  const rectification = new RectificationFindings({
    sourceWorkflowId: workflowId,
    caseId: workflowId,
    caseNo: input.caseNo,
    policyVersion: input.policyVersion,
    supervisingBodyId: input.jurisdictionId,
    source: 'CASE_FINDINGS',
    clock,
    participants: () => participants,
    isConflicted: (personId) => state.conflicts.some((c) => c.personId === personId),
    audit,
  }).registerUpdate(() => state.status === 'OPEN');
  setHandler(getCaseState, () =>
    copyOf({ ...state, rectification: rectification.view(), tasks: recusals.board.views() }),
  );
  const appliedProgress: Partial<Record<ChildProgress['role'], number>> = {};
  const latestProgress: Partial<Record<ChildProgress['role'], ChildProgress>> = {};
  setHandler(childProgress, (progress: ChildProgress) => {
    // Progress signals can overtake each other: an older one must not undo a newer deadline or stage.
    const stale = progress.seq !== undefined && progress.seq <= (appliedProgress[progress.role] ?? 0);
    if (progress.seq !== undefined && !stale) appliedProgress[progress.role] = progress.seq;
    if (!stale) latestProgress[progress.role] = progress;
    if (!stale && patched(CASE_ROW_BOTH_CHILDREN_PATCH)) {
      Object.assign(state, caseStandingOf(state.kind, latestProgress, state));
    } else if (!stale && (progress.role === 'violation' || state.kind === 'accountabilityOnly')) {
      state.stage = progress.concluded && progress.role === 'violation' ? 'awaitingAccountability' : progress.stage;
      state.deadlineAt = progress.deadlineAt;
      state.overdue = progress.overdue;
      state.escalationLevel = progress.escalationLevel;
    }
    if (progress.timelineEntry)
      state.timeline.push({ ...progress.timelineEntry, stage: `${progress.role}:${progress.timelineEntry.stage}` });
    dirty = true;
  });
  registerDualInvestigation({
    state,
    suggested: suggestion.suggested,
    clock,
    trail,
    opening,
    participants: () => participants,
    changed: () => {
      dirty = true;
    },
  });
  setHandler(
    declareConflict,
    async (declaration) => {
      if (patched(RECUSAL_REQUESTS_PATCH)) return recusals.request(declaration);
      // Before the patch a declaration took effect at once, and before its audit entry was stored.
      const entry: ConflictEntry = {
        personId: declaration.personId,
        ground: declaration.ground,
        source: declaration.actorId === declaration.personId ? 'declared' : 'requested',
        declaredBy: declaration.actorId,
        at: iso(clock.now()),
      };
      state.conflicts.push(entry);
      await audit('CONFLICT_DECLARED', declaration.actorId, {
        personId: declaration.personId,
        ground: declaration.ground,
        reason: declaration.reason,
      });
      await broadcastConflicts();
      if (patched(PROJECT_CONFLICTS_PATCH)) dirty = true;
      return { conflicts: state.conflicts.length };
    },
    {
      validator: (declaration) => {
        rejectUnsafeText(declaration);
        if (state.status !== 'OPEN') reject(CaseFailure.WrongStage, 'the case is closed');
        if (state.conflicts.some((c) => c.personId === declaration.personId))
          reject(CaseFailure.DuplicateDecision, `${declaration.personId} is already recused`);
        recusals.validateRequest(declaration);
        const self = declaration.actorId === declaration.personId;
        if (!self && !routes.supervisors.includes(declaration.actorId)) {
          reject(
            CaseFailure.RoleNotAllowed,
            'staff declare conflicts for others through case management or leadership',
          );
        }
      },
    },
  );
  setHandler(derivedConflicts, async ({ personIds }) => {
    // The trace-back's candidates are conflicted across the family (DOMAIN §5 ground 4); its list replaces the last one.
    await recordThenApply(
      () => audit('DERIVED_CONFLICTS_UPDATED', null, { personIds }),
      () => {
        const kept = state.conflicts.filter((c) => c.ground !== 'CANDIDATE');
        const added = personIds.filter((id) => !kept.some((c) => c.personId === id && c.ground === 'CANDIDATE'));
        state.conflicts = [
          ...kept,
          ...added.map((personId): ConflictEntry => ({
            personId,
            ground: 'CANDIDATE',
            source: 'derived',
            declaredBy: null,
            at: iso(clock.now()),
          })),
        ];
      },
    );
    await broadcastConflicts();
    if (patched(PROJECT_CONFLICTS_PATCH)) dirty = true;
  });
  registerCaseFindings({
    state,
    trail,
    participants: () => participants,
    changed: (changed) => {
      findings = changed;
    },
  });
  setHandler(
    submitDecision,
    (decision) => (opening.owns(decision.taskId) ? opening.applyDecision(decision) : recusals.applyDecision(decision)),
    {
      validator: (decision) => {
        recusals.validateDecision(decision);
        opening.validateDecision(decision);
      },
    },
  );
  setHandler(nameReplacement, (replacement) => recusals.applyReplacement(replacement), {
    validator: (replacement) => recusals.validateReplacement(replacement),
  });
  registerTaskUpdates(recusals.board);
  setHandler(calendarUpdated, (schedule) => {
    void recusals.calendarUpdated(schedule);
    for (const child of state.children.filter((c) => c.status === 'RUNNING')) {
      getExternalWorkflowHandle(child.workflowId)
        .signal(calendarUpdated, schedule)
        .catch(() => undefined);
    }
  });

  async function broadcastParticipants(): Promise<void> {
    for (const child of state.children.filter((c) => c.status === 'RUNNING')) {
      await getExternalWorkflowHandle(child.workflowId)
        .signal(participantsChanged, participants)
        .catch(() => undefined);
    }
  }

  async function broadcastConflicts(): Promise<void> {
    for (const child of state.children.filter((c) => c.status === 'RUNNING')) {
      await getExternalWorkflowHandle(child.workflowId)
        .signal(conflictsChanged, state.conflicts)
        .catch(() => undefined);
    }
  }

  upsertSearchAttributes([
    { key: CaseNoKey, value: input.caseNo },
    { key: CaseUnitKey, value: input.unitId },
    { key: CaseAssigneeKey, value: routes.participantIds },
  ]);
  await audit('CASE_OPENED', input.openedBy, {
    caseNo: input.caseNo,
    kind: input.kind,
    policyVersion: input.policyVersion,
    suggestion,
  });
  await project();

  const running: Promise<unknown>[] = [];
  const startChild = (role: 'violation' | 'traceBack') => {
    const childId = `${workflowId}/${role === 'violation' ? 'violation' : 'trace-back'}`;
    state.children.push({ role, workflowId: childId, status: 'RUNNING' });
    const common = {
      workflowId: childId,
      // A case's children must outlive nothing: terminating the case (admin action) ends them too.
      parentClosePolicy: ParentClosePolicy.TERMINATE,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    };
    const childInput = {
      caseId: workflowId,
      caseNo: input.caseNo,
      caseEpochMs,
      policyVersion: input.policyVersion,
      participants,
      subjectIds: input.subjectIds,
      conflicts: state.conflicts,
      ...(input.leadReceivedOn && { leadReceivedOn: input.leadReceivedOn }),
      subjectManagedBySameLevelCommittee: input.subjectManagedBySameLevelCommittee,
    };
    if (role === 'traceBack') traceBackIntervals = currentIntervals();
    const done =
      role === 'violation'
        ? executeChild(violationInvestigation, { ...common, args: [childInput] })
        : executeChild(responsibilityTraceBack, {
            ...common,
            args: [
              {
                ...childInput,
                unitId: input.unitId,
                jurisdictionId: input.jurisdictionId,
                misconductIntervals: traceBackIntervals ?? input.misconductIntervals,
                domains: findings?.domains ?? input.domains,
                subjectIds: findings?.subjectIds ?? input.subjectIds,
              },
            ],
          });
    running.push(
      done.then(async (result) => {
        const child = state.children.find((c) => c.workflowId === childId);
        if (child) child.status = 'CONCLUDED';
        state.timeline.push({ at: iso(clock.now()), stage: role, action: 'CHILD_CONCLUDED', actorId: null });
        await audit('CHILD_CONCLUDED', null, { role, childId, result });
        dirty = true;
      }),
    );
  };

  if (input.kind === 'violation') startChild('violation');
  else if (patched(TRACE_BACK_OPENING_PATCH)) {
    state.stage = 'traceBackOpening';
    await opening.request(input.openedBy, 'accountability-only case opened / 问责案件立项');
  } else {
    state.dualInvestigation.decision = 'TRIGGER';
    startChild('traceBack');
  }

  // A pending request keeps the case open: the principal leader may still open the trace-back.
  const allConcluded = () =>
    state.children.length > 0 && state.children.every((c) => c.status === 'CONCLUDED') && !opening.pending;
  // An accountability-only case whose trace-back the principal leader refused has nothing left to do.
  const notOpened = () =>
    state.kind === 'accountabilityOnly' && state.children.length === 0 && (opening.refused || opening.linked);
  const traceBackDue = () =>
    state.dualInvestigation.decision === 'TRIGGER' &&
    !state.children.some((c) => c.role === 'traceBack') &&
    !opening.linked;
  for (;;) {
    await condition(() => dirty || allConcluded() || notOpened() || traceBackDue());
    if (traceBackDue()) {
      const linked =
        opening.approvedHere &&
        (await opening.linkFiled({
          caseId: workflowId,
          unitId: input.unitId,
          misconductIntervals: currentIntervals(),
        }));
      if (!linked) {
        startChild('traceBack');
        await broadcastConflicts();
      }
    }
    if (dirty) await project();
    if (allConcluded() || notOpened()) break;
  }
  await Promise.all(running);
  await opening.drain();
  await recusals.drain();
  // Only a case with findings calls patched(): runs recorded before it had no way to record any.
  if (rectification.items.length > 0 && patched(CASE_FINDINGS_LIST_PATCH)) await rectification.openList();
  state.status = 'CLOSED';
  state.stage = 'closed';
  state.closedAt = iso(clock.now());
  state.deadlineAt = null;
  state.overdue = false;
  await audit('CASE_CLOSED', null, {});
  await project();
  await condition(allHandlersFinished);
  return { status: 'CLOSED' };
}
