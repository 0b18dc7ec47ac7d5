import sampleOrg from '../../../../infra/seed/sample-org.json';
import { parseOrgSnapshot } from './parse-org-snapshot';
import { disciplineBodyReach, disciplineStaffOf, matchesPersonQuery, tenureHistory } from './people-directory';
import type { OrgSnapshot } from './org-snapshot';

const parsed = parseOrgSnapshot(sampleOrg);
if ('problems' in parsed) throw new Error('the sample org must parse');
const org: OrgSnapshot = parsed.snapshot;
const TODAY = '2026-12-01';

describe('disciplineBodyReach', () => {
  it('reaches what a body supervises and, for a commission, the unit of the committee leading it', () => {
    expect(disciplineBodyReach(org, 'b-county-commission', TODAY)).toEqual(['u-county-committee']);
    expect(disciplineBodyReach(org, 'b-city-dg2', TODAY)).toEqual(['u-city-housing', 'u-city-transport']);
    expect(disciplineBodyReach(org, 'b-city-committee', TODAY)).toEqual([]);
  });
});

describe('disciplineStaffOf', () => {
  it('lists the discipline staff whose body reaches the jurisdiction, with their current posts only', () => {
    const county = disciplineStaffOf(org, ['u-county-committee'], TODAY);
    const ids = county.map((p) => p.id);
    expect(ids).toContain('p-0032');
    expect(ids).not.toContain('p-0016');
    expect(ids).toEqual([...ids].sort());
    expect(county.find((p) => p.id === 'p-0033')?.posts.map((p) => p.from)).toEqual(['2022-03-01']);
  });
});

describe('tenureHistory', () => {
  it('lists every post held, newest first', () => {
    expect(tenureHistory(org, 'p-0033').map((p) => [p.from, p.to])).toEqual([
      ['2022-03-01', null],
      ['2018-03-01', '2022-02-28'],
    ]);
  });
});

describe('matchesPersonQuery', () => {
  it('matches the name anywhere and the id from its start, ignoring case', () => {
    const person = { id: 'p-0032', displayName: '胡悦' };
    expect(matchesPersonQuery(person, '悦')).toBe(true);
    expect(matchesPersonQuery(person, 'P-003')).toBe(true);
    expect(matchesPersonQuery(person, '0032')).toBe(false);
  });
});
