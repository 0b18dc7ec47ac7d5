import {
  needsExecutionRecord,
  nextReviewStage,
  reviewTaskDefinition,
  type ReviewRouteContext,
  type ReviewStage,
} from './review-stages';

const person: ReviewRouteContext = { target: 'person', determination: 'MAIN_LEADERSHIP', authority: 'commission' };

function walk(ctx: ReviewRouteContext, outcomes: [ReviewStage, string][]): ReviewStage[] {
  return outcomes.map(([stage, outcome]) => nextReviewStage(stage, outcome, ctx));
}

describe('responsibility review stages', () => {
  it('walks a held-accountable review from fact finding to final without an appeal', () => {
    expect(
      walk(person, [
        ['factFinding', 'FACTS_ESTABLISHED'],
        ['hearing', 'HEARD'],
        ['determination', 'MAIN_LEADERSHIP'],
        ['proposal', 'PROPOSED'],
        ['approval', 'APPROVED'],
        ['decision', 'DECIDE'],
        ['noticeServed', 'SERVED'],
        ['appealWindow', 'WINDOW_CLOSED'],
      ]),
    ).toEqual([
      'hearing',
      'determination',
      'proposal',
      'approval',
      'decision',
      'noticeServed',
      'appealWindow',
      'final',
    ]);
  });

  it('goes through appeal review when an appeal is filed in the window', () => {
    expect(nextReviewStage('appealWindow', 'APPEAL_FILED', person)).toBe('appealReview');
    for (const outcome of ['UPHELD', 'AMENDED', 'REVOKED'])
      expect(nextReviewStage('appealReview', outcome, person)).toBe('final');
  });

  it('finalises a NONE determination after approval and sends a returned one back to determination', () => {
    const none: ReviewRouteContext = { ...person, determination: 'NONE', authority: null };
    expect(nextReviewStage('determination', 'NONE', none)).toBe('approval');
    expect(nextReviewStage('approval', 'APPROVED', none)).toBe('final');
    expect(nextReviewStage('approval', 'RETURNED', none)).toBe('determination');
  });

  it('returns a proposal from the approval chain or from the commission vote', () => {
    expect(nextReviewStage('approval', 'RETURNED', person)).toBe('proposal');
    expect(nextReviewStage('decision', 'RETURN', person)).toBe('proposal');
  });

  it('records a managing body that declines as final and one that adopts or amends as a decision to serve', () => {
    const referred: ReviewRouteContext = { ...person, authority: 'managingBody' };
    expect(nextReviewStage('decision', 'DECLINED', referred)).toBe('final');
    expect(nextReviewStage('decision', 'ADOPTED', referred)).toBe('noticeServed');
    expect(nextReviewStage('decision', 'AMENDED', referred)).toBe('noticeServed');
  });

  it('has the commission decide collectively and case management record a managing body’s decision within a month', () => {
    expect(reviewTaskDefinition('decision', person)).toMatchObject({
      proposer: 'standingCommittee',
      collective: true,
      outcomes: ['DECIDE', 'RETURN'],
    });
    expect(reviewTaskDefinition('decision', { ...person, authority: 'managingBody' })).toMatchObject({
      proposer: 'caseManagementOfficer',
      collective: false,
      limitKey: 'orgAdjustmentDone',
      measuresOutcomes: ['AMENDED'],
    });
  });

  it('offers an organization no DIRECT determination and routes appeals to the appeal handler', () => {
    expect(reviewTaskDefinition('determination', { ...person, target: 'organization' }).outcomes).not.toContain(
      'DIRECT',
    );
    expect(reviewTaskDefinition('appealReview', person)).toMatchObject({
      proposer: 'appealHandler',
      approvers: ['leaderInCharge'],
      limitKey: 'accountabilityAppealDecision',
    });
  });

  it('waits in execution after the appeal window or the appeal review while an organisational adjustment is unrecorded', () => {
    const pending: ReviewRouteContext = { ...person, authority: 'managingBody', executionPending: true };
    expect(nextReviewStage('appealWindow', 'WINDOW_CLOSED', pending)).toBe('execution');
    expect(nextReviewStage('appealReview', 'UPHELD', pending)).toBe('execution');
    expect(nextReviewStage('execution', 'EXECUTED', pending)).toBe('final');
    expect(nextReviewStage('appealWindow', 'WINDOW_CLOSED', { ...pending, executionPending: false })).toBe('final');
    expect(needsExecutionRecord({ forms: ['ORG_ADJUSTMENT'] })).toBe(true);
    expect(needsExecutionRecord({ forms: ['CIRCULATE'] })).toBe(false);
  });
});
