import { dualInvestigationClosedReason } from './dual-investigation';

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
