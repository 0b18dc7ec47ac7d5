import { approversLevelsUp, type ApprovalLadder } from './approval-levels';

const ladder: ApprovalLadder = {
  leaderInChargeId: 'p-lic',
  deputyLeaderIds: ['p-deputy'],
  principalLeaderId: 'p-principal',
  higherCommissionLeaderId: 'p-higher',
  superiorOf: { 'p-officer': 'p-section-head' },
};

describe('approversLevelsUp', () => {
  it('sends a one-level request to the direct superior, then up the leadership', () => {
    expect(approversLevelsUp(ladder, 'p-officer', 1)).toEqual(['p-section-head', 'p-principal', 'p-higher']);
  });

  it('sends a two-level request past the direct superior to the leader in charge', () => {
    expect(approversLevelsUp(ladder, 'p-officer', 2)).toEqual(['p-lic', 'p-principal', 'p-higher']);
  });

  it('counts levels from the leader in charge to the principal leader and the higher commission', () => {
    expect(approversLevelsUp(ladder, 'p-lic', 1)).toEqual(['p-principal', 'p-higher']);
    expect(approversLevelsUp(ladder, 'p-lic', 2)).toEqual(['p-higher']);
  });

  it('without a known superior, an officer’s two levels up is the principal leader', () => {
    expect(approversLevelsUp(ladder, 'p-other-officer', 2)).toEqual(['p-principal', 'p-higher']);
  });

  it('stops at the top of the ladder', () => {
    expect(approversLevelsUp(ladder, 'p-principal', 3)).toEqual(['p-higher']);
  });
});
