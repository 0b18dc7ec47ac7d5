import sampleOrg from '../../../../infra/seed/sample-org.json';
import { candidateOrgChart } from './candidate-org-chart';
import { parseOrgSnapshot } from './parse-org-snapshot';
import type { OrgSnapshot } from './org-snapshot';

const parsed = parseOrgSnapshot(sampleOrg);
if ('problems' in parsed) throw new Error('the sample org must parse');
const org: OrgSnapshot = parsed.snapshot;

describe('candidateOrgChart', () => {
  it('keeps only the posts held during the misconduct period, each with its whole term', () => {
    const during = (from: string, to: string) =>
      candidateOrgChart(org, { personIds: ['p-0033'], organizationBodyIds: [], periods: [{ from, to }] }).tenures.map(
        (t) => [t.from, t.to],
      );
    expect(during('2022-01-01', '2024-06-30')).toEqual([
      ['2018-03-01', '2022-02-28'],
      ['2022-03-01', null],
    ]);
    expect(during('2023-01-01', '2023-12-31')).toEqual([['2022-03-01', null]]);
    expect(during('2010-01-01', '2011-12-31')).toEqual([]);
  });

  it('names the bodies of those posts and of the candidate organizations with their units', () => {
    const chart = candidateOrgChart(org, {
      personIds: ['p-0036', 'p-0040'],
      organizationBodyIds: ['b-health-pg'],
      periods: [{ from: '2022-01-01', to: '2024-06-30' }],
    });
    expect(chart.tenures.map((t) => [t.personId, t.bodyId, t.title])).toEqual([
      ['p-0040', 'b-county-dg3', '派驻纪检监察组组长'],
      ['p-0036', 'b-health-pg', '党组书记、局长'],
    ]);
    expect(chart.bodies.map((b) => b.bodyId).sort()).toEqual(['b-county-dg3', 'b-health-pg']);
    expect(chart.bodies.find((b) => b.bodyId === 'b-health-pg')).toMatchObject({
      bodyName: expect.stringContaining('卫生健康局'),
      unitId: 'u-county-health',
    });
  });
});
