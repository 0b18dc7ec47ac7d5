import type { CaseStartInput, Participants } from '../../libs/contracts/src';

/** People of the builder's commission; opaque ids as the workflows see them. */
export const PEOPLE = {
  caseManagementOfficer: 'p-cmo-1',
  caseOfficer: 'p-officer-ma',
  /** The case officer's second on the team of preliminary verification and investigation (DOMAIN §2). */
  teamMember: 'p-officer-qian',
  leaderInCharge: 'p-deputy-wang',
  deputy2: 'p-deputy-zhou',
  principalLeader: 'p-secretary-gao',
  higherCommissionLeader: 'p-city-leader',
  higherCommissionCaseManagement: 'p-city-cmo',
  trialReviewers: ['p-trial-tang', 'p-trial-lin'],
  trialOfficeDirector: 'p-trial-director-qin',
  standingCommittee: ['p-secretary-gao', 'p-deputy-wang', 'p-deputy-zhou', 'p-member-xu', 'p-member-he'],
  appealHandler: 'p-appeal-song',
  partyCommitteeSecretary: 'p-county-secretary-luo',
  officerSuperior: 'p-section-head-li',
  subject: 'p-subject-zhang',
  outsider: 'p-outsider',
} as const;

let sequence = 0;
/**
 * Test files share one Temporal server, which never reuses a case's workflow id, and run one after another.
 * Numbering from a clock that advances 10 per second gives each file its own run of numbers (a file would
 * have to open more cases than 10 x the seconds between two file starts to meet the next one's), where a
 * random two-digit suffix made two files' first cases collide.
 */
const firstNumber = Math.floor(Date.now() / 100) % 1_000_000;

export class CaseBuilder {
  private input: CaseStartInput;

  constructor() {
    sequence += 1;
    const participants: Participants = {
      caseManagementOfficerId: PEOPLE.caseManagementOfficer,
      caseOfficerId: PEOPLE.caseOfficer,
      leaderInChargeId: PEOPLE.leaderInCharge,
      principalLeaderId: PEOPLE.principalLeader,
      deputyLeaderIds: [PEOPLE.deputy2],
      higherCommissionLeaderId: PEOPLE.higherCommissionLeader,
      higherCommissionCaseManagementId: PEOPLE.higherCommissionCaseManagement,
      trialReviewerIds: [...PEOPLE.trialReviewers],
      trialOfficeDirectorId: PEOPLE.trialOfficeDirector,
      standingCommitteeIds: [...PEOPLE.standingCommittee],
      appealHandlerId: PEOPLE.appealHandler,
      superiorOf: { [PEOPLE.caseOfficer]: PEOPLE.officerSuperior },
    };
    this.input = {
      caseNo: `2026-${String((firstNumber + sequence) % 1_000_000).padStart(6, '0')}`,
      kind: 'violation',
      unitId: 'u-unit-a',
      jurisdictionId: 'u-county-x',
      subjectIds: [PEOPLE.subject],
      domains: ['procurement'],
      misconductIntervals: [{ from: '2022-01-01', to: '2024-06-30' }],
      policyVersion: 'dom-2026.1',
      subjectManagedBySameLevelCommittee: false,
      participants,
      indicators: {
        expectedSanctionAtLeastProbation: true,
        crimeSuspected: false,
        subjectIsTeamMember: false,
        personsInvestigatedInUnit: 1,
        misconductMonths: 30,
        ignoredComplaints: 2,
        inspectionFindingsUnrectified: false,
      },
      openedBy: PEOPLE.caseManagementOfficer,
      requestKey: `req-${sequence}-${Date.now()}`,
    };
  }

  withCaseNo(caseNo: string): this {
    this.input = { ...this.input, caseNo };
    return this;
  }
  withPolicy(policyVersion: string): this {
    this.input = { ...this.input, policyVersion };
    return this;
  }
  /** The lead was received on this Shanghai date (date of record), before the case was registered. */
  withLeadReceivedOn(leadReceivedOn: string): this {
    this.input = { ...this.input, leadReceivedOn };
    return this;
  }
  /** The subject is a cadre of the same-level committee, whose principal leader then approves the filing too. */
  ofCommitteeCadre(partyCommitteePrincipalLeaderId = PEOPLE.partyCommitteeSecretary): this {
    this.input = {
      ...this.input,
      subjectManagedBySameLevelCommittee: true,
      participants: { ...this.input.participants, partyCommitteePrincipalLeaderId },
    };
    return this;
  }
  accountabilityOnly(): this {
    this.input = { ...this.input, kind: 'accountabilityOnly' };
    return this;
  }
  /** Where the misconduct happened and what the trace-back should look for (ids of infra/seed/sample-org.json). */
  withMisconduct(
    unitId: string,
    subjectIds: string[],
    misconductIntervals: { from: string; to: string }[],
    domains: string[],
  ): this {
    this.input = { ...this.input, unitId, subjectIds, misconductIntervals, domains };
    return this;
  }
  /** Scenario A of DOMAIN §9 on the sample org: Section Chief Zhang's procurement kickbacks at the county health bureau. */
  inScenarioA(): this {
    return this.withMisconduct(
      'u-county-health',
      ['p-0041'],
      [{ from: '2022-01-01', to: '2024-06-30' }],
      ['procurement'],
    );
  }
  withParticipants(patch: Partial<Participants>): this {
    this.input = { ...this.input, participants: { ...this.input.participants, ...patch } };
    return this;
  }
  build(): CaseStartInput {
    return structuredClone(this.input);
  }
}

export const aCase = (): CaseBuilder => new CaseBuilder();
