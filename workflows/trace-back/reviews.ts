import { ParentClosePolicy, patched, startChild, uuid4, WorkflowIdReusePolicy } from '@temporalio/workflow';
import type { CandidateEntry } from '@shuangcha/contracts';
import { responsibilityReview } from '../responsibility-review.workflow';
import { snapshotMemberOf } from './candidate-entries';
import type { TraceBackState } from './trace-back-state';

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

/** Starts the candidate's review; its result is kept when it ends. */
export async function startReview(state: TraceBackState, entry: CandidateEntry): Promise<void> {
  const { input } = state;
  const reviewId = reviewWorkflowId(input.caseId, entry.candidateKey);
  state.reviews.set(entry.candidateKey, {
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
      ? state.candidates.filter(
          (c) => c.target === 'person' && snapshotMemberOf(state.snapshot, c.personId, entry.organizationBodyId),
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
        participants: state.participants,
        conflicts: state.familyConflicts(),
        candidate: entry,
        memberReviews,
        ...(input.jurisdictionId && {
          caseContext: {
            unitId: input.unitId,
            jurisdictionId: input.jurisdictionId,
            domains: state.findings.domains,
            misconductIntervals: state.findings.misconductIntervals,
          },
        }),
      },
    ],
  });
  state.handles.set(entry.candidateKey, handle);
  await state.board.audit('RESPONSIBILITY_REVIEW_STARTED', null, { candidateKey: entry.candidateKey, reviewId });
  state.sideWork.push(
    handle.result().then((reviewResult) => {
      state.results.set(entry.candidateKey, reviewResult);
      const known = state.reviews.get(entry.candidateKey);
      if (known)
        state.reviews.set(entry.candidateKey, {
          ...known,
          stage: 'final',
          final: true,
          deadlineAt: null,
          overdue: false,
          escalationLevel: 0,
        });
      state.handles.delete(entry.candidateKey);
      state.record({
        stage: 'reviews',
        action: 'REVIEW_FINAL',
        actorId: null,
        outcome: reviewResult.determination,
        comment: entry.candidateKey,
      });
    }),
  );
}
