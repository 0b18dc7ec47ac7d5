import {
  appealAgainstProblem,
  appealRouteOf,
  GOVERNMENT_SANCTION_KINDS,
  parseSanction,
  PARTY_SANCTION_KINDS,
  SANCTION_OUTCOMES,
  sanctionCode,
} from './sanctions';

describe('sanction outcomes', () => {
  it('offers the six government sanctions of PSL art. 7, alone and with each party sanction', () => {
    expect(GOVERNMENT_SANCTION_KINDS).toHaveLength(6);
    for (const gov of GOVERNMENT_SANCTION_KINDS) {
      expect(SANCTION_OUTCOMES).toContain(gov);
      for (const party of PARTY_SANCTION_KINDS) expect(SANCTION_OUTCOMES).toContain(`${party}+${gov}`);
    }
    expect(SANCTION_OUTCOMES).toEqual(expect.arrayContaining(['ORG_HANDLING', 'NO_SANCTION', 'EXPULSION']));
  });

  it('reads every outcome back as the decision it encodes', () => {
    for (const code of SANCTION_OUTCOMES) expect(sanctionCode(parseSanction(code)!)).toBe(code);
    expect(parseSanction('EXPULSION+GOV_EXPULSION')).toEqual({
      party: 'EXPULSION',
      government: 'GOV_EXPULSION',
      orgHandling: false,
    });
  });

  it('refuses codes that are not a sanction decision', () => {
    for (const code of ['GOV_EXPULSION+EXPULSION', 'EXPULSION+WARNING', 'FIRED', 'WARNING+GOV_WARNING+X'])
      expect(parseSanction(code)).toBeNull();
  });
});

describe('appeal route', () => {
  it('routes an appeal against a government sanction to re-examination, a party one to the party appeal', () => {
    expect(appealRouteOf(parseSanction('GOV_DEMERIT'))).toBe('supervision');
    expect(appealRouteOf(parseSanction('WARNING'))).toBe('party');
    const both = parseSanction('EXPULSION+GOV_EXPULSION');
    expect(appealRouteOf(both)).toBe('party');
    expect(appealRouteOf(both, 'governmentSanction')).toBe('supervision');
  });

  it('refuses an appeal against a kind of sanction the case did not decide', () => {
    expect(appealAgainstProblem(parseSanction('WARNING'), 'governmentSanction')).toMatch(/no government sanction/);
    expect(appealAgainstProblem(parseSanction('GOV_WARNING'), 'governmentSanction')).toBeNull();
  });
});
