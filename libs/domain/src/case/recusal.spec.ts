import { recusalDeciders, separatedRoleOfTask, separationBreach, singleHolderRolesOf } from './recusal';

const holders = {
  caseManagementOfficerId: 'p-cmo',
  caseOfficerId: 'p-officer',
  principalLeaderId: 'p-principal',
  higherCommissionLeaderId: 'p-city',
  trialReviewerIds: ['p-trial-1', 'p-trial-2'],
  appealHandlerId: 'p-appeal',
};

describe('recusal rules (DOMAIN §5)', () => {
  it('names the roles a person holds alone', () => {
    expect(singleHolderRolesOf(holders, 'p-officer')).toEqual(['caseOfficer']);
    expect(singleHolderRolesOf({ ...holders, caseManagementOfficerId: 'p-officer' }, 'p-officer')).toEqual([
      'caseOfficer',
      'caseManagementOfficer',
    ]);
    expect(singleHolderRolesOf(holders, 'p-trial-1')).toEqual([]);
  });

  it('lets the principal leader decide staff recusals and the higher commission decide the principal leader’s', () => {
    expect(recusalDeciders(holders, 'p-officer')).toEqual(['p-principal', 'p-city']);
    expect(recusalDeciders(holders, 'p-principal')).toEqual(['p-city']);
  });

  it('refuses an assignment that makes one person investigator and trial reviewer (WR art. 59)', () => {
    expect(separationBreach(holders, 'investigator', 'p-trial-1')).toEqual({
      personId: 'p-trial-1',
      roles: ['trialReviewer', 'investigator'],
    });
    expect(separationBreach(holders, 'investigator', 'p-new-officer')).toBeNull();
    expect(separationBreach(holders, 'appealHandler', 'p-officer')).not.toBeNull();
  });

  it('maps task roles to the separated roles they give', () => {
    expect(['caseOfficer', 'trialReviewer', 'appealHandler', 'leaderInCharge'].map(separatedRoleOfTask)).toEqual([
      'investigator',
      'trialReviewer',
      'appealHandler',
      null,
    ]);
  });
});
