import sampleOrg from '../../../../infra/seed/sample-org.json';
import { aCountyUnit, anOrgSnapshot } from '../org/org-snapshot.builder';
import { type OrgSnapshot, overlapDays, parseOrgSnapshot } from '../org';
import { responsibilityTraceBack } from './responsibility-trace-back';
import type { Candidate, TraceBackInput } from './trace-back-candidate';

function loadSampleOrg(): OrgSnapshot {
  const parsed = parseOrgSnapshot(sampleOrg);
  if (!('snapshot' in parsed)) throw new Error(JSON.stringify(parsed.problems));
  return parsed.snapshot;
}

function traceBack(snapshot: OrgSnapshot, input: Partial<TraceBackInput> & Pick<TraceBackInput, 'unitId'>) {
  return responsibilityTraceBack(
    {
      misconductIntervals: [],
      domains: [],
      subjectIds: [],
      options: { minOverlapDays: 90, tracebackLevels: 1 },
      ...input,
    },
    snapshot,
  );
}

function summary(candidates: readonly Candidate[]): string[] {
  return candidates.map((c) => `${c.rule}:${c.personId ?? c.organizationBodyId}:${c.suggestedType}`);
}

function personCandidate(candidates: readonly Candidate[], personId: string, rule?: string): Candidate | undefined {
  return candidates.find((c) => c.personId === personId && (rule === undefined || c.rule === rule));
}

describe('responsibilityTraceBack on the sample org', () => {
  const snapshot = loadSampleOrg();

  describe('scenario A: procurement kickbacks by Section Chief Zhang in Unit A (县卫健局)', () => {
    const result = traceBack(snapshot, {
      unitId: 'u-county-health',
      misconductIntervals: [{ from: '2022-01-01', to: '2024-06-30' }],
      domains: ['procurement'],
      subjectIds: ['p-0041'],
    });

    it('names the party group, the resident discipline group, Li, Chen, Sun and Zhao, and nobody else', () => {
      expect(result.problems).toEqual([]);
      expect(summary(result.candidates)).toEqual([
        'ORGANIZATION_PRIMARY:b-health-pg:MAIN_LEADERSHIP',
        'ORGANIZATION_SUPERVISORY:b-county-dg3:MAIN_LEADERSHIP',
        'PARTY_SECRETARY:p-0036:MAIN_LEADERSHIP',
        'PORTFOLIO_IN_CHARGE:p-0037:MAIN_LEADERSHIP',
        'DECISION_ATTENDEE:p-0038:IMPORTANT_LEADERSHIP',
        'DISCIPLINE_HEAD:p-0040:MAIN_LEADERSHIP',
      ]);
    });

    it('assigns primary responsibility to the party side and supervisory responsibility to the discipline side', () => {
      const byRule = Object.fromEntries(result.candidates.map((c) => [c.rule, c.responsibility]));
      expect(byRule).toEqual({
        ORGANIZATION_PRIMARY: 'primaryResponsibility',
        ORGANIZATION_SUPERVISORY: 'supervisoryResponsibility',
        PARTY_SECRETARY: 'primaryResponsibility',
        PORTFOLIO_IN_CHARGE: 'primaryResponsibility',
        DECISION_ATTENDEE: 'primaryResponsibility',
        DISCIPLINE_HEAD: 'supervisoryResponsibility',
      });
    });

    it('flags Sun for exemption because her dissent on the procurement decision is on record', () => {
      const sun = personCandidate(result.candidates, 'p-0038');
      expect(sun).toMatchObject({ exemptionHint: 'DISSENT_RECORDED', decisionIds: ['md-0001'] });
      expect(sun?.reason).toContain('集体决策');
      expect(personCandidate(result.candidates, 'p-0036')?.exemptionHint).toBeUndefined();
    });

    it('does not list Chen a second time as a decision attendee, since he is already main leader in charge', () => {
      expect(result.candidates.filter((c) => c.personId === 'p-0037').map((c) => c.rule)).toEqual([
        'PORTFOLIO_IN_CHARGE',
      ]);
    });

    it('leaves out the subject Zhang', () => {
      expect(result.candidates.some((c) => c.personId === 'p-0041')).toBe(false);
    });

    it('routes every decision to the county committee without a referral', () => {
      for (const c of result.candidates.filter((c) => c.target === 'person')) {
        expect({ personId: c.personId, decidingBodyId: c.decidingBodyId, referral: c.referral }).toEqual({
          personId: c.personId,
          decidingBodyId: 'b-county-committee',
          referral: false,
        });
      }
    });

    it('measures Chen from the start of his procurement portfolio within the period', () => {
      expect(personCandidate(result.candidates, 'p-0037')).toMatchObject({
        overlapDays: overlapDays({ from: '2022-01-01', to: '2024-06-30' }, { from: '2022-01-01', to: '2024-06-30' }),
        periods: [
          { bodyId: 'b-health-pg', positionId: 'pos-health-member', from: '2019-06-01', to: null, acting: false },
        ],
      });
    });
  });

  describe('scenario B: the secretary of Unit B changed during the misconduct', () => {
    const result = traceBack(snapshot, {
      unitId: 'u-county-natres',
      misconductIntervals: [{ from: '2019-03-01', to: '2021-06-30' }],
      domains: ['landSupply'],
    });
    const li = personCandidate(result.candidates, 'p-0042', 'PARTY_SECRETARY');
    const qian = personCandidate(result.candidates, 'p-0043', 'PARTY_SECRETARY');

    it('lists both the secretary of the time, Li (about 22 months), and his successor Qian (about 6 months)', () => {
      expect(li?.overlapDays).toBe(
        overlapDays({ from: '2019-03-01', to: '2020-12-31' }, { from: '2019-03-01', to: null }),
      );
      expect(li?.overlapDays).toBeGreaterThanOrEqual(660);
      expect(qian?.overlapDays).toBe(177);
      expect(li?.suggestedType).toBe('MAIN_LEADERSHIP');
      expect(qian?.suggestedType).toBe('MAIN_LEADERSHIP');
    });

    it('reports only Li’s tenure in Unit B, not his later post in Unit C', () => {
      expect(li?.periods).toEqual([
        {
          bodyId: 'b-natres-pg',
          positionId: 'pos-natres-secretary',
          from: '2016-09-01',
          to: '2020-12-31',
          acting: false,
        },
      ]);
    });

    it('sends Li’s case to the City Committee, his current managing body, as a referral', () => {
      expect(li).toMatchObject({ decidingBodyId: 'b-city-committee', referral: true });
      expect(qian).toMatchObject({ decidingBodyId: 'b-county-committee', referral: false });
    });
  });

  describe('scenario C: Feng supervised Unit D (市城投集团)', () => {
    const result = traceBack(snapshot, {
      unitId: 'u-city-ctig',
      misconductIntervals: [{ from: '2022-03-01', to: '2023-12-31' }],
      domains: ['construction'],
      subjectIds: ['p-0022'],
      handlingCommissionBodyId: 'b-county-commission',
    });

    it('names discipline secretary Feng as a supervisory candidate referred to the city', () => {
      expect(personCandidate(result.candidates, 'p-0020', 'DISCIPLINE_HEAD')).toMatchObject({
        responsibility: 'supervisoryResponsibility',
        bodyId: 'b-ctig-dc',
        decidingBodyId: 'b-city-committee',
        referral: true,
      });
    });

    it('counts the company’s own discipline commission as its supervisor', () => {
      expect(summary(result.candidates)).toContain('ORGANIZATION_SUPERVISORY:b-ctig-dc:MAIN_LEADERSHIP');
    });
  });

  it('sends responsibility of a division without its own party body up to the bureau’s party group', () => {
    const result = traceBack(snapshot, {
      unitId: 'u-city-housing-tender',
      misconductIntervals: [{ from: '2021-01-01', to: '2021-12-31' }],
      domains: ['procurement'],
    });
    expect(result.candidates[0]).toMatchObject({ rule: 'ORGANIZATION_PRIMARY', organizationBodyId: 'b-housing-pg' });
    expect(result.candidates[0].reason).toContain('no party committee or group (党委/党组) of its own');
    expect(summary(result.candidates)).toEqual([
      'ORGANIZATION_PRIMARY:b-housing-pg:MAIN_LEADERSHIP',
      'ORGANIZATION_SUPERVISORY:b-city-dg2:MAIN_LEADERSHIP',
      'PARTY_SECRETARY:p-0012:MAIN_LEADERSHIP',
      'PORTFOLIO_IN_CHARGE:p-0014:MAIN_LEADERSHIP',
      'DECISION_ATTENDEE:p-0015:IMPORTANT_LEADERSHIP',
      'DISCIPLINE_HEAD:p-0016:MAIN_LEADERSHIP',
      'DISCIPLINE_DEPUTY:p-0017:MAIN_LEADERSHIP',
    ]);
  });

  it('keeps a leader who moved to another bureau and adds the successor in charge and the new secretary', () => {
    const result = traceBack(snapshot, {
      unitId: 'u-city-housing',
      misconductIntervals: [{ from: '2022-01-01', to: '2023-12-31' }],
      domains: ['procurement'],
    });
    const inCharge = result.candidates.filter((c) => c.rule === 'PORTFOLIO_IN_CHARGE');
    expect(inCharge.map((c) => [c.personId, c.overlapDays])).toEqual([
      ['p-0014', 365],
      ['p-0015', 365],
    ]);
    expect(personCandidate(inCharge, 'p-0014')?.periods).toEqual([
      { bodyId: 'b-housing-pg', positionId: 'pos-hpg-member', from: '2019-01-01', to: '2022-12-31', acting: false },
    ]);
    const secretaries = result.candidates.filter((c) => c.rule === 'PARTY_SECRETARY');
    expect(secretaries.map((c) => [c.personId, c.overlapDays])).toEqual([
      ['p-0012', 608],
      ['p-0013', 122],
    ]);
  });
});

describe('responsibilityTraceBack rules', () => {
  const period = { from: '2022-01-01', to: '2022-12-31' };

  it('includes a holder whose overlap equals minOverlapDays and drops one with a day less', () => {
    const snapshot = aCountyUnit()
      .withTenure('p-exact', 'pos-a-secretary', '2022-01-01', '2022-03-31')
      .withTenure('p-short', 'pos-a-secretary', '2022-04-01', '2022-06-28')
      .build();
    const result = responsibilityTraceBack(
      {
        unitId: 'u-a',
        misconductIntervals: [period],
        domains: [],
        subjectIds: [],
        options: { minOverlapDays: 90, tracebackLevels: 1 },
      },
      snapshot,
    );
    const secretaries = result.candidates.filter((c) => c.rule === 'PARTY_SECRETARY');
    expect(secretaries.map((c) => [c.personId, c.overlapDays])).toEqual([['p-exact', 90]]);
  });

  it('counts acting tenures and says so in the reason', () => {
    const snapshot = aCountyUnit().withTenure('p-acting', 'pos-a-secretary', '2022-01-01', null, true).build();
    const result = responsibilityTraceBack(
      {
        unitId: 'u-a',
        misconductIntervals: [period],
        domains: [],
        subjectIds: [],
        options: { minOverlapDays: 30, tracebackLevels: 1 },
      },
      snapshot,
    );
    const acting = personCandidate(result.candidates, 'p-acting', 'PARTY_SECRETARY');
    expect(acting?.overlapDays).toBe(365);
    expect(acting?.reason).toContain('acting (代理)');
  });

  it('merges two tenures of one secretary into one candidate with both periods and summed overlap', () => {
    const snapshot = aCountyUnit()
      .withTenure('p-back', 'pos-a-secretary', '2021-01-01', '2022-03-31')
      .withTenure('p-gap', 'pos-a-secretary', '2022-04-01', '2022-08-31', true)
      .withTenure('p-back', 'pos-a-secretary', '2022-09-01', null)
      .build();
    const result = responsibilityTraceBack(
      {
        unitId: 'u-a',
        misconductIntervals: [period],
        domains: [],
        subjectIds: [],
        options: { minOverlapDays: 1, tracebackLevels: 1 },
      },
      snapshot,
    );
    const back = result.candidates.filter((c) => c.personId === 'p-back');
    expect(back).toHaveLength(1);
    expect(back[0].overlapDays).toBe(90 + 122);
    expect(back[0].periods.map((p) => p.from)).toEqual(['2021-01-01', '2022-09-01']);
  });

  it('counts overlapping misconduct intervals once', () => {
    const snapshot = aCountyUnit().withTenure('p-s', 'pos-a-secretary', '2020-01-01', null).build();
    const result = responsibilityTraceBack(
      {
        unitId: 'u-a',
        misconductIntervals: [
          { from: '2022-01-01', to: '2022-06-30' },
          { from: '2022-04-01', to: '2022-12-31' },
        ],
        domains: [],
        subjectIds: [],
        options: { minOverlapDays: 1, tracebackLevels: 1 },
      },
      snapshot,
    );
    expect(personCandidate(result.candidates, 'p-s')?.overlapDays).toBe(365);
  });

  it('holds discipline heads responsible only while their body supervised the unit', () => {
    const snapshot = aCountyUnit()
      .withBody('b-other-dg', 'u-commission', 'disciplineGroup')
      .withPosition('pos-other-head', 'b-other-dg', 'disciplineSecretary')
      .withSupervision('b-other-dg', 'u-a', '2022-10-01', null)
      .withTenure('p-other-head', 'pos-other-head', '2015-01-01', null)
      .withTenure('p-deputy', 'pos-a-dg-deputy', '2022-07-01', null)
      .build();
    const result = responsibilityTraceBack(
      {
        unitId: 'u-a',
        misconductIntervals: [period],
        domains: [],
        subjectIds: [],
        options: { minOverlapDays: 1, tracebackLevels: 1 },
      },
      snapshot,
    );
    expect(personCandidate(result.candidates, 'p-other-head')).toMatchObject({
      rule: 'DISCIPLINE_HEAD',
      overlapDays: 92,
      bodyId: 'b-other-dg',
    });
    expect(personCandidate(result.candidates, 'p-deputy')).toMatchObject({
      rule: 'DISCIPLINE_DEPUTY',
      overlapDays: 184,
    });
  });

  it('ignores decisions outside the period or the domains and lists a partial dissenter without the hint', () => {
    const snapshot = aCountyUnit()
      .withTenure('p-m', 'pos-a-member', '2020-01-01', null)
      .withTenure('p-off', 'pos-a-member', '2020-01-01', null)
      .withDecision({
        id: 'md-in-1',
        bodyId: 'b-a-pg',
        date: '2022-02-01',
        domain: 'procurement',
        attendees: ['p-m'],
        dissent: ['p-m'],
      })
      .withDecision({
        id: 'md-in-2',
        bodyId: 'b-a-pg',
        date: '2022-05-01',
        domain: 'procurement',
        attendees: ['p-m'],
        dissent: [],
      })
      .withDecision({
        id: 'md-late',
        bodyId: 'b-a-pg',
        date: '2023-02-01',
        domain: 'procurement',
        attendees: ['p-off'],
        dissent: [],
      })
      .withDecision({
        id: 'md-other',
        bodyId: 'b-a-pg',
        date: '2022-05-01',
        domain: 'personnel',
        attendees: ['p-off'],
        dissent: [],
      })
      .build();
    const result = responsibilityTraceBack(
      {
        unitId: 'u-a',
        misconductIntervals: [period],
        domains: ['procurement'],
        subjectIds: [],
        options: { minOverlapDays: 1, tracebackLevels: 1 },
      },
      snapshot,
    );
    const attendees = result.candidates.filter((c) => c.rule === 'DECISION_ATTENDEE');
    expect(attendees.map((c) => c.personId)).toEqual(['p-m']);
    expect(attendees[0].decisionIds).toEqual(['md-in-1', 'md-in-2']);
    expect(attendees[0].exemptionHint).toBeUndefined();
    expect(attendees[0].reason).toContain('Dissent recorded in md-in-1 only');
  });

  describe('when a subject is a team member', () => {
    const snapshot = aCountyUnit()
      .withUnit('u-city', null, 'partyCommittee')
      .withBody('b-city', 'u-city', 'partyCommittee')
      .withUnit('u-city-commission', 'u-city', 'disciplineCommission')
      .withBody('b-city-commission', 'u-city-commission', 'disciplineCommission')
      .withSupervision('b-city-commission', 'u-city', '2000-01-01', null)
      .build();
    const rebuilt: OrgSnapshot = {
      ...snapshot,
      units: snapshot.units.map((u) => (u.id === 'u-county' ? { ...u, parentId: 'u-city' } : u)),
      tenures: [{ personId: 'p-subject', positionId: 'pos-a-member', from: '2019-01-01', to: null, acting: false }],
      managedBy: [{ personId: 'p-subject', bodyId: 'b-county', from: '2019-01-01', to: null }],
      persons: [...snapshot.persons, { id: 'p-subject', displayName: 'Subject' }],
    };
    const run = (tracebackLevels: number) =>
      responsibilityTraceBack(
        {
          unitId: 'u-a',
          misconductIntervals: [period],
          domains: [],
          subjectIds: ['p-subject'],
          options: { minOverlapDays: 1, tracebackLevels },
        },
        rebuilt,
      ).candidates.filter((c) => c.rule.startsWith('MANAGING_BODY'));

    it('adds the managing county committee and its commission at level 1', () => {
      expect(summary(run(1))).toEqual([
        'MANAGING_BODY:b-county:IMPORTANT_LEADERSHIP',
        'MANAGING_BODY_DISCIPLINE:b-commission:IMPORTANT_LEADERSHIP',
      ]);
    });

    it('climbs to the city committee and its commission at level 2', () => {
      expect(summary(run(2))).toEqual([
        'MANAGING_BODY:b-city:IMPORTANT_LEADERSHIP',
        'MANAGING_BODY:b-county:IMPORTANT_LEADERSHIP',
        'MANAGING_BODY_DISCIPLINE:b-city-commission:IMPORTANT_LEADERSHIP',
        'MANAGING_BODY_DISCIPLINE:b-commission:IMPORTANT_LEADERSHIP',
      ]);
    });

    it('adds no managing body when tracebackLevels is 0', () => {
      expect(run(0)).toEqual([]);
    });
  });

  it('reports input problems instead of candidates', () => {
    const snapshot = aCountyUnit().build();
    const result = responsibilityTraceBack(
      {
        unitId: 'u-missing',
        misconductIntervals: [
          { from: '2022-02-30', to: null },
          { from: '2022-05-01', to: '2022-04-01' },
        ],
        domains: [],
        subjectIds: [],
        options: { minOverlapDays: -1, tracebackLevels: 1.5 },
      },
      snapshot,
    );
    expect(result.candidates).toEqual([]);
    expect(result.problems.map((p) => `${p.code}@${p.path}`)).toEqual([
      'UNKNOWN_UNIT@unitId',
      'INVALID_DATE@misconductIntervals[0]',
      'INVERTED_INTERVAL@misconductIntervals[1]',
      'INVALID_OPTION@options.minOverlapDays',
      'INVALID_OPTION@options.tracebackLevels',
    ]);
  });

  it('cuts an open misconduct interval at the snapshot date', () => {
    const snapshot = anOrgSnapshot()
      .asOf('2022-01-10')
      .withUnit('u-x', null)
      .withBody('b-x', 'u-x', 'partyGroup')
      .withPosition('pos-x', 'b-x', 'secretary')
      .withTenure('p-x', 'pos-x', '2021-01-01', null)
      .build();
    const result = responsibilityTraceBack(
      {
        unitId: 'u-x',
        misconductIntervals: [{ from: '2022-01-01', to: null }],
        domains: [],
        subjectIds: [],
        options: { minOverlapDays: 1, tracebackLevels: 0 },
      },
      snapshot,
    );
    expect(personCandidate(result.candidates, 'p-x')?.overlapDays).toBe(10);
  });
});
