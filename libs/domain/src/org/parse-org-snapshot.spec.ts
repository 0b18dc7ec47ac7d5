import sampleOrg from '../../../../infra/seed/sample-org.json';
import { parseOrgSnapshot } from './parse-org-snapshot';
import { validateOrgSnapshot } from './validate-org-snapshot';

describe('parseOrgSnapshot', () => {
  it('loads the sample org, which validates clean', () => {
    const parsed = parseOrgSnapshot(sampleOrg);
    expect('problems' in parsed ? parsed.problems : []).toEqual([]);
    if (!('snapshot' in parsed)) return;
    expect(validateOrgSnapshot(parsed.snapshot)).toEqual([]);
    expect(parsed.snapshot.persons.length).toBeGreaterThanOrEqual(30);
  });

  it('reports structural problems with row paths and loads nothing', () => {
    const broken = {
      ...sampleOrg,
      tenures: [
        { ...sampleOrg.tenures[0], acting: 'no' },
        { ...sampleOrg.tenures[1], from: '1 May 2020' },
      ],
      positions: [{ ...sampleOrg.positions[0], role: 'chairman' }, ...sampleOrg.positions.slice(1)],
    };
    const parsed = parseOrgSnapshot(broken);
    expect('problems' in parsed && parsed.problems.map((p) => [p.code, p.path, p.field])).toEqual([
      ['INVALID_STRUCTURE', 'positions[0]', 'role'],
      ['INVALID_STRUCTURE', 'tenures[0]', 'acting'],
      ['INVALID_STRUCTURE', 'tenures[1]', 'from'],
    ]);
  });

  it('rejects rows with unknown fields so that misspelt keys are not silently dropped', () => {
    const parsed = parseOrgSnapshot({ ...sampleOrg, persons: [{ id: 'p-9999', displayName: 'x', dispalyName: 'x' }] });
    expect('problems' in parsed && parsed.problems.map((p) => p.path)).toEqual(['persons[0]']);
  });

  it('returns validation problems of a well-formed but inconsistent snapshot', () => {
    const parsed = parseOrgSnapshot({ ...sampleOrg, persons: sampleOrg.persons.slice(1) });
    expect('problems' in parsed && parsed.problems.every((p) => p.code === 'UNKNOWN_PERSON')).toBe(true);
  });
});
