import {
  investigationTeamProblem,
  MEASURE_KINDS,
  MEASURE_RULES,
  measureStageProblem,
  type MeasureKind,
  type TeamFacts,
} from './investigative-measures';

const facts = (over: Partial<TeamFacts> = {}): TeamFacts => ({
  subjectIds: ['p-subject'],
  isConflicted: () => false,
  separationBreach: () => null,
  ...over,
});

describe('investigative measures table', () => {
  it.each<[MeasureKind, string[], { amount: number; unit: string } | null]>([
    ['TALK', [], null],
    ['QUESTIONING', [], null],
    ['ASSET_QUERY', ['leaderInCharge'], null],
    ['EVIDENCE_REQUEST', ['leaderInCharge'], null],
    ['FREEZE', ['principalLeader'], { amount: 6, unit: 'm' }],
    ['RETENTION', ['principalLeader', 'higherCommissionLeader'], { amount: 3, unit: 'm' }],
  ])('%s is approved by %j and runs for %j', (kind, approvers, limit) => {
    expect(MEASURE_RULES[kind].approvers).toEqual(approvers);
    expect(MEASURE_RULES[kind].limit).toEqual(limit);
  });

  it('gives every kind a Chinese name, at least one stage and a basis', () => {
    for (const kind of MEASURE_KINDS) {
      const rule = MEASURE_RULES[kind];
      expect(rule.chinese).toMatch(/[\u4e00-\u9fff]/);
      expect(rule.stages.length).toBeGreaterThan(0);
      expect(rule.basis.length).toBeGreaterThan(0);
    }
  });

  it('allows only non-coercive measures in preliminary verification and all of them after filing', () => {
    const inPrelim = MEASURE_KINDS.filter((k) => measureStageProblem(k, 'preliminaryVerification') === null);
    expect(inPrelim).toEqual(['TALK', 'QUESTIONING', 'ASSET_QUERY', 'EVIDENCE_REQUEST']);
    expect(MEASURE_KINDS.filter((k) => measureStageProblem(k, 'investigation') === null)).toEqual([...MEASURE_KINDS]);
  });

  it('refuses any measure outside preliminary verification and investigation, saying where it may be taken', () => {
    expect(measureStageProblem('TALK', 'trialReview')).toBe(
      'TALK (谈话) may be taken only in preliminaryVerification or investigation, the case is in trialReview',
    );
    expect(measureStageProblem('RETENTION', 'preliminaryVerification')).toContain('only in investigation');
  });
});

describe('investigation team', () => {
  it('accepts two distinct eligible members', () => {
    expect(investigationTeamProblem(['p-a', 'p-b'], facts())).toBeNull();
  });

  it('refuses a team of one, also when the one is named twice', () => {
    expect(investigationTeamProblem(['p-a'], facts())).toContain('a team of at least 2 (DOMAIN §2); named: p-a');
    expect(investigationTeamProblem(['p-a', 'p-a'], facts())).toContain('at least 2');
    expect(investigationTeamProblem([], facts())).toContain('named: nobody');
  });

  it('refuses a subject, a recused member and a member who reviews or hears appeals in the case', () => {
    expect(investigationTeamProblem(['p-a', 'p-subject'], facts())).toBe(
      'p-subject is a subject of the case and cannot be on its team',
    );
    expect(investigationTeamProblem(['p-a', 'p-b'], facts({ isConflicted: (id) => id === 'p-b' }))).toBe(
      'p-b is recused from this case (回避) and cannot be on its team',
    );
    expect(
      investigationTeamProblem(
        ['p-a', 'p-b'],
        facts({ separationBreach: (id) => (id === 'p-a' ? 'WR art. 59' : null) }),
      ),
    ).toBe('WR art. 59');
  });
});
