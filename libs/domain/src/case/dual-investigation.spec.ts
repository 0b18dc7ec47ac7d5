import { dualInvestigationClosedReason, sameTraceBackPeriod } from './dual-investigation';

describe('dualInvestigationClosedReason', () => {
  it.each(['intake', 'filing', 'investigation', 'trialReview', 'sanction', 'traceBack'])(
    'lets one case, two investigations be decided in stage %s',
    (stage) => {
      expect(dualInvestigationClosedReason('OPEN', stage)).toBeNull();
    },
  );

  it.each(['closing', 'awaitingAccountability'])('refuses a decision once the case is in %s', (stage) => {
    expect(dualInvestigationClosedReason('OPEN', stage)).toMatch(/until closing/);
  });

  it('refuses a decision on a closed case', () => {
    expect(dualInvestigationClosedReason('CLOSED', 'closed')).toMatch(/closed/);
  });
});

describe('sameTraceBackPeriod', () => {
  const filed = [{ from: '2022-01-01', to: '2024-06-30' }];

  it('matches a period sharing at least one day with the filed trace-back', () => {
    expect(sameTraceBackPeriod(filed, [{ from: '2024-06-30', to: '2025-03-31' }])).toBe(true);
  });

  it('does not match a period after the filed one', () => {
    expect(sameTraceBackPeriod(filed, [{ from: '2024-07-01', to: '2025-03-31' }])).toBe(false);
  });

  it('matches nothing when either side has no period', () => {
    expect(sameTraceBackPeriod([], filed)).toBe(false);
    expect(sameTraceBackPeriod(filed, [])).toBe(false);
  });
});
