import {
  CaseFailure,
  type CandidateAdditionInput,
  type CandidateRemovalInput,
  type FindingsInput,
} from '@shuangcha/contracts';
import { candidateTask } from '@shuangcha/domain/accountability';
import { APPROVAL_OUTCOMES, RETURN_OUTCOME } from '@shuangcha/domain/case';
import { recordThenApply } from '../engine/record-first';
import { reject, rejectUnsafeText } from '../engine/task-board';
import { additionKey, manualEntry, mergeByTarget } from './candidate-entries';
import type { TraceBackState } from './trace-back-state';

/** Staff add a candidate while the list is being confirmed or the reviews run. */
export function validateAddition(state: TraceBackState, a: CandidateAdditionInput): void {
  rejectUnsafeText(a);
  if (state.stage !== 'candidateConfirmation' && state.stage !== 'reviews')
    reject(
      CaseFailure.WrongStage,
      `candidates can be added while confirming or reviewing, the trace-back is ${state.stage}`,
    );
  state.requireStaff(a.actorId);
  if ((a.target === 'person') !== (a.personId !== undefined))
    reject(
      CaseFailure.InvalidDecision,
      'a person candidate names personId, an organization candidate organizationBodyId',
    );
  const key = additionKey(a);
  if (state.candidates.some((c) => c.candidateKey === key))
    reject(CaseFailure.DuplicateDecision, `${key} is already a candidate`);
  if (a.personId && state.findings.subjectIds.includes(a.personId))
    reject(
      CaseFailure.InvalidDecision,
      `${a.personId} is a subject of the violation case, which handles them (DOMAIN §4.3)`,
    );
}

export async function addCandidate(
  state: TraceBackState,
  a: CandidateAdditionInput,
): Promise<{ candidateKey: string; candidates: number }> {
  const entry = manualEntry(a);
  await recordThenApply(
    () => state.board.audit('CANDIDATE_ADDED', a.actorId, { candidateKey: entry.candidateKey, reason: a.reason }),
    () => state.candidates.push(entry),
  );
  state.record({ stage: state.stage, action: 'CANDIDATE_ADDED', actorId: a.actorId, comment: a.reason });
  await state.publishCandidates();
  return { candidateKey: entry.candidateKey, candidates: state.candidates.length };
}

/** A removal is requested before the reviews start, once per candidate. */
export function validateRemoval(state: TraceBackState, r: CandidateRemovalInput): void {
  rejectUnsafeText(r);
  if (state.stage !== 'candidateConfirmation')
    reject(
      CaseFailure.WrongStage,
      `candidates can be removed only before their reviews start, the trace-back is ${state.stage}`,
    );
  state.requireStaff(r.actorId);
  if (!state.candidates.some((c) => c.candidateKey === r.candidateKey))
    reject(CaseFailure.InvalidDecision, `${r.candidateKey} is not a candidate`);
  if (state.pendingRemovals.some((p) => p.candidateKey === r.candidateKey))
    reject(CaseFailure.DuplicateDecision, `removing ${r.candidateKey} already awaits approval`);
}

/** Opens the leader in charge's approval; the candidate leaves the list only once it is approved. */
export async function requestRemoval(
  state: TraceBackState,
  r: CandidateRemovalInput,
): Promise<{ candidateKey: string; approvalTaskId: string }> {
  const { board } = state;
  const candidate = state.candidates.find((c) => c.candidateKey === r.candidateKey);
  if (!candidate) reject(CaseFailure.InvalidDecision, `${r.candidateKey} is not a candidate`);
  const approval = await board.open({
    stage: 'candidateRemoval',
    kind: 'approval',
    ...candidateTask(candidate, 'Approve removing a candidate (移出倒查对象)'),
    route: state.routes.routeFor('leaderInCharge'),
    candidateRole: 'leaderInCharge',
    allowedOutcomes: APPROVAL_OUTCOMES,
    limitKey: 'approval',
    proposal: { outcome: 'REMOVE', proposedBy: r.actorId, comment: r.reason },
  });
  state.pendingRemovals.push({
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
  state.sideWork.push(
    (async () => {
      const decided = await board.awaitOutcome(approval);
      state.pendingRemovals.splice(
        state.pendingRemovals.findIndex((p) => p.taskId === approval.taskId),
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
          state.candidates = state.candidates.filter((c) => c.candidateKey !== r.candidateKey);
          state.removed.push({
            candidateKey: r.candidateKey,
            reason: r.reason,
            removedBy: r.actorId,
            approvedBy: decided.actorId,
          });
        },
      );
      state.record({ stage: state.stage, action: 'CANDIDATE_REMOVED', actorId: decided.actorId, comment: r.reason });
      await state.publishCandidates();
    })(),
  );
  return { candidateKey: r.candidateKey, approvalTaskId: approval.taskId };
}

/**
 * New findings from the violation investigation. Issue 5 §6: the list never changes silently; staff are
 * shown what the rules would now say (one re-check task at a time) and decide.
 */
export async function changeFindings(state: TraceBackState, changed: FindingsInput): Promise<void> {
  const { board } = state;
  state.findingsVersion += 1;
  const version = state.findingsVersion;
  await recordThenApply(
    () => board.audit('FINDINGS_CHANGED', changed.actorId, { findingsVersion: version, note: changed.note }),
    () => {
      state.findings = {
        misconductIntervals: changed.misconductIntervals,
        domains: changed.domains,
        subjectIds: changed.subjectIds,
      };
    },
  );
  const { stage, snapshot } = state;
  if (stage === 'loadingOrg' || stage === 'summarizing' || stage === 'concluded' || snapshot === null) return;
  const rerun = mergeByTarget(state.computeCandidates(snapshot).candidates);
  const current = state.candidates.filter((c) => c.rule !== 'MANUAL').map((c) => c.candidateKey);
  const wouldAdd = rerun
    .map((c) => c.candidateKey)
    .filter((key) => !state.candidates.some((c) => c.candidateKey === key));
  const wouldDrop = current.filter((key) => !rerun.some((c) => c.candidateKey === key));
  const open = state.recheck?.taskId ? board.tasks.get(state.recheck.taskId) : undefined;
  if (open && open.status === 'OPEN') {
    state.recheck = { findingsVersion: version, wouldAdd, wouldDrop, taskId: open.taskId };
    return;
  }
  state.recheck = { findingsVersion: version, wouldAdd, wouldDrop, taskId: null };
  const task = await board.open({
    stage: 'candidateRecheck',
    kind: 'decision',
    title: `Findings changed: re-check the candidate list (would add ${wouldAdd.length}, would drop ${wouldDrop.length})`,
    route: state.routes.routeFor('caseOfficer'),
    candidateRole: 'caseOfficer',
    allowedOutcomes: ['CANDIDATES_CONFIRMED'],
    limitKey: 'accountabilityDecision',
  });
  if (state.recheck) state.recheck.taskId = task.taskId;
  state.sideWork.push(
    (async () => {
      const decided = await board.awaitOutcome(task);
      state.record({
        stage: state.stage,
        action: 'CANDIDATES_RECHECKED',
        actorId: decided.actorId || null,
        comment: decided.comment,
      });
    })(),
  );
}
