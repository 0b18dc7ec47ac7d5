import { APPROVAL_ROUTES, approversFor } from './approval-routes';
import { VIOLATION_STAGES, type ParticipantRole, type WorkStage } from './stages';

/** DOMAIN §2 "Approval", transcribed stage by stage: the default route and the one for a committee cadre. */
const DOMAIN_2: Record<WorkStage, [ParticipantRole[], ParticipantRole[]]> = {
  intake: [[], []],
  clueDisposal: [['leaderInCharge'], ['principalLeader']],
  talkOrLetter: [['leaderInCharge'], ['leaderInCharge']],
  preliminaryVerification: [['principalLeader'], ['principalLeader']],
  filing: [['principalLeader'], ['principalLeader', 'partyCommitteePrincipalLeader']],
  investigation: [['leaderInCharge'], ['leaderInCharge']],
  trialReview: [['principalLeader'], ['principalLeader']],
  sanction: [[], []],
  closing: [['leaderInCharge'], ['leaderInCharge']],
  appealReview: [['leaderInCharge'], ['leaderInCharge']],
  reexamination: [['leaderInCharge'], ['leaderInCharge']],
  review: [[], []],
};

describe('approval routes (DOMAIN §2)', () => {
  it('has a route for every stage of the stage graph', () => {
    expect(Object.keys(APPROVAL_ROUTES).sort()).toEqual(Object.keys(VIOLATION_STAGES).sort());
  });

  it.each(Object.entries(DOMAIN_2) as [WorkStage, [ParticipantRole[], ParticipantRole[]]][])(
    '%s: approved by %j, for a cadre of the same-level committee by the second',
    (stage, [plain, committeeCadre]) => {
      expect(approversFor(stage, { subjectManagedBySameLevelCommittee: false })).toEqual(plain);
      expect(approversFor(stage, { subjectManagedBySameLevelCommittee: true })).toEqual(committeeCadre);
    },
  );

  it('has no approvals on a collective decision: the body decides itself', () => {
    for (const def of Object.values(VIOLATION_STAGES).filter((d) => d.collective))
      expect(APPROVAL_ROUTES[def.stage as WorkStage].approvers).toEqual([]);
  });
});
