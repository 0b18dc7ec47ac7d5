import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import type { CaseList } from '@shuangcha/contracts/http';
import { eventually } from '../../../test/support/case-driver';
import { shanghaiLocalDate } from '@shuangcha/domain/calendar';
import { formatCaseNo } from '@shuangcha/domain/case';
import { loadSampleOrgIfEmpty } from '@shuangcha/persistence';
import { CASE_NUMBER_OFFSET, startCaseNumbersAtOffset } from '../../../test/support/case-numbers';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';
import { testDataConverter } from '../../../test/support/payload-keys';

/**
 * Issue 10 items 3 and 4, issue 16 item 11: opening cases on the sample org (infra/seed/sample-org.json),
 * where roles and jurisdictions come from the org model, participants are checked against it and case
 * numbers are the server's, per jurisdiction and year.
 */
const COUNTY = 'u-county-committee';
const CITY = 'u-city-committee';
const COUNTY_CMO = 'p-0032';
const CITY_CMO = 'p-0007';
/** The city party secretary: no commission post, an admin by configuration (metadata of every case). */
const ADMIN = 'p-0001';

const countyParticipants = () => ({
  caseManagementOfficerId: COUNTY_CMO,
  caseOfficerId: 'p-0028',
  leaderInChargeId: 'p-0026',
  principalLeaderId: 'p-0025',
  deputyLeaderIds: ['p-0027'],
  higherCommissionLeaderId: 'p-0003',
  higherCommissionCaseManagementId: 'p-0006',
  trialReviewerIds: ['p-0033', 'p-0030'],
  standingCommitteeIds: ['p-0025', 'p-0026', 'p-0027'],
  appealHandlerId: 'p-0034',
});
const cityParticipants = () => ({
  caseManagementOfficerId: CITY_CMO,
  caseOfficerId: 'p-0010',
  leaderInChargeId: 'p-0004',
  principalLeaderId: 'p-0003',
  deputyLeaderIds: ['p-0005'],
  higherCommissionLeaderId: 'p-0044',
  higherCommissionCaseManagementId: 'p-0045',
  trialReviewerIds: ['p-0008', 'p-0009'],
  standingCommitteeIds: ['p-0003', 'p-0004', 'p-0005'],
  appealHandlerId: 'p-0046',
});
const misconduct = {
  kind: 'violation',
  domains: ['procurement'],
  misconductIntervals: [{ from: '2022-01-01', to: '2024-06-30' }],
};
const countyCase = (extra: object = {}) => ({
  ...misconduct,
  unitId: 'u-county-health',
  jurisdictionId: COUNTY,
  subjectIds: ['p-0041'],
  ...extra,
});
const cityCase = (extra: object = {}) => ({
  ...misconduct,
  unitId: 'u-city-housing',
  jurisdictionId: CITY,
  subjectIds: ['p-0013'],
  ...extra,
});
/** Case numbers are never reused on a Temporal server, which every test file of the run shares. */
const freshCaseNo = () => `2026-${String(Math.floor(Math.random() * 900_000) + 100_000)}`;

let gw: GatewayHarness;
let connection: Connection;
let client: Client;
const tokens = new Map<string, string>();
const as = async (personId: string) => {
  if (!tokens.has(personId)) tokens.set(personId, await gw.token(personId));
  return tokens.get(personId)!;
};
const open = async (personId: string, body: object, key = `k-${randomUUID()}`) =>
  gw
    .http()
    .post('/cases')
    .set('authorization', await as(personId))
    .set('idempotency-key', key)
    .send(body);

beforeAll(async () => {
  gw = await startGateway({
    worker: true,
    beforeApp: async (ds) => {
      await loadSampleOrgIfEmpty(ds);
      await startCaseNumbersAtOffset(ds, [COUNTY, CITY]);
    },
    env: {
      ADMIN_PERSON_IDS: ADMIN,
      CASE_DOCUMENT_NO_TEMPLATES: JSON.stringify({ [COUNTY]: '清纪立〔{year}〕{seq}号' }),
    },
  });
  connection = await Connection.connect({ address: gw.config.TEMPORAL_ADDRESS });
  client = new Client({ connection });
});

afterAll(async () => {
  await connection?.close();
  await gw?.close();
});

describe('a case number of another jurisdiction (issue 16 item 11)', () => {
  it('is free in the caller’s own jurisdiction and is refused elsewhere the same way as a number nobody used', async () => {
    const caseNo = freshCaseNo();
    const city = await open(CITY_CMO, cityCase({ caseNo, participants: cityParticipants() }));
    expect(city.status).toBe(201);

    const county = await open(COUNTY_CMO, countyCase({ caseNo, participants: countyParticipants() }));
    expect(county.status).toBe(201);
    expect(county.body.caseNo).toBe(caseNo);
    expect(county.body.caseId).not.toBe(city.body.caseId);

    const strip = (body: Record<string, unknown>) => ({ ...body, traceId: undefined });
    const taken = await open(COUNTY_CMO, cityCase({ caseNo, participants: cityParticipants() }));
    const unused = await open(COUNTY_CMO, cityCase({ caseNo: freshCaseNo(), participants: cityParticipants() }));
    expect(taken.status).toBe(403);
    expect({ status: taken.status, ...strip(taken.body) }).toEqual({ status: unused.status, ...strip(unused.body) });
  });
});

const seqOf = (caseNo: string) => Number(caseNo.split('-')[1]);
const notStarted = (caseId: string) =>
  expect(client.workflow.getHandle(caseId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

describe('opening a case from the org model (issue 10 items 3, 4)', () => {
  it('proposes the people of a county case, requires the investigator among several, and numbers it', async () => {
    const missing = await open(COUNTY_CMO, countyCase());
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({
      code: 'PARTICIPANTS_INVALID',
      errors: [{ path: 'caseOfficerId', message: expect.stringContaining('p-0028, p-0029') }],
    });

    const opened = await open(COUNTY_CMO, countyCase({ caseOfficerId: 'p-0029' }));
    expect(opened.status).toBe(201);
    const { caseNo, caseId, documentNo } = opened.body as { caseNo: string; caseId: string; documentNo: string };
    const [year, seq] = caseNo.split('-');
    expect(caseNo).toMatch(/^\d{4}-\d{6}$/);
    expect(caseId).toBe(`case-${COUNTY}-${caseNo}`);
    expect(documentNo).toBe(`清纪立〔${year}〕${Number(seq)}号`);
    const started = await client.workflow.getHandle(caseId).fetchHistory();
    const input = started.events?.[0].workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    // Workflow input is encrypted in Temporal; the test keys decode it.
    const [decoded] = await testDataConverter().payloadCodecs[0].decode([input!]);
    const args = JSON.parse(Buffer.from(decoded.data!).toString()) as { participants: Record<string, unknown> };
    expect(args.participants).toEqual({
      ...countyParticipants(),
      caseOfficerId: 'p-0029',
      caseManagementOfficerId: COUNTY_CMO,
      trialOfficeDirectorId: 'p-0033',
      superiorOf: {},
    });
  });

  it('tells a cadre of the county committee from the org model and names the county secretary to approve (DOMAIN §2)', async () => {
    // p-0036 is managed by the county committee (b-county-committee), whose secretary is p-0024.
    const opened = await open(COUNTY_CMO, countyCase({ subjectIds: ['p-0036'], caseOfficerId: 'p-0028' }));
    expect(opened.status).toBe(201);
    const started = await client.workflow.getHandle(opened.body.caseId as string).fetchHistory();
    const input = started.events?.[0].workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    const [decoded] = await testDataConverter().payloadCodecs[0].decode([input!]);
    const args = JSON.parse(Buffer.from(decoded.data!).toString()) as {
      subjectManagedBySameLevelCommittee: boolean;
      participants: Record<string, unknown>;
    };
    expect(args.subjectManagedBySameLevelCommittee).toBe(true);
    expect(args.participants.partyCommitteePrincipalLeaderId).toBe('p-0024');

    const ordinary = await open(COUNTY_CMO, countyCase({ caseOfficerId: 'p-0028' }));
    const ordinaryStart = await client.workflow.getHandle(ordinary.body.caseId as string).fetchHistory();
    const [plain] = await testDataConverter().payloadCodecs[0].decode([
      ordinaryStart.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0],
    ]);
    expect(JSON.parse(Buffer.from(plain.data!).toString())).toMatchObject({
      subjectManagedBySameLevelCommittee: false,
      participants: expect.not.objectContaining({ partyCommitteePrincipalLeaderId: expect.anything() }),
    });
  });

  it.each([
    ['a person who does not exist', { caseOfficerId: 'p-0201' }, ['participants.caseOfficerId']],
    ['a person of another commission', { principalLeaderId: 'p-0003' }, ['participants.principalLeaderId']],
    ['a subject as participant', { appealHandlerId: 'p-0041' }, ['participants.appealHandlerId']],
    [
      'one person as investigator and trial reviewer',
      { trialReviewerIds: ['p-0033', 'p-0028'] },
      // p-0028 is an investigator, not of the trial office, and cannot hold both roles anyway.
      ['participants.trialReviewerIds.1', 'participants.caseOfficerId', 'participants.trialReviewerIds'],
    ],
  ])('refuses %s with 422 naming each role, and starts nothing', async (_what, patch, paths) => {
    const caseNo = freshCaseNo();
    const res = await open(COUNTY_CMO, countyCase({ caseNo, participants: { ...countyParticipants(), ...patch } }));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('PARTICIPANTS_INVALID');
    expect((res.body.errors as { path: string }[]).map((e) => e.path)).toEqual(paths);
    await notStarted(`case-${COUNTY}-${caseNo}`);
  });

  it('refuses a subject who is not a person of the org model', async () => {
    const caseNo = freshCaseNo();
    const res = await open(COUNTY_CMO, countyCase({ caseNo, subjectIds: ['p-nobody'], caseOfficerId: 'p-0028' }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: 'subjectIds.0', message: 'p-nobody is not a person of the org model' }]);
    await notStarted(`case-${COUNTY}-${caseNo}`);
  });

  it('gives 20 concurrent opens in one jurisdiction 20 consecutive numbers, and counts another jurisdiction separately', async () => {
    const before = await open(COUNTY_CMO, countyCase({ caseOfficerId: 'p-0028' }));
    expect(before.status).toBe(201);
    // A refused body between opens burns no number.
    expect((await open(COUNTY_CMO, countyCase({ caseOfficerId: 'p-0201' }))).status).toBe(422);

    const opened = await Promise.all(
      Array.from({ length: 20 }, () => open(COUNTY_CMO, countyCase({ caseOfficerId: 'p-0028' }))),
    );
    expect(opened.map((r) => r.status)).toEqual(Array(20).fill(201));
    const seqs = opened.map((r) => seqOf(r.body.caseNo as string)).sort((a, b) => a - b);
    const first = seqOf(before.body.caseNo as string) + 1;
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => first + i));

    const city = [await open(CITY_CMO, cityCase()), await open(CITY_CMO, cityCase())];
    expect(city.map((r) => r.status)).toEqual([201, 201]);
    expect(city.map((r) => seqOf(r.body.caseNo as string))).toEqual([CASE_NUMBER_OFFSET + 1, CASE_NUMBER_OFFSET + 2]);
    expect(city[0].body.documentNo).toMatch(new RegExp(`^〔\\d{4}〕${CASE_NUMBER_OFFSET + 1}号$`));
  });

  it('answers a retry with the same key with the same case and number', async () => {
    const key = `k-${randomUUID()}`;
    const first = await open(CITY_CMO, cityCase(), key);
    const retry = await open(CITY_CMO, cityCase(), key);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
  });

  it('takes a paper case number once per jurisdiction', async () => {
    const caseNo = freshCaseNo();
    const body = countyCase({ caseNo, caseOfficerId: 'p-0028' });
    expect((await open(COUNTY_CMO, body)).status).toBe(201);
    const again = await open(COUNTY_CMO, body);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CASE_ALREADY_FILED');
  });

  it('answers a retry whose stored answer was lost with the case it registered, burning no number, and another body under the key with 422', async () => {
    const key = `k-${randomUUID()}`;
    const first = await open(CITY_CMO, cityCase(), key);
    expect(first.status).toBe(201);
    const forget = () => gw.dataSource.query(`DELETE FROM idempotency_keys WHERE key = $1`, [key]);

    await forget();
    const retry = await open(CITY_CMO, cityCase(), key);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    await forget();
    const otherBody = await open(CITY_CMO, cityCase({ domains: ['construction'] }), key);
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const next = await open(CITY_CMO, cityCase());
    expect(seqOf(next.body.caseNo as string)).toBe(seqOf(first.body.caseNo as string) + 1);
  });

  it('registers the number of a case started without its registration to that case, and numbers the open after it', async () => {
    const year = Number(shanghaiLocalDate(Date.now()).slice(0, 4));
    const [{ last_seq: last }] = (await gw.dataSource.query(
      `SELECT last_seq FROM case_number_counters WHERE jurisdiction_id = $1 AND year = $2`,
      [CITY, year],
    )) as { last_seq: number }[];
    const held = formatCaseNo(year, last + 1);
    const paper = freshCaseNo();
    // As an open whose commit failed after Temporal accepted the start leaves them.
    const orphans = [`case-${CITY}-${held}`, `case-${CITY}-${paper}`];
    const encrypting = new Client({ connection, dataConverter: testDataConverter() });
    for (const workflowId of orphans)
      await encrypting.workflow.start('caseWorkflow', {
        workflowId,
        taskQueue: `nobody-polls-${randomUUID()}`,
        memo: { requestKey: 'k-lost-commit', openedBy: 'p-0006' },
      });
    try {
      const opened = await open(CITY_CMO, cityCase());
      expect(opened.status).toBe(201);
      expect(opened.body.caseNo).toBe(formatCaseNo(year, last + 2));
      expect(
        await gw.dataSource.query(
          `SELECT opened_by, request_key FROM case_registrations WHERE jurisdiction_id = $1 AND case_no = $2`,
          [CITY, held],
        ),
      ).toEqual([{ opened_by: 'p-0006', request_key: 'k-lost-commit' }]);

      const paperOpen = await open(CITY_CMO, cityCase({ caseNo: paper }));
      expect(paperOpen.status).toBe(409);
      expect(paperOpen.body.code).toBe('CASE_ALREADY_FILED');
    } finally {
      for (const workflowId of orphans) await client.workflow.getHandle(workflowId).terminate('test over');
    }
  });
});

describe('GET /cases/participant-proposal', () => {
  it('names who fills each role with their post, and the investigator candidates', async () => {
    const res = await gw
      .http()
      .get(`/cases/participant-proposal?unitId=u-county-health&jurisdictionId=${COUNTY}&on=2026-06-01`)
      .set('authorization', await as(COUNTY_CMO));
    expect(res.status).toBe(200);
    const role = (name: string) => res.body.roles.find((r: { role: string }) => r.role === name);
    expect(role('principalLeader')).toEqual({
      role: 'principalLeader',
      unfilledReason: null,
      persons: [expect.objectContaining({ personId: 'p-0025', displayName: '高峰', title: '县纪委书记、县监委主任' })],
    });
    expect(role('caseOfficer').unfilledReason).toContain('choose one');
    expect(res.body.investigatorCandidates.map((c: { personId: string }) => c.personId)).toEqual(['p-0028', 'p-0029']);
  });

  it('tells a cadre of the county committee among the subjects and names the county secretary (DOMAIN §2)', async () => {
    const proposal = async (subjectIds: string) =>
      gw
        .http()
        .get(`/cases/participant-proposal?unitId=u-county-health&jurisdictionId=${COUNTY}&subjectIds=${subjectIds}`)
        .set('authorization', await as(COUNTY_CMO));
    const cadre = await proposal('p-0041,p-0036');
    expect(cadre.status).toBe(200);
    expect(cadre.body.committeeCadre).toEqual({
      subjectManagedBySameLevelCommittee: true,
      partyCommitteePrincipalLeader: expect.objectContaining({ personId: 'p-0024', positionRole: 'secretary' }),
      unfilledReason: null,
    });
    expect((await proposal('p-0041')).body.committeeCadre).toEqual({
      subjectManagedBySameLevelCommittee: false,
      partyCommitteePrincipalLeader: null,
      unfilledReason: null,
    });
  });

  it('refuses a jurisdiction the caller cannot open cases in', async () => {
    const res = await gw
      .http()
      .get(`/cases/participant-proposal?unitId=u-city-housing&jurisdictionId=${CITY}`)
      .set('authorization', await as(COUNTY_CMO));
    expect(res.status).toBe(403);
  });
});

describe('finding a case (issue 10 item 5)', () => {
  let caseId: string;
  let caseNo: string;
  let documentNo: string;
  const list = async (personId: string, query: string) => {
    const res = await gw
      .http()
      .get(`/cases?${query}`)
      .set('authorization', await as(personId));
    expect(res.status).toBe(200);
    return (res.body as CaseList).items.map((c) => c.caseId);
  };

  beforeAll(async () => {
    const opened = await open(COUNTY_CMO, countyCase({ caseOfficerId: 'p-0028', subjectIds: ['p-0039'] }));
    expect(opened.status).toBe(201);
    ({ caseId, caseNo, documentNo } = opened.body as { caseId: string; caseNo: string; documentNo: string });
    await eventually(
      async () => ((await list(COUNTY_CMO, `caseNo=${caseNo}`)).length > 0 ? true : undefined),
      'projected',
      // Behind the worker's backlog of the two dozen cases the tests above open at once.
      120_000,
    );
  });

  it('by case number and by document number, within the caller’s own jurisdiction', async () => {
    expect(await list(COUNTY_CMO, `caseNo=${caseNo}`)).toEqual([caseId]);
    expect(await list(COUNTY_CMO, `documentNo=${encodeURIComponent(documentNo)}`)).toEqual([caseId]);
    const res = await gw
      .http()
      .get(`/cases?caseNo=${caseNo}`)
      .set('authorization', await as(COUNTY_CMO));
    expect(res.body.items[0]).toMatchObject({ caseNo, documentNo });
  });

  it('by subject name only for viewers with full access', async () => {
    expect(await list(COUNTY_CMO, `subjectName=${encodeURIComponent('吕')}`)).toEqual([caseId]);
    expect(await list(COUNTY_CMO, `subjectName=${encodeURIComponent('张伟')}&caseNo=${caseNo}`)).toEqual([]);
    // The admin sees every case's metadata, but not who it is about.
    expect(await list(ADMIN, `caseNo=${caseNo}`)).toEqual([caseId]);
    expect(await list(ADMIN, `subjectName=${encodeURIComponent('吕')}`)).toEqual([]);
  });

  it('refuses search text PostgreSQL cannot hold with 400 instead of failing', async () => {
    for (const query of ['subjectName=%00', 'documentNo=a%00b', 'caseNo=2026']) {
      const res = await gw
        .http()
        .get(`/cases?${query}`)
        .set('authorization', await as(COUNTY_CMO));
      expect({ query, status: res.status, code: res.body.code }).toEqual({
        query,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
  });

  it('by the day it was opened (Asia/Shanghai)', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(await list(COUNTY_CMO, `caseNo=${caseNo}&openedFrom=${today}&openedTo=${today}`)).toEqual([caseId]);
    expect(await list(COUNTY_CMO, `caseNo=${caseNo}&openedTo=2020-01-01`)).toEqual([]);
  });
});
