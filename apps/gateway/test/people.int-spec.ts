import { randomUUID } from 'node:crypto';
import { loadSampleOrgIfEmpty } from '@shuangcha/persistence';
import type { AccountabilityView, CaseDetail, Inbox, PeopleList, PersonDetailView } from '@shuangcha/contracts/http';
import { aCase } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
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

describe('names in responses (people map)', () => {
  const J = 'u-county-committee';
  const COUNTY_PARTICIPANTS = {
    caseManagementOfficerId: 'p-0032',
    caseOfficerId: 'p-0028',
    leaderInChargeId: 'p-0026',
    principalLeaderId: 'p-0025',
    deputyLeaderIds: ['p-0027'],
    higherCommissionLeaderId: 'p-0003',
    higherCommissionCaseManagementId: 'p-0006',
    trialReviewerIds: ['p-0030', 'p-0033'],
    trialOfficeDirectorId: 'p-0033',
    standingCommitteeIds: ['p-0025', 'p-0026', 'p-0027'],
    appealHandlerId: 'p-0034',
    superiorOf: {},
  };
  let stack: GatewayHarness;

  beforeAll(async () => {
    // Claims directory: a supervisor-only token is a metadata viewer; the names still come from the org model.
    stack = await startGateway({
      worker: true,
      env: { DIRECTORY: 'claims' },
      beforeApp: (ds) => loadSampleOrgIfEmpty(ds).then(() => undefined),
    });
  });
  afterAll(() => stack?.close());

  /** A scenario-A case of the county, opened by `officer` under a fresh number; its id. */
  const openScenarioACase = async (officer: string): Promise<string> => {
    const caseNo = `2026-${String(Math.floor(Math.random() * 900_000) + 100_000)}`;
    const {
      openedBy: _o,
      requestKey: _r,
      ...body
    } = aCase().withCaseNo(caseNo).inScenarioA().withParticipants(COUNTY_PARTICIPANTS).build();
    const opened = await stack
      .http()
      .post('/cases')
      .set('authorization', officer)
      .set('idempotency-key', `k-${randomUUID()}`)
      .send({ ...body, jurisdictionId: J });
    expect(opened.status).toBe(201);
    return (opened.body as { caseId: string }).caseId;
  };

  it('names the people of a case for a viewer with full access, and none for a supervisor’s metadata view', async () => {
    const officer = await stack.token('p-0032', ['staff'], [J]);
    const caseId = await openScenarioACase(officer);

    const full = await eventually(async () => {
      const res = await stack.http().get(`/cases/${caseId}`).set('authorization', officer);
      return (res.body as CaseDetail).openTasks?.length ? (res.body as CaseDetail) : undefined;
    }, 'the intake task on the case');
    expect(full.view).toBe('full');
    expect(full.openTasks?.[0].assigneeId).toBe('p-0032');
    expect(full.people).toEqual({ 'p-0032': { displayName: '胡悦', post: '案件监督管理室干部' } });

    const supervisor = await stack.token('p-0031', ['supervisor'], [J]);
    const metadata = await stack.http().get(`/cases/${caseId}`).set('authorization', supervisor);
    expect(metadata.status).toBe(200);
    expect(metadata.body.view).toBe('metadata');
    expect(metadata.body).not.toHaveProperty('people');
    expect(JSON.stringify(metadata.body)).not.toContain('胡悦');

    const inbox = await eventually(async () => {
      const res = await stack.http().get('/tasks').set('authorization', officer);
      return (res.body as Inbox).items.length > 0 ? (res.body as Inbox) : undefined;
    }, 'the intake task in the inbox');
    expect(inbox.people).toEqual({ 'p-0032': { displayName: '胡悦', post: '案件监督管理室干部' } });
  });

  it('shows the person a recusal task is about by name and post, never as an id in its title', async () => {
    const officer = await stack.token('p-0032', ['staff'], [J]);
    const caseId = await openScenarioACase(officer);
    // Trial reviewer 唐宁 (p-0030) witnessed a contract: case management asks for the recusal.
    const requested = await stack
      .http()
      .post(`/cases/${caseId}/conflicts`)
      .set('authorization', officer)
      .set('idempotency-key', `k-${randomUUID()}`)
      .send({ personId: 'p-0030', ground: 'WITNESS', reason: '见证了合同签订 / witnessed the contract' });
    expect(requested.status).toBe(200);
    const TANG = { 'p-0030': { displayName: '唐宁', post: '案件审理室干部' } };

    const inboxTask = async (personId: string, roles: Parameters<GatewayHarness['token']>[1], stage: string) => {
      const token = await stack.token(personId, roles, [J]);
      return eventually(async () => {
        const inbox = (await stack.http().get('/tasks?limit=200').set('authorization', token)).body as Inbox;
        const task = inbox.items.find((t) => t.caseId === caseId && t.stage === stage);
        return task && { task, people: inbox.people, token };
      }, `the ${stage} task in the inbox of ${personId}`);
    };
    const recusal = await inboxTask('p-0025', ['approver'], 'recusal');
    expect(recusal.task.concernsPersonId).toBe('p-0030');
    expect(recusal.task.title).not.toContain('p-0030');
    expect(recusal.people).toMatchObject(TANG);

    const decided = await stack
      .http()
      .post(`/tasks/${recusal.task.taskId}/decision`)
      .set('authorization', recusal.token)
      .set('idempotency-key', `k-${randomUUID()}`)
      .send({ taskVersion: recusal.task.version, outcome: 'RECUSE', comment: '' });
    expect(decided.status).toBe(200);
    const recheck = await inboxTask('p-0028', ['staff'], 'recusalRecheck');
    expect(recheck.task).toMatchObject({ kind: 'recusalRecheck', concernsPersonId: 'p-0030' });
    expect(recheck.task.title).not.toContain('p-0030');
    expect(recheck.people).toMatchObject(TANG);
  });

  it('draws the trace-back candidates over the org chart with the posts they held during the misconduct period', async () => {
    const officer = await stack.token('p-0032', ['staff'], [J]);
    const caseId = await openScenarioACase(officer);
    const triggered = await stack
      .http()
      .post(`/cases/${caseId}/dual-investigation`)
      // The principal leader's own TRIGGER opens the trace-back at once (AR art. 9).
      .set('authorization', await stack.token('p-0025', ['approver'], [J]))
      .set('idempotency-key', `k-${randomUUID()}`)
      .send({ decision: 'TRIGGER', reason: 'scenario A' });
    expect(triggered.status).toBe(200);

    const view = await eventually(async () => {
      const res = await stack.http().get(`/cases/${caseId}/accountability`).set('authorization', officer);
      return (res.body as AccountabilityView).live?.stage === 'candidateConfirmation'
        ? (res.body as AccountabilityView)
        : undefined;
    }, 'the trace-back confirming candidates');
    const chart = view.orgChart!;
    expect(chart.misconductIntervals).toEqual([{ from: '2022-01-01', to: '2024-06-30' }]);
    // Secretary 李明 (primary) and Discipline Head 赵军 (supervisory), each in the post held then.
    expect(chart.tenures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ personId: 'p-0036', bodyId: 'b-health-pg', title: '党组书记、局长', to: null }),
        expect.objectContaining({ personId: 'p-0040', bodyId: 'b-county-dg3', title: '派驻纪检监察组组长' }),
      ]),
    );
    expect(chart.tenures.map((t) => t.personId)).not.toContain('p-0041');
    const health = chart.bodies.find((b) => b.bodyId === 'b-health-pg');
    expect(health).toMatchObject({ unitId: 'u-county-health', bodyName: expect.stringContaining('卫生健康局') });
    expect(health?.unitName).toEqual(expect.any(String));
    expect(view.people).toMatchObject({ 'p-0036': { displayName: '李明' }, 'p-0040': { displayName: '赵军' } });
  });

  it('names a problem list’s responsible persons for those who work it, not for a supervisor', async () => {
    const officer = await stack.token('p-0032', ['staff'], [J]);
    const created = await stack
      .http()
      .post('/rectification/lists')
      .set('authorization', officer)
      .set('idempotency-key', `k-${randomUUID()}`)
      .send({
        listNo: `PM-${randomUUID().slice(0, 8)}`,
        source: 'INSPECTION_FEEDBACK',
        supervisingBodyId: J,
        policyVersion: 'dom-2026.1',
        participants: {
          verifierIds: ['p-0031'],
          caseManagementOfficerId: 'p-0032',
          leaderInChargeId: 'p-0026',
          higherCommissionCaseManagementId: 'p-0006',
        },
        items: [
          {
            itemKey: 'R1',
            problem: '采购制度执行不严',
            measure: '修订采购内控制度',
            responsiblePersonId: 'p-0033',
            responsibleUnitId: 'u-county-health',
            dueDate: new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10),
            evidenceRequirements: [{ kind: 'REGULATION', description: '新制度文本' }],
          },
        ],
      });
    expect(created.status).toBe(201);
    const listId = (created.body as { listId: string }).listId;

    const worked = await stack.http().get(`/rectification/lists/${listId}`).set('authorization', officer);
    expect(worked.status).toBe(200);
    expect(worked.body.people).toEqual({ 'p-0033': { displayName: '梁晨', post: '案件审理室主任' } });
    const supervised = await stack
      .http()
      .get(`/rectification/lists/${listId}`)
      .set('authorization', await stack.token('p-0031', ['supervisor'], [J]));
    expect(supervised.status).toBe(200);
    expect(supervised.body).not.toHaveProperty('people');
  });
});
