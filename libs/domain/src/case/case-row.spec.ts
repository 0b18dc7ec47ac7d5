import { caseStandingOf, type ChildStanding } from './case-row';

const child = (over: Partial<ChildStanding> = {}): ChildStanding => ({
  stage: 'intake',
  deadlineAt: null,
  overdue: false,
  escalationLevel: 0,
  concluded: false,
  ...over,
});
const none = { stage: 'intake', deadlineAt: null, overdue: false, escalationLevel: 0 };

describe('caseStandingOf', () => {
  it("keeps the violation investigation's stage and takes the nearer deadline and the worse lateness of both halves", () => {
    expect(
      caseStandingOf(
        'violation',
        {
          violation: child({ stage: 'filing', deadlineAt: '2026-05-20T15:59:59.999Z', escalationLevel: 0 }),
          traceBack: child({
            stage: 'candidateConfirmation',
            deadlineAt: '2026-05-10T15:59:59.999Z',
            overdue: true,
            escalationLevel: 2,
          }),
        },
        none,
      ),
    ).toEqual({ stage: 'filing', deadlineAt: '2026-05-10T15:59:59.999Z', overdue: true, escalationLevel: 2 });
  });

  it('shows a late trace-back once the violation investigation concluded', () => {
    expect(
      caseStandingOf(
        'violation',
        {
          violation: child({ stage: 'concluded', concluded: true }),
          traceBack: child({
            stage: 'reviews',
            deadlineAt: '2026-06-01T15:59:59.999Z',
            overdue: true,
            escalationLevel: 1,
          }),
        },
        none,
      ),
    ).toEqual({
      stage: 'awaitingAccountability',
      deadlineAt: '2026-06-01T15:59:59.999Z',
      overdue: true,
      escalationLevel: 1,
    });
  });

  it("takes an accountability-only case's stage from its trace-back", () => {
    expect(caseStandingOf('accountabilityOnly', { traceBack: child({ stage: 'reviews' }) }, none).stage).toBe(
      'reviews',
    );
  });

  it('keeps the current stage until the leading child reported, and has no deadline once both concluded', () => {
    expect(caseStandingOf('violation', { traceBack: child({ stage: 'reviews' }) }, none).stage).toBe('intake');
    expect(
      caseStandingOf(
        'violation',
        { violation: child({ concluded: true }), traceBack: child({ concluded: true, overdue: true }) },
        none,
      ),
    ).toMatchObject({ deadlineAt: null, overdue: false, escalationLevel: 0 });
  });
});
