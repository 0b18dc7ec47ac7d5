import { createHash, randomUUID } from 'node:crypto';
import type {
  InboxTask,
  Problem,
  RectificationListDetail,
  RectificationSupervisionView,
} from '../../libs/contracts/src/http';
import { shanghaiLocalDate } from '../../libs/domain/src/calendar';
import { COMPRESSED_POLICY } from '../../libs/domain/src/policy';
import { createDataSource, loadSampleOrgIfEmpty } from '../../libs/persistence/src';
import { startAppStack, type AppStack } from '../support/app-stack';
import { eventually } from './support/eventually';
import { personClient, type PersonClient } from './support/http-client';
import { withAppLogs } from './support/app-logs';

/**
 * Issue 6, end to end: a problem list of 20 items for three units of the sample org (its roles come from
 * the org model, not from token claims), driven to completion over HTTP with the compressed policy by
 * the responsible persons and the city commission, with the supervision view checked along the way.
 */
const CITY = 'u-city-committee';
const HOUSING = 'u-city-housing';
const TRANSPORT = 'u-city-transport';
const CTIG = 'u-city-ctig';
/** infra/seed/sample-org.json: party-group members of the three units, and the city commission. */
const ORG = {
  caseManagementOfficer: 'p-0007',
  verifier: 'p-0006',
  leaderInCharge: 'p-0003',
  deputy: 'p-0004',
  housing: ['p-0013', 'p-0015'],
  transport: ['p-0018', 'p-0014'],
  ctig: ['p-0019'],
} as const;
const REQUIREMENTS = [
  { kind: 'REGULATION', description: 'the adopted rules' },
  { kind: 'MEETING_MINUTES', description: 'minutes of the party group meeting' },
];
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const evidenceFor = (itemKey: string, kinds = ['REGULATION', 'MEETING_MINUTES']) =>
  kinds.map((kind) => ({ id: `doc-${itemKey}-${kind.toLowerCase()}`, sha256: sha256(`${itemKey}/${kind}`), kind }));

interface Item {
  itemKey: string;
  unitId: string;
  responsible: string;
}
/** 8 housing, 7 transport and 5 CTIG items, each unit's people taking turns. */
const ITEMS: Item[] = [
  ...Array.from({ length: 8 }, (_, i) => ({ itemKey: `H${i + 1}`, unitId: HOUSING, responsible: ORG.housing[i % 2] })),
  ...Array.from({ length: 7 }, (_, i) => ({
    itemKey: `T${i + 1}`,
    unitId: TRANSPORT,
    responsible: ORG.transport[i % 2],
  })),
  ...Array.from({ length: 5 }, (_, i) => ({ itemKey: `C${i + 1}`, unitId: CTIG, responsible: ORG.ctig[0] })),
];

async function seedSampleOrg(databaseUrl: string): Promise<void> {
  const dataSource = await createDataSource(databaseUrl).initialize();
  try {
    await loadSampleOrgIfEmpty(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

describe('a problem list of 20 items over HTTP with the compressed policy', () => {
  let stack: AppStack;
  const people = new Map<string, PersonClient>();
  const as = (personId: string) => people.get(personId)!;

  beforeAll(async () => {
    stack = await startAppStack({}, { beforeStart: seedSampleOrg });
    const ids = [ORG.caseManagementOfficer, ORG.verifier, ...new Set(ITEMS.map((i) => i.responsible))];
    // No roles or jurisdictions in the tokens: the gateway reads them from the org model.
    for (const id of ids) people.set(id, await personClient(stack, id));
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  /** A year out in case time is two real minutes × 365: no item falls due while the test runs. */
  const dueDate = shanghaiLocalDate(Date.now() + 365 * 24 * 60 * 60 * 1000);
  const listBody = (listNo: string, items: Record<string, unknown>[]) => ({
    listNo,
    source: 'INSPECTION_FEEDBACK',
    supervisingBodyId: CITY,
    policyVersion: COMPRESSED_POLICY.version,
    participants: {
      verifierIds: [ORG.verifier, ORG.caseManagementOfficer],
      caseManagementOfficerId: ORG.caseManagementOfficer,
      leaderInChargeId: ORG.leaderInCharge,
      higherCommissionCaseManagementId: ORG.deputy,
      superiorOf: { 'p-0015': 'p-0013', 'p-0014': 'p-0018' },
    },
    items,
  });
  const row = (item: Item) => ({
    itemKey: item.itemKey,
    problem: `inspection finding ${item.itemKey}`,
    measure: `measure for ${item.itemKey}`,
    responsiblePersonId: item.responsible,
    responsibleUnitId: item.unitId,
    dueDate,
    evidenceRequirements: REQUIREMENTS,
  });

  const listOf = async (listId: string) => {
    const res = await as(ORG.caseManagementOfficer).get<RectificationListDetail>(`/rectification/lists/${listId}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const supervision = async () => {
    const res = await as(ORG.caseManagementOfficer).get<RectificationSupervisionView>('/supervision/rectification');
    expect(res.status).toBe(200);
    return res.body;
  };
  /** Completion by unit from the read model, once it reaches the expected rates (the projection is async). */
  const supervisionShows = (rates: Record<string, number>, what: string) =>
    eventually(
      async () => {
        const view = await supervision();
        const byUnit = Object.fromEntries(view.completionByUnit.map((u) => [u.unitId, u.completionRate]));
        return Object.entries(rates).every(([unit, rate]) => byUnit[unit] === rate) ? view : undefined;
      },
      what,
      30_000,
    );

  async function taskOf(personId: string, listId: string, itemKey: string, stage: string): Promise<InboxTask> {
    // Task titles name the item ("Rectify item H1 of list …"); the inbox is the person's own view.
    return eventually(
      async () =>
        (await as(personId).inbox()).find(
          (t) => t.caseId === listId && t.stage === stage && t.title.includes(`item ${itemKey} `),
        ),
      `the ${stage} task of ${itemKey} in the inbox of ${personId}`,
      30_000,
    );
  }

  async function submit(listId: string, item: Item, kinds?: string[]) {
    await taskOf(item.responsible, listId, item.itemKey, 'rectification');
    return as(item.responsible).post<{ state: string } | Problem>(
      `/rectification/lists/${listId}/items/${item.itemKey}/submission`,
      { summary: `${item.itemKey} done`, evidence: evidenceFor(item.itemKey, kinds) },
    );
  }

  async function verify(listId: string, item: Item, outcome: 'PASS' | 'FAIL', reason?: string) {
    const task = await taskOf(ORG.verifier, listId, item.itemKey, 'verification');
    expect(task.allowedOutcomes).toEqual(['PASS', 'FAIL']);
    const res = await as(ORG.verifier).decide(task.taskId, {
      taskVersion: task.version,
      outcome,
      comment: `${item.itemKey}: ${outcome}`,
      ...(reason ? { reason } : {}),
    });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { taskId: task.taskId, outcome, stage: 'verification' },
    });
  }

  async function signOff(listId: string, item: Item) {
    const submitted = await submit(listId, item);
    expect({ status: submitted.status, state: (submitted.body as { state: string }).state }).toEqual({
      status: 200,
      state: 'SUBMITTED',
    });
    await verify(listId, item, 'PASS');
  }

  it('rejects an import with bad rows, reporting every one, and creates nothing', async () => {
    await withAppLogs(stack, async () => {
      const listNo = `2026-RX-${randomUUID().slice(0, 8)}`;
      const [good, other] = ITEMS;
      const res = await as(ORG.caseManagementOfficer).post<Problem>(
        '/rectification/lists',
        listBody(listNo, [
          row(good),
          { ...row(other), responsibleUnitId: 'u-nowhere' },
          { ...row({ ...other, itemKey: 'X3' }), responsiblePersonId: 'p-9999', dueDate: '2020-01-01' },
          { ...row({ ...other, itemKey: 'X4' }), evidenceRequirements: [{ kind: 'SELFIE', description: 'x' }] },
        ]),
      );
      expect(res.status).toBe(422);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.code).toBe('INVALID_RECTIFICATION_LIST');
      expect(res.body.errors?.map((e) => [e.path, e.message.split(':')[0]])).toEqual(
        expect.arrayContaining([
          ['items.1.responsibleUnitId', 'UNKNOWN_UNIT'],
          ['items.2.responsiblePersonId', 'UNKNOWN_PERSON'],
          ['items.2.dueDate', 'DEADLINE_IN_PAST'],
          ['items.3.evidenceRequirements[0].kind', 'UNKNOWN_EVIDENCE_KIND'],
        ]),
      );
      expect(res.body.errors).toHaveLength(4);
      const missing = await as(ORG.caseManagementOfficer).get<Problem>(`/rectification/lists/rectification-${listNo}`);
      expect({ status: missing.status, code: missing.body.code }).toEqual({
        status: 404,
        code: 'RECTIFICATION_LIST_NOT_FOUND',
      });
    });
  });

  it('takes 20 items of three units to a complete list, unit by unit, the supervision view following', async () => {
    await withAppLogs(stack, async () => {
      const cmo = as(ORG.caseManagementOfficer);
      const listNo = `2026-R-${randomUUID().slice(0, 8)}`;
      const key = `e2e-${randomUUID()}`;
      const created = await cmo.post<{ listId: string; created: boolean }>(
        '/rectification/lists',
        listBody(listNo, ITEMS.map(row)),
        key,
      );
      expect({ status: created.status, body: created.body }).toEqual({
        status: 201,
        body: { listId: `rectification-${listNo}`, created: true },
      });
      const listId = created.body.listId;
      const retried = await cmo.post('/rectification/lists', listBody(listNo, ITEMS.map(row)), key);
      expect({ status: retried.status, body: retried.body }).toEqual({ status: 200, body: created.body });

      const opened = await listOf(listId);
      expect(opened).toMatchObject({
        status: 'OPEN',
        supervisingBodyId: CITY,
        completion: { total: 20, signedOff: 0, completionRate: 0, complete: false },
      });
      expect(opened.items.every((i) => i.daysOverdue === 0 && !i.overdue)).toBe(true);
      await supervisionShows({ [HOUSING]: 0, [TRANSPORT]: 0, [CTIG]: 0 }, 'three units at 0%');

      const housing = ITEMS.filter((i) => i.unitId === HOUSING);
      const transport = ITEMS.filter((i) => i.unitId === TRANSPORT);
      const ctig = ITEMS.filter((i) => i.unitId === CTIG);

      // A progress report with an attachment by id and checksum, by the responsible person only.
      const [h1] = housing;
      await taskOf(h1.responsible, listId, h1.itemKey, 'rectification');
      const progressPath = `/rectification/lists/${listId}/items/${h1.itemKey}/progress`;
      const report = { summary: 'draft rules circulated', attachments: evidenceFor('H1-draft', ['DOCUMENT']) };
      const intruder = await as(ORG.transport[0]).post<Problem>(progressPath, report);
      expect({ status: intruder.status, code: intruder.body.code }).toEqual({ status: 403, code: 'NOT_ASSIGNEE' });
      const progressed = await as(h1.responsible).post<{ state: string }>(progressPath, report);
      expect({ status: progressed.status, state: progressed.body.state }).toEqual({
        status: 200,
        state: 'IN_PROGRESS',
      });

      // Housing: every item submitted; H1 fails verification and is reopened, the other seven are signed off.
      for (const item of housing.slice(1)) await signOff(listId, item);
      expect((await submit(listId, h1)).status).toBe(200);
      await verify(listId, h1, 'FAIL', 'the minutes do not show the rules were adopted');
      const afterHousing = await supervisionShows(
        { [HOUSING]: 0.875, [TRANSPORT]: 0, [CTIG]: 0 },
        'housing at 7/8, the others at 0',
      );
      expect(afterHousing.reopened).toEqual([
        expect.objectContaining({ listId, itemKey: 'H1', reopenCount: 1, state: 'REJECTED' }),
      ]);
      expect(afterHousing.overdue).toEqual([]);

      // A report of done without the minutes its requirements name is refused, and changes nothing.
      const [t1] = transport;
      const incomplete = await submit(listId, t1, ['REGULATION']);
      expect(incomplete.status).toBe(422);
      expect(incomplete.contentType).toContain('application/problem+json');
      expect((incomplete.body as Problem).code).toBe('MISSING_EVIDENCE');
      expect((incomplete.body as Problem).detail).toContain('MEETING_MINUTES');
      expect((await listOf(listId)).items.find((i) => i.itemKey === t1.itemKey)?.state).toBe('OPEN');

      // H1 again, this time with evidence that passes; transport completes.
      await signOff(listId, h1);
      for (const item of transport) await signOff(listId, item);
      await supervisionShows({ [HOUSING]: 1, [TRANSPORT]: 1, [CTIG]: 0 }, 'housing and transport at 100%');
      expect(await listOf(listId)).toMatchObject({
        status: 'OPEN',
        completion: { total: 20, signedOff: 15, completionRate: 0.75, complete: false },
      });

      // CTIG: the list stays open with one item left, and completes only once the last is signed off.
      for (const item of ctig.slice(0, -1)) await signOff(listId, item);
      await supervisionShows({ [HOUSING]: 1, [TRANSPORT]: 1, [CTIG]: 0.8 }, 'CTIG at 4/5');
      expect(await listOf(listId)).toMatchObject({
        status: 'OPEN',
        completedAt: null,
        completion: { signedOff: 19, complete: false },
      });
      await signOff(listId, ctig.at(-1)!);
      const done = await eventually(
        async () => {
          const list = await listOf(listId);
          return list.status === 'COMPLETED' ? list : undefined;
        },
        'the list to complete',
        30_000,
      );
      expect(done).toMatchObject({ completion: { total: 20, signedOff: 20, completionRate: 1, complete: true } });
      expect(done.completedAt).not.toBeNull();
      expect(done.items.every((i) => i.state === 'VERIFIED_CLOSED' && i.signedOffAt !== null)).toBe(true);
      expect(done.items.find((i) => i.itemKey === 'H1')).toMatchObject({ reopenCount: 1 });
      const final = await supervisionShows({ [HOUSING]: 1, [TRANSPORT]: 1, [CTIG]: 1 }, 'every unit at 100%');
      expect(final.completionByUnit).toEqual([
        { unitId: CTIG, total: 5, signedOff: 5, completionRate: 1 },
        { unitId: HOUSING, total: 8, signedOff: 8, completionRate: 1 },
        { unitId: TRANSPORT, total: 7, signedOff: 7, completionRate: 1 },
      ]);
    });
  });

  it('opens the problem list of a closing case from its findings, reachable from the case and over the list routes', async () => {
    await withAppLogs(stack, async () => {
      // The county commission (sample org): 胡悦 registers, 马 investigates (README, "A first case").
      const cmo = await personClient(stack, 'p-0032');
      const opened = await cmo.openCase({
        kind: 'violation',
        unitId: 'u-county-health',
        jurisdictionId: 'u-county-committee',
        subjectIds: ['p-0041'],
        domains: ['procurement'],
        misconductIntervals: [{ from: '2022-01-01', to: '2024-06-30' }],
        caseOfficerId: 'p-0028',
      });
      const caseId = opened.caseId;
      const findings = await cmo.post<{ items: number } | Problem>(`/cases/${caseId}/rectification-findings`, {
        items: [
          { ...row({ itemKey: 'F1', unitId: 'u-county-health', responsible: 'p-0036' }), problem: 'no second check' },
        ],
      });
      expect(findings).toMatchObject({ status: 200, body: { items: 1 } });
      const intake = await cmo.findInInbox(caseId, 'intake', 'decision');
      const decided = await cmo.decide(intake.taskId, { taskVersion: intake.version, outcome: 'TRANSFERRED' });
      expect(decided.status).toBe(200);

      const detail = await eventually(
        async () => {
          const d = await cmo.caseDetail(caseId);
          return d.case.status === 'CLOSED' && d.rectification?.listId ? d : undefined;
        },
        'the closed case linking its problem list',
        30_000,
      );
      const listId = detail.rectification!.listId!;
      const res = await cmo.get<RectificationListDetail>(`/rectification/lists/${listId}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        source: 'CASE_FINDINGS',
        sourceCaseId: caseId,
        supervisingBodyId: 'u-county-committee',
        status: 'OPEN',
        completion: { total: 1, signedOff: 0 },
      });
      expect(res.body.items.map((i) => [i.itemKey, i.responsiblePersonId])).toEqual([['F1', 'p-0036']]);
    });
  });
});
