import { ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { UNASSESSED_INDICATORS, type CaseStartInput, type ViolationCaseProposal } from '@shuangcha/contracts';
import { VIOLATION_CASE_OPENING } from '@shuangcha/domain/accountability';
import { persist } from '../engine/activities';
import type { ResponsibilityReviewState } from './review-state';

/** DIRECT responsibility leads to a proposed violation case for the person, opened on approval (DOMAIN §4). */
export const DIRECT_VIOLATION_CASE_PATCH = 'investigation-links-direct-violation-case';

/**
 * Opens the principal leader's task and, on APPROVE, the violation case for the person; the review goes on
 * meanwhile (its measures do not wait for the new case). Reviews from before `caseContext` only audit the
 * suggestion: they cannot say where the new case belongs.
 */
export async function proposeViolationCase(state: ResponsibilityReviewState, proposedBy: string): Promise<void> {
  const { board, candidate } = state;
  const context = state.input.caseContext;
  const personId = candidate.personId;
  if (!context || !personId || state.violationCase) {
    await board.audit('VIOLATION_CASE_SUGGESTED', proposedBy, { candidateKey: candidate.candidateKey, personId });
    return;
  }
  await board.audit('VIOLATION_CASE_PROPOSED', proposedBy, { candidateKey: candidate.candidateKey, personId });
  const task = await board.open({
    stage: VIOLATION_CASE_OPENING.stage,
    kind: 'decision',
    title: VIOLATION_CASE_OPENING.title,
    concernsPersonId: personId,
    route: state.routes.routeFor(VIOLATION_CASE_OPENING.approver),
    candidateRole: VIOLATION_CASE_OPENING.approver,
    allowedOutcomes: VIOLATION_CASE_OPENING.outcomes,
    limitKey: VIOLATION_CASE_OPENING.limitKey,
    proposal: { outcome: 'OPEN_VIOLATION_CASE', proposedBy, comment: candidate.candidateKey },
  });
  const proposal: ViolationCaseProposal = {
    status: 'PROPOSED',
    taskId: task.taskId,
    decidedBy: null,
    refusal: null,
    caseId: null,
    caseNo: null,
  };
  state.violationCase = proposal;
  state.sideWork.push(
    (async () => {
      const decided = await board.awaitOutcome(task);
      proposal.decidedBy = decided.actorId || null;
      if (decided.outcome !== 'APPROVE') {
        proposal.status = 'DECLINED';
        proposal.refusal = decided.reason;
        state.record({
          stage: VIOLATION_CASE_OPENING.stage,
          action: 'VIOLATION_CASE_DECLINED',
          actorId: proposal.decidedBy,
          comment: decided.reason ?? '',
        });
        return;
      }
      const requestKey = `${state.workflowId}:violation-case`;
      const opened = await persist.allocateCaseNumber({
        requestKey,
        jurisdictionId: context.jurisdictionId,
        openedBy: decided.actorId,
      });
      const input: CaseStartInput = {
        caseNo: opened.caseNo,
        kind: 'violation',
        unitId: context.unitId,
        jurisdictionId: context.jurisdictionId,
        subjectIds: [personId],
        domains: context.domains,
        misconductIntervals: context.misconductIntervals,
        policyVersion: state.input.policyVersion,
        subjectManagedBySameLevelCommittee: false,
        participants: state.participants,
        indicators: { ...UNASSESSED_INDICATORS },
        openedBy: decided.actorId,
        requestKey,
      };
      // Its own case, not part of this review: it outlives the review and the trace-back.
      await startChild('caseWorkflow', {
        workflowId: opened.caseId,
        args: [input],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
      await persist.linkCases({
        linkKey: requestKey,
        originCaseId: state.caseId,
        openedCaseId: opened.caseId,
        personId,
        reviewWorkflowId: state.workflowId,
      });
      await board.audit('VIOLATION_CASE_OPENED', decided.actorId, {
        candidateKey: candidate.candidateKey,
        openedCaseId: opened.caseId,
        caseNo: opened.caseNo,
      });
      proposal.status = 'OPENED';
      proposal.caseId = opened.caseId;
      proposal.caseNo = opened.caseNo;
      state.record({
        stage: VIOLATION_CASE_OPENING.stage,
        action: 'VIOLATION_CASE_OPENED',
        actorId: decided.actorId,
        comment: opened.caseNo,
      });
    })(),
  );
}
