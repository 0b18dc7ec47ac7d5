import { buildAccountabilitySummary, type ReviewResult } from './accountability-summary';

const base: Omit<ReviewResult, 'candidateKey' | 'personId' | 'organizationBodyId' | 'target' | 'responsibility'> = {
  determination: 'MAIN_LEADERSHIP',
  noneReason: null,
  decidedMeasures: { forms: ['CIRCULATE'], modifiers: [] },
  authority: 'commission',
  decidingBodyId: 'b-county-committee',
  decisionOutcome: 'DECIDE',
  decidedAt: '2026-05-01T00:00:00.000Z',
  appeal: null,
  violationCaseSuggested: false,
  warnings: [],
};
const person = (id: string, patch: Partial<ReviewResult> = {}): ReviewResult => ({
  ...base,
  candidateKey: `person-${id}`,
  target: 'person',
  personId: id,
  organizationBodyId: null,
  responsibility: 'primaryResponsibility',
  ...patch,
});

describe('accountability summary', () => {
  const results: ReviewResult[] = [
    person('p-0037', {
      decidedMeasures: { forms: ['ADMONISH'], modifiers: [] },
      appeal: { filedOn: '2026-05-10', outcome: 'AMENDED', amendedMeasures: { forms: ['CIRCULATE'], modifiers: [] } },
    }),
    person('p-0036'),
    person('p-0038', {
      decidedMeasures: { forms: [], modifiers: [{ kind: 'EXEMPT', ground: 'DISSENT_RECORDED', text: 'objected' }] },
    }),
    person('p-0040', {
      responsibility: 'supervisoryResponsibility',
      decidedMeasures: { forms: ['CIRCULATE'], modifiers: [{ kind: 'HEAVIER', text: 'ignored complaints' }] },
    }),
    {
      ...person('x'),
      candidateKey: 'org-b-health-pg',
      target: 'organization',
      personId: null,
      organizationBodyId: 'b-health-pg',
      decidedMeasures: { forms: ['INSPECTION'], modifiers: [] },
    },
    person('p-0043', {
      determination: 'NONE',
      noneReason: 'found and reported the problem',
      decidedMeasures: null,
      authority: null,
      decisionOutcome: null,
    }),
  ];
  const summary = buildAccountabilitySummary({
    caseId: 'case-1',
    snapshotHash: 'abc',
    snapshotAsOf: '2026-04-01',
    concludedAt: '2026-06-01T00:00:00.000Z',
    results,
    removedCandidates: [],
  });

  it('splits primary from supervisory responsibility and states the form in force for each', () => {
    expect(summary.primaryResponsibility.map((e) => [e.candidateKey, e.outcome, e.finalMeasures.forms])).toEqual([
      ['org-b-health-pg', 'HELD_ACCOUNTABLE', ['INSPECTION']],
      ['person-p-0036', 'HELD_ACCOUNTABLE', ['CIRCULATE']],
      ['person-p-0037', 'HELD_ACCOUNTABLE', ['CIRCULATE']],
      ['person-p-0038', 'EXEMPTED', []],
      ['person-p-0043', 'NO_RESPONSIBILITY', []],
    ]);
    expect(summary.supervisoryResponsibility.map((e) => [e.personId, e.finalMeasures.modifiers[0]?.kind])).toEqual([
      ['p-0040', 'HEAVIER'],
    ]);
  });

  it('lists the appealed decisions with how they ended, a revoked one leaving nothing in force', () => {
    expect(summary.appeals).toEqual([{ candidateKey: 'person-p-0037', outcome: 'AMENDED' }]);
    const revoked = buildAccountabilitySummary({
      caseId: 'c',
      snapshotHash: null,
      snapshotAsOf: null,
      concludedAt: 'now',
      results: [person('p-1', { appeal: { filedOn: '2026-05-10', outcome: 'REVOKED', amendedMeasures: null } })],
      removedCandidates: [],
    });
    expect(revoked.primaryResponsibility[0]).toMatchObject({
      outcome: 'REVOKED_ON_APPEAL',
      finalMeasures: { forms: [] },
      appealOutcome: 'REVOKED',
    });
  });

  it('counts outcomes and does not depend on the order of the results', () => {
    expect(summary.counts).toEqual({
      HELD_ACCOUNTABLE: 4,
      EXEMPTED: 1,
      NO_RESPONSIBILITY: 1,
      DECLINED_BY_MANAGING_BODY: 0,
      REVOKED_ON_APPEAL: 0,
    });
    const reversed = buildAccountabilitySummary({
      caseId: 'case-1',
      snapshotHash: 'abc',
      snapshotAsOf: '2026-04-01',
      concludedAt: '2026-06-01T00:00:00.000Z',
      results: [...results].reverse(),
      removedCandidates: [],
    });
    expect(reversed).toEqual(summary);
  });
});
