import sampleOrg from '../../../../infra/seed/sample-org.json';
import { jurisdictionUnits } from './jurisdiction-units';
import { parseOrgSnapshot } from './parse-org-snapshot';
import type { OrgSnapshot } from './org-snapshot';

const parsed = parseOrgSnapshot(sampleOrg);
if ('problems' in parsed) throw new Error('the sample org must parse');
const org: OrgSnapshot = parsed.snapshot;
const TODAY = '2026-12-01';

describe('jurisdictionUnits', () => {
  it('gives the county its committee at the top and its departments below, and nothing of the city', () => {
    const county = jurisdictionUnits(org, ['u-county-committee'], TODAY);
    expect(county.map((u) => [u.id, u.parentId, u.jurisdictionId])).toEqual([
      ['u-county-committee', null, 'u-county-committee'],
      ['u-county-commission', 'u-county-committee', 'u-county-committee'],
      ['u-county-health', 'u-county-committee', 'u-county-committee'],
      ['u-county-natres', 'u-county-committee', 'u-county-committee'],
    ]);
  });

  it('leaves out the county below the city and an enterprise with its own commission', () => {
    const ids = jurisdictionUnits(org, ['u-city-committee'], TODAY).map((u) => u.id);
    expect(ids).toContain('u-city-housing-tender');
    expect(ids).not.toContain('u-county-health');
    expect(ids).not.toContain('u-city-ctig');
    expect(jurisdictionUnits(org, ['u-city-ctig'], TODAY).map((u) => u.id)).toEqual(['u-city-ctig']);
  });

  it('names the people holding posts in the unit on the day, not those who left', () => {
    const natres = jurisdictionUnits(org, ['u-county-committee'], TODAY).find((u) => u.id === 'u-county-natres');
    const ids = natres?.members.map((m) => m.id);
    expect(ids).toContain('p-0043');
    expect(ids).not.toContain('p-0042');
    const health = jurisdictionUnits(org, ['u-county-committee'], TODAY).find((u) => u.id === 'u-county-health');
    expect(health?.members).toContainEqual({ id: 'p-0037', displayName: '陈刚', post: '党组成员、副局长' });
  });

  it('gives nothing to a caller without a jurisdiction that has a commission', () => {
    expect(jurisdictionUnits(org, [], TODAY)).toEqual([]);
    expect(jurisdictionUnits(org, ['u-city-housing'], TODAY)).toEqual([]);
  });
});
