import { loadSampleOrgIfEmpty } from '@shuangcha/persistence';
import type { PeopleList, PersonDetailView } from '@shuangcha/contracts/http';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';

/**
 * The people directory over HTTP on the sample org (infra/seed/sample-org.json), roles and jurisdictions
 * from the org model: p-0032 (胡悦) is a case-management officer of the county commission, whose
 * jurisdiction is the county committee; the city commission supervises the county committee too.
 */
let gw: GatewayHarness;
let countyOfficer: string;

beforeAll(async () => {
  gw = await startGateway({
    env: { DIRECTORY: 'org' },
    beforeApp: (ds) => loadSampleOrgIfEmpty(ds).then(() => undefined),
  });
  countyOfficer = await gw.token('p-0032', [], []);
});
afterAll(() => gw?.close());

const get = async <T>(path: string, token = countyOfficer): Promise<{ status: number; body: T }> => {
  const res = await gw.http().get(path).set('authorization', token);
  return { status: res.status, body: res.body as T };
};

async function allPages(query: string, limit: number): Promise<PeopleList['items']> {
  const items: PeopleList['items'] = [];
  let cursor: string | undefined;
  do {
    const page = await get<PeopleList>(
      `/people?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

describe('GET /people', () => {
  it('lists the staff and approvers of the caller’s jurisdiction with their current posts, and nobody else', async () => {
    const ids = (await allPages('', 200)).map((p) => p.id);
    // The county commission, and the city commission that supervises the county committee.
    expect(ids).toEqual(expect.arrayContaining(['p-0025', 'p-0026', 'p-0032', 'p-0033', 'p-0003', 'p-0006']));
    // A city resident group (housing, transport), the state enterprise's commission and a party secretary.
    for (const outside of ['p-0016', 'p-0017', 'p-0020', 'p-0001']) expect(ids).not.toContain(outside);
    const [self] = (await get<PeopleList>('/people?q=p-0032')).body.items;
    expect(self).toEqual({
      id: 'p-0032',
      displayName: '胡悦',
      posts: [
        expect.objectContaining({
          title: '案件监督管理室干部',
          bodyId: 'b-county-commission',
          to: null,
          acting: false,
        }),
      ],
    });
    expect(self.posts[0].bodyName).toEqual(expect.any(String));
    expect(self.posts[0].unitName).toEqual(expect.any(String));
  });

  it('pages by cursor without gaps or repeats', async () => {
    const whole = (await allPages('', 200)).map((p) => p.id);
    const paged = (await allPages('', 4)).map((p) => p.id);
    expect(whole.length).toBeGreaterThan(8);
    expect(paged).toEqual(whole);
    expect(new Set(paged).size).toBe(paged.length);
    const bad = await get<{ code: string }>('/people?cursor=garbage');
    expect(bad.status).toBe(400);
  });

  it('matches q on the name and on the start of the id, and narrows by body', async () => {
    expect((await get<PeopleList>('/people?q=梁晨')).body.items.map((p) => p.id)).toEqual(['p-0033']);
    expect((await get<PeopleList>('/people?q=p-003')).body.items.map((p) => p.id)).toEqual([
      'p-0030',
      'p-0031',
      'p-0032',
      'p-0033',
      'p-0034',
      'p-0035',
    ]);
    const county = (await allPages('&bodyId=b-county-commission', 200)).map((p) => p.id);
    expect(county).toContain('p-0025');
    expect(county).not.toContain('p-0003');
    expect((await get<PeopleList>('/people?q=蒋涛')).body.items).toEqual([]);
  });

  it('refuses a caller without a post in a commission', async () => {
    const res = await get<{ code: string }>('/people', await gw.token('p-0101', [], []));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });
});

describe('GET /people/{id}', () => {
  it('shows a person’s tenure history, newest first, with the post held today', async () => {
    const res = await get<PersonDetailView>('/people/p-0033');
    expect(res.status).toBe(200);
    expect(res.body.posts.map((p) => [p.from, p.to])).toEqual([['2022-03-01', null]]);
    expect(res.body.tenures.map((p) => [p.from, p.to])).toEqual([
      ['2022-03-01', null],
      ['2018-03-01', '2022-02-28'],
    ]);
  });

  it('answers 404 for a person outside the caller’s jurisdictions, as for an unknown one', async () => {
    for (const id of ['p-0016', 'p-9999']) {
      const res = await get<{ code: string }>(`/people/${id}`);
      expect({ id, status: res.status, code: res.body.code }).toEqual({ id, status: 404, code: 'PERSON_NOT_FOUND' });
    }
  });
});
