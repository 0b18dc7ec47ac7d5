import { overlapDays } from '../org';
import { loadSampleOrg, personCandidate, summary, traceBack } from './trace-back.test-support';

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
