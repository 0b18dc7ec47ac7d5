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
  trialReview: [
    ['trialReviewer', 'trialOfficeDirector', 'principalLeader'],
    ['trialReviewer', 'trialOfficeDirector', 'principalLeader'],
  ],
  sanction: [[], ['partyCommitteePrincipalLeader']],
  closing: [['leaderInCharge'], ['leaderInCharge']],
  appealReview: [['leaderInCharge'], ['leaderInCharge']],
  reexamination: [['leaderInCharge'], ['leaderInCharge']],
  review: [[], []],
};

describe('approval routes (DOMAIN §2)', () => {
  it('has a route for every stage of the stage graph', () => {
    expect(Object.keys(APPROVAL_ROUTES).sort()).toEqual(Object.keys(VIOLATION_STAGES).sort());
  });

  const facts = (cadre: boolean) => ({ subjectManagedBySameLevelCommittee: cadre });
  const EDGES = (Object.entries(DOMAIN_2) as [WorkStage, [ParticipantRole[], ParticipantRole[]]][]).flatMap(
    ([stage, routes]) =>
      routes.flatMap((route, variant) =>
        route.map(
          (role, i) => [stage, variant === 1 ? 'a committee cadre' : 'an ordinary subject', i + 1, role] as const,
        ),
      ),
  );

  it.each(EDGES)('%s of %s: approval level %d goes to the %s', (stage, subject, level, role) => {
    expect(approversFor(stage, facts(subject === 'a committee cadre'))[level - 1]).toBe(role);
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

  it('has the trial review co-signed by a second reviewer before the director: at least two reviewers (WR art. 55)', () => {
    const route = approversFor('trialReview', { subjectManagedBySameLevelCommittee: false });
    expect(route[0]).toBe(VIOLATION_STAGES.trialReview.proposer);
    expect(route.indexOf('trialOfficeDirector')).toBeGreaterThan(0);
  });

  it('has a committee cadre’s sanction go on from the standing committee to the party committee (WR art. 56)', () => {
    expect(VIOLATION_STAGES.sanction.proposer).toBe('standingCommittee');
    expect(approversFor('sanction', { subjectManagedBySameLevelCommittee: true })).toEqual([
      'partyCommitteePrincipalLeader',
    ]);
  });
});
