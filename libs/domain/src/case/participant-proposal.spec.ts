import sampleOrg from '../../../../infra/seed/sample-org.json';
import { type OrgSnapshot, parseOrgSnapshot } from '../org';
import { participantProblems } from './participant-check';
import {
  participantsFromProposal,
  proposeParticipants,
  type ParticipantProposal,
  type ProposedRole,
} from './participant-proposal';

function sample(): OrgSnapshot {
  const parsed = parseOrgSnapshot(sampleOrg);
  if ('problems' in parsed) throw new Error(JSON.stringify(parsed.problems));
  return parsed.snapshot;
}

const ON = '2026-06-01';
const holders = (proposal: ParticipantProposal) =>
  Object.fromEntries(
    proposal.roles.map((r) => [r.role, r.unfilledReason === null ? r.persons.map((p) => p.personId) : null]),
  ) as Record<ProposedRole, string[] | null>;
const entry = (proposal: ParticipantProposal, role: ProposedRole) => proposal.roles.find((r) => r.role === role)!;

describe('proposeParticipants on the sample org', () => {
  const snapshot = sample();

  it('fills a county case from the county commission, with the city commission above it, and leaves the investigator to choose', () => {
    const proposal = proposeParticipants(snapshot, {
      unitId: 'u-county-health',
      jurisdictionId: 'u-county-committee',
      on: ON,
      openerId: 'p-0032',
    });
    expect(proposal).toMatchObject({
      commissionBodyId: 'b-county-commission',
      higherCommissionBodyId: 'b-city-commission',
    });
    expect(holders(proposal)).toEqual({
      caseManagementOfficer: ['p-0032'],
      leaderInCharge: ['p-0026'],
      principalLeader: ['p-0025'],
      deputyLeaders: ['p-0027'],
      trialReviewers: ['p-0033', 'p-0030'],
      standingCommittee: ['p-0025', 'p-0026', 'p-0027'],
      appealHandler: ['p-0034'],
      higherCommissionLeader: ['p-0003'],
      higherCommissionCaseManagement: ['p-0006'],
      caseOfficer: null,
    });
    expect(proposal.investigatorCandidates.map((c) => c.personId)).toEqual(['p-0028', 'p-0029']);
    expect(entry(proposal, 'caseOfficer').unfilledReason).toContain('choose one');
  });

  it('says why each person fills a role: the post held, and the portfolio for the leader in charge', () => {
    const proposal = proposeParticipants(snapshot, {
      unitId: 'u-county-health',
      jurisdictionId: 'u-county-committee',
      on: ON,
    });
    expect(entry(proposal, 'leaderInCharge').persons[0]).toEqual({
      personId: 'p-0026',
      positionId: 'pos-kcm-deputy',
      bodyId: 'b-county-commission',
      positionRole: 'disciplineDeputy',
      title: '县纪委副书记、县监委副主任',
      acting: false,
      portfolioDomain: 'u-county-committee',
    });
    expect(entry(proposal, 'principalLeader').persons[0]).toMatchObject({
      positionId: 'pos-kcm-secretary',
      title: '县纪委书记、县监委主任',
    });
    // Not the opener's post: the commission's only case-management officer.
    expect(holders(proposal).caseManagementOfficer).toEqual(['p-0032']);
  });

  it('fills a city case from the city commission with the provincial commission above it, and its only investigator', () => {
    const proposal = proposeParticipants(snapshot, {
      unitId: 'u-city-housing',
      jurisdictionId: 'u-city-committee',
      on: ON,
      openerId: 'p-0007',
    });
    expect(holders(proposal)).toEqual({
      caseManagementOfficer: ['p-0007'],
      leaderInCharge: ['p-0004'],
      principalLeader: ['p-0003'],
      deputyLeaders: ['p-0005'],
      trialReviewers: ['p-0008', 'p-0009'],
      standingCommittee: ['p-0003', 'p-0004', 'p-0005'],
      appealHandler: ['p-0046'],
      higherCommissionLeader: ['p-0044'],
      higherCommissionCaseManagement: ['p-0045'],
      caseOfficer: ['p-0010'],
    });
  });

  it('reports the roles an enterprise commission cannot fill as unfilled instead of guessing', () => {
    const proposal = proposeParticipants(snapshot, { unitId: 'u-city-ctig', jurisdictionId: 'u-city-ctig', on: ON });
    expect(proposal.commissionBodyId).toBe('b-ctig-dc');
    const open = proposal.roles.filter((r) => r.unfilledReason !== null).map((r) => r.role);
    expect(open).toEqual(
      expect.arrayContaining([
        'caseManagementOfficer',
        'leaderInCharge',
        'trialReviewers',
        'appealHandler',
        'caseOfficer',
      ]),
    );
    expect(holders(proposal).principalLeader).toEqual(['p-0020']);
    expect(participantsFromProposal(proposal)).toEqual({
      gaps: expect.arrayContaining([expect.objectContaining({ role: 'trialReviewers' })]),
    });
  });

  it('uses only posts current on the date: before the county secretary took office the post is unfilled', () => {
    const proposal = proposeParticipants(snapshot, {
      unitId: 'u-county-health',
      jurisdictionId: 'u-county-committee',
      on: '2019-01-15',
    });
    expect(entry(proposal, 'principalLeader')).toMatchObject({ persons: [], unfilledReason: expect.any(String) });
  });

  it('never proposes a subject of the case', () => {
    const proposal = proposeParticipants(snapshot, {
      unitId: 'u-county-health',
      jurisdictionId: 'u-county-committee',
      on: ON,
      subjectIds: ['p-0028'],
    });
    expect(holders(proposal).caseOfficer).toEqual(['p-0029']);
  });

  it('tells a cadre of the same-level committee by ManagedBy and proposes that committee’s secretary (DOMAIN §2)', () => {
    const request = { unitId: 'u-county-health', jurisdictionId: 'u-county-committee', on: ON };
    const cadre = proposeParticipants(snapshot, { ...request, subjectIds: ['p-0036'] });
    expect(cadre.committeeCadre).toEqual({
      subjectManagedBySameLevelCommittee: true,
      partyCommitteePrincipalLeader: expect.objectContaining({ personId: 'p-0024', positionRole: 'secretary' }),
      unfilledReason: null,
    });
    expect(participantsFromProposal(cadre, 'p-0028')).toMatchObject({
      participants: { partyCommitteePrincipalLeaderId: 'p-0024' },
    });
    const ordinary = proposeParticipants(snapshot, { ...request, subjectIds: ['p-0041'] });
    expect(ordinary.committeeCadre.subjectManagedBySameLevelCommittee).toBe(false);
    expect(participantsFromProposal(ordinary, 'p-0028')).not.toMatchObject({
      participants: { partyCommitteePrincipalLeaderId: expect.anything() },
    });
  });

  it('answers an unknown jurisdiction with every role unfilled', () => {
    const proposal = proposeParticipants(snapshot, { unitId: 'u-x', jurisdictionId: 'u-nowhere', on: ON });
    expect(proposal.roles.every((r) => r.unfilledReason?.includes('u-nowhere'))).toBe(true);
  });

  it('builds participants from the proposal once the opener picks the investigator', () => {
    const proposal = proposeParticipants(snapshot, {
      unitId: 'u-county-health',
      jurisdictionId: 'u-county-committee',
      on: ON,
      openerId: 'p-0032',
    });
    expect(participantsFromProposal(proposal)).toEqual({
      gaps: [{ role: 'caseOfficer', reason: expect.stringContaining('choose one') }],
    });
    expect(participantsFromProposal(proposal, 'p-0029')).toEqual({
      participants: {
        caseManagementOfficerId: 'p-0032',
        caseOfficerId: 'p-0029',
        leaderInChargeId: 'p-0026',
        principalLeaderId: 'p-0025',
        deputyLeaderIds: ['p-0027'],
        higherCommissionLeaderId: 'p-0003',
        higherCommissionCaseManagementId: 'p-0006',
        trialReviewerIds: ['p-0033', 'p-0030'],
        trialOfficeDirectorId: 'p-0033',
        standingCommitteeIds: ['p-0025', 'p-0026', 'p-0027'],
        appealHandlerId: 'p-0034',
        superiorOf: {},
      },
    });
  });
});

describe('participantProblems on the sample org', () => {
  const snapshot = sample();
  const county = () => {
    const proposal = proposeParticipants(snapshot, {
      unitId: 'u-county-health',
      jurisdictionId: 'u-county-committee',
      on: ON,
      openerId: 'p-0032',
    });
    const built = participantsFromProposal(proposal, 'p-0028');
    if (!('participants' in built)) throw new Error(JSON.stringify(built.gaps));
    return {
      unitId: 'u-county-health',
      jurisdictionId: 'u-county-committee',
      on: ON,
      subjectIds: ['p-0041'],
      participants: built.participants,
    };
  };

  it('accepts the proposed county participants', () => {
    expect(participantProblems(snapshot, county())).toEqual([]);
  });

  it('names a person who does not exist, a person of another commission and a subject, each at its role', () => {
    const input = county();
    input.participants.caseOfficerId = 'p-0201';
    input.participants.principalLeaderId = 'p-0003';
    input.participants.appealHandlerId = 'p-0041';
    input.participants.higherCommissionLeaderId = 'p-0025';
    expect(participantProblems(snapshot, input)).toEqual([
      { path: 'participants.caseOfficerId', message: 'p-0201 is not a person of the org model' },
      { path: 'participants.principalLeaderId', message: expect.stringContaining('b-county-commission') },
      { path: 'participants.appealHandlerId', message: expect.stringContaining('is a subject of the case') },
      { path: 'participants.higherCommissionLeaderId', message: expect.stringContaining('b-city-commission') },
    ]);
  });

  it('refuses one person as investigator and trial reviewer (WR art. 59), naming both roles', () => {
    const input = county();
    input.participants.trialReviewerIds = ['p-0033', 'p-0028'];
    const problems = participantProblems(snapshot, input);
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'participants.caseOfficerId', message: expect.stringContaining('WR art. 59') },
        { path: 'participants.trialReviewerIds', message: expect.stringContaining('WR art. 59') },
      ]),
    );
  });

  it('requires subjects to be persons of the org model and the unit to lie in the jurisdiction', () => {
    const input = { ...county(), subjectIds: ['p-0041', 'p-nobody'], unitId: 'u-city-housing' };
    expect(participantProblems(snapshot, input)).toEqual([
      { path: 'subjectIds.1', message: 'p-nobody is not a person of the org model' },
      { path: 'unitId', message: 'u-city-housing is outside jurisdiction u-county-committee' },
    ]);
  });

  it('refuses a post that ended before the opening date', () => {
    const input = { ...county(), on: '2018-06-01' };
    expect(participantProblems(snapshot, input).map((p) => p.path)).toEqual(
      expect.arrayContaining(['participants.principalLeaderId', 'participants.caseManagementOfficerId']),
    );
  });
});
