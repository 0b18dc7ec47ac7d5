import {
  allHandlersFinished,
  condition,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  calendarUpdated,
  CaseAssigneeKey,
  CaseNoKey,
  CaseUnitKey,
  getCaseState,
  nameReplacement,
  submitDecision,
  type CaseStartInput,
  type CaseState,
  type FindingsInput,
} from '@shuangcha/contracts';
import { dualInvestigationSuggestion } from '@shuangcha/domain/case';
import { shanghaiLocalDate } from '@shuangcha/domain/calendar';
import { policyByVersion } from '@shuangcha/domain/policy';
import { AuditTrail } from './engine/audit-trail';
import { CaseChildren } from './engine/case-children';
import { registerCaseConflicts } from './engine/case-conflicts';
import { registerDualInvestigation, TRACE_BACK_OPENING_PATCH } from './engine/case-dual-investigation';
import { registerCaseFindings } from './engine/case-findings';
import { CaseRowProjector } from './engine/case-row';
import { copyOf } from './engine/copy';
import { CASE_FINDINGS_LIST_PATCH, RectificationFindings } from './engine/rectification-from-findings';
import { CaseRecusals } from './engine/case-recusals';
import { TraceBackOpening } from './engine/trace-back-opening';
import { participantRoutes } from './engine/routes';
import { registerTaskUpdates } from './engine/task-updates';
import { VirtualClock } from './engine/virtual-clock';
import { iso } from './engine/task-board';

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
  const changed = () => {
    dirty = true;
  };
  const children = new CaseChildren({
    input,
    state,
    clock,
    caseEpochMs,
    trail,
    participants: () => participants,
    findings: () => findings,
    changed,
  });

  const caseRow = new CaseRowProjector(state, clock);
  // Reports arriving in one activation (or during a projection) set `dirty` once: they make one projection.
  const project = async () => {
    dirty = false;
    await caseRow.project(children.traceBackIntervals);
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
    participantsChanged: () => children.broadcastParticipants(),
    trail,
    conflictsChanged: () => children.broadcastConflicts(),
    markDirty: changed,
  });
  const opening = new TraceBackOpening({
    clock,
    state,
    participants: () => participants,
    board: recusals.board,
    readyBoard: () => recusals.loadCalendar(),
    trail,
    markDirty: changed,
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
    audit: (action, actorId, after) => trail.append(action, actorId, after),
  }).registerUpdate(() => state.status === 'OPEN');
  setHandler(getCaseState, () =>
    copyOf({ ...state, rectification: rectification.view(), tasks: recusals.board.views() }),
  );
  children.registerProgress();
  registerDualInvestigation({
    state,
    suggested: suggestion.suggested,
    clock,
    trail,
    opening,
    participants: () => participants,
    changed,
  });
  registerCaseConflicts({
    state,
    clock,
    trail,
    recusals,
    supervisors: () => routes.supervisors,
    broadcast: () => children.broadcastConflicts(),
    changed,
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
    children.forward(calendarUpdated, schedule);
  });

  upsertSearchAttributes([
    { key: CaseNoKey, value: input.caseNo },
    { key: CaseUnitKey, value: input.unitId },
    { key: CaseAssigneeKey, value: routes.participantIds },
  ]);
  await trail.append('CASE_OPENED', input.openedBy, {
    caseNo: input.caseNo,
    kind: input.kind,
    policyVersion: input.policyVersion,
    suggestion,
  });
  await project();

  if (input.kind === 'violation') children.start('violation');
  else if (patched(TRACE_BACK_OPENING_PATCH)) {
    state.stage = 'traceBackOpening';
    await opening.request(input.openedBy, 'accountability-only case opened / 问责案件立项');
  } else {
    state.dualInvestigation.decision = 'TRIGGER';
    children.start('traceBack');
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
          misconductIntervals: children.currentIntervals(),
        }));
      if (!linked) {
        children.start('traceBack');
        await children.broadcastConflicts();
      }
    }
    if (dirty) await project();
    if (allConcluded() || notOpened()) break;
  }
  await Promise.all(children.running);
  await opening.drain();
  await recusals.drain();
  // Only a case with findings calls patched(): runs recorded before it had no way to record any.
  if (rectification.items.length > 0 && patched(CASE_FINDINGS_LIST_PATCH)) await rectification.openList();
  state.status = 'CLOSED';
  state.stage = 'closed';
  state.closedAt = iso(clock.now());
  state.deadlineAt = null;
  state.overdue = false;
  await trail.append('CASE_CLOSED', null, {});
  await project();
  await condition(allHandlersFinished);
  return { status: 'CLOSED' };
}
