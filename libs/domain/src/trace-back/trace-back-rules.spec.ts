import { aCountyUnit, anOrgSnapshot } from '../org/org-snapshot.builder';
import type { OrgSnapshot } from '../org';
import { responsibilityTraceBack } from './responsibility-trace-back';
import { personCandidate, summary } from './trace-back.test-support';

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
