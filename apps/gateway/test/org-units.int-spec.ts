import { loadSampleOrgIfEmpty } from '@shuangcha/persistence';
import type { JurisdictionUnitsView } from '@shuangcha/contracts/http';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';

/**
 * `GET /org/units` on the sample org (infra/seed/sample-org.json), roles and jurisdictions from the org
 * model: p-0032 (胡悦) is a case-management officer of the county commission, p-0007 of the city
 * commission (which supervises the county committee); p-0025 leads the county commission (approver, opens no cases); p-0037 is a deputy director of
 * the county health bureau with no post in any discipline body.
 */
let gw: GatewayHarness;

beforeAll(async () => {
  gw = await startGateway({
    env: { DIRECTORY: 'org' },
    beforeApp: (ds) => loadSampleOrgIfEmpty(ds).then(() => undefined),
  });
});
afterAll(() => gw?.close());

const unitsAs = async (personId: string) => {
  const res = await gw
    .http()
    .get('/org/units')
    .set('authorization', await gw.token(personId, [], []));
  return { status: res.status, body: res.body as JurisdictionUnitsView & { code?: string } };
};

describe('GET /org/units', () => {
  it('gives a county case-management officer the county tree with the people of each unit', async () => {
    const { status, body } = await unitsAs('p-0032');
    expect(status).toBe(200);
    expect(body.units.map((u) => [u.id, u.parentId, u.jurisdictionId])).toEqual([
      ['u-county-committee', null, 'u-county-committee'],
      ['u-county-commission', 'u-county-committee', 'u-county-committee'],
      ['u-county-health', 'u-county-committee', 'u-county-committee'],
      ['u-county-natres', 'u-county-committee', 'u-county-committee'],
    ]);
    const health = body.units.find((u) => u.id === 'u-county-health')!;
    expect(health).toMatchObject({ name: '清水县卫生健康局', kind: 'department' });
    expect(health.members).toContainEqual({ id: 'p-0037', displayName: '陈刚', post: '党组成员、副局长' });
  });

  it('gives the city officer the city and the county it supervises, and the county officer nothing of the city', async () => {
    const city = await unitsAs('p-0007');
    expect(city.status).toBe(200);
    const cityIds = city.body.units.map((u) => u.id);
    // The city commission supervises the county committee, so it may open county cases (under the county).
    expect(cityIds).toEqual(
      expect.arrayContaining(['u-city-committee', 'u-city-housing', 'u-city-housing-tender', 'u-county-health']),
    );
    expect(city.body.units.find((u) => u.id === 'u-city-housing-tender')?.parentId).toBe('u-city-housing');
    expect(city.body.units.find((u) => u.id === 'u-county-health')?.jurisdictionId).toBe('u-county-committee');
    // The state enterprise has its own commission; the province is above.
    expect(cityIds).not.toContain('u-city-ctig');
    expect(cityIds).not.toContain('u-province-committee');

    const county = await unitsAs('p-0032');
    expect(county.body.units.some((u) => u.id.startsWith('u-city-') || u.id.startsWith('u-province-'))).toBe(false);
    const everyone = county.body.units.flatMap((u) => u.members.map((m) => m.id));
    expect(everyone).not.toContain('p-0003');
  });

  it('refuses people who may not open cases: a commission leader and someone outside every commission', async () => {
    for (const personId of ['p-0025', 'p-0037']) {
      const res = await unitsAs(personId);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
  });
});

describe('GET /me', () => {
  it('tells the console who may open cases, so it links 立案登记 for them only', async () => {
    const me = async (personId: string) =>
      (
        await gw
          .http()
          .get('/me')
          .set('authorization', await gw.token(personId, [], []))
      ).body as { personId: string; roles: string[]; jurisdictionIds: string[]; mayOpenCases: boolean };
    expect(await me('p-0032')).toEqual({
      personId: 'p-0032',
      roles: ['staff', 'supervisor'],
      jurisdictionIds: ['u-county-committee'],
      mayOpenCases: true,
    });
    expect((await me('p-0025')).mayOpenCases).toBe(false);
    expect(await me('p-0037')).toEqual({ personId: 'p-0037', roles: [], jurisdictionIds: [], mayOpenCases: false });
  });
});
