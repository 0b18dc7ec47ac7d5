import { separatedAssignmentsOf, separationOfDutiesViolations } from './separation-of-duties';

describe('separationOfDutiesViolations (WR art. 59)', () => {
  const participants = { caseOfficerId: 'p-01', trialReviewerIds: ['p-02', 'p-03'], appealHandlerId: 'p-04' };

  it('finds nothing when investigator, trial reviewers and appeal handler are different people', () => {
    expect(separationOfDutiesViolations(separatedAssignmentsOf(participants))).toEqual([]);
  });

  it('names the person who is both investigator and trial reviewer, with both roles', () => {
    const violations = separationOfDutiesViolations(
      separatedAssignmentsOf({ ...participants, trialReviewerIds: ['p-01', 'p-03'] }),
    );
    expect(violations).toEqual([{ personId: 'p-01', roles: ['investigator', 'trialReviewer'] }]);
  });

  it('names a trial reviewer who would also hear the appeal', () => {
    const violations = separationOfDutiesViolations(
      separatedAssignmentsOf({ ...participants, appealHandlerId: 'p-03' }),
    );
    expect(violations).toEqual([{ personId: 'p-03', roles: ['trialReviewer', 'appealHandler'] }]);
  });

  it('does not count one person named twice in the same role as a breach', () => {
    expect(
      separationOfDutiesViolations(separatedAssignmentsOf({ ...participants, trialReviewerIds: ['p-02', 'p-02'] })),
    ).toEqual([]);
  });
});
