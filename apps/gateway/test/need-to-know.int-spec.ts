import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { Response } from 'supertest';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
import { decideRecusal, startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';

/**
 * Issue 16 §2, §11: a recused person loses the case from the moment of recusal, in every route and view,
 * and a case the caller may not see answers exactly as a case that does not exist, decided from the read
 * model before any workflow is asked.
 */
const J = 'u-county-x';
const OTHER = 'u-county-y';
const DAY = 86_400_000;
const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
// Stats take Shanghai dates: a three-day window holds "now" whatever the hour.
const statsRange = `from=${utcDate(Date.now() - DAY)}&to=${utcDate(Date.now() + DAY)}`;

let gw: GatewayHarness;
let cmo: string;

beforeAll(async () => {
  gw = await startGateway({ worker: true });
  cmo = await gw.token(PEOPLE.caseManagementOfficer, ['staff', 'supervisor'], [J]);
});

afterAll(() => gw?.close());

/** Opens a case as its case-management officer and waits for its read-model row. */
async function openCase(): Promise<string> {
  const { openedBy: _o, requestKey: _r, ...body } = aCase().build();
  const opened = await gw
    .http()
    .post('/cases')
    .set('authorization', cmo)
    .set('idempotency-key', `k-${randomUUID()}`)
    .send(body);
  expect(opened.status).toBe(201);
  const caseId = opened.body.caseId as string;
  await eventually(async () => {
    const rows: unknown[] = await gw.dataSource.query(`SELECT 1 FROM cases WHERE case_id = $1`, [caseId]);
    return rows.length === 1 ? true : undefined;
  }, `the read-model row of ${caseId}`);
  return caseId;
}

const get = (path: string, token: string) => gw.http().get(path).set('authorization', token);

/** Every list and export a person with these roles could find the case in, as raw text. */
async function everyListing(token: string): Promise<Record<string, string>> {
  const paths = [
    '/cases',
    '/tasks',
    '/supervision/stalled?idleWd=1',
    '/supervision/stalled/export.csv?idleWd=1',
    '/supervision/overdue',
    '/supervision/overdue/export.csv',
    `/supervision/stats?${statsRange}`,
    `/supervision/stats/export.csv?${statsRange}`,
    '/supervision/rectification',
    '/supervision/rectification/export.csv',
  ];
  const texts: Record<string, string> = {};
  for (const path of paths) {
    const res = await get(path, token);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    texts[path] = res.text;
  }
  return texts;
}

const openedToday = async (token: string) =>
  ((await get(`/supervision/stats?${statsRange}`, token)).body.casesPerStage as { count: number }[]).reduce(
    (n, s) => n + s.count,
    0,
  );

describe('need-to-know for recused persons', () => {
  it('a recused deputy gets 404 on the case detail, audit and accountability routes and finds it in no list or export', async () => {
    const caseId = await openCase();
    const deputy = await gw.token(PEOPLE.deputy2, ['approver', 'supervisor'], [J]);
    expect((await get(`/cases/${caseId}`, deputy)).status).toBe(200);
    expect((await get('/cases', deputy)).text).toContain(caseId);
    const countedBefore = await openedToday(deputy);
    expect(countedBefore).toBeGreaterThanOrEqual(1);

    const declared = await gw
      .http()
      .post(`/cases/${caseId}/conflicts`)
      .set('authorization', deputy)
      .set('idempotency-key', `k-${randomUUID()}`)
      .send({ personId: PEOPLE.deputy2, ground: 'RELATIVE', reason: 'the subject is my brother-in-law' });
    expect(declared.status).toBe(200);
    await decideRecusal(gw, declared.body.recusalTaskId, await gw.token(PEOPLE.principalLeader, ['approver'], [J]));

    // From the moment of recusal: the detail routes read the live registry, not the read model.
    for (const path of [
      `/cases/${caseId}`,
      `/cases/${caseId}/audit`,
      `/cases/${caseId}/audit/verify`,
      `/cases/${caseId}/accountability`,
    ]) {
      const res = await get(path, deputy);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 404, code: 'CASE_NOT_FOUND' });
    }
    const act = await gw
      .http()
      .post(`/cases/${caseId}/dual-investigation`)
      .set('authorization', deputy)
      .set('idempotency-key', `k-${randomUUID()}`)
      .send({ decision: 'TRIGGER', reason: 'try anyway' });
    expect([act.status, act.body.code]).toEqual([404, 'CASE_NOT_FOUND']);

    await eventually(async () => {
      const rows: { recused_ids: string[] }[] = await gw.dataSource.query(
        `SELECT recused_ids FROM cases WHERE case_id = $1`,
        [caseId],
      );
      return rows[0]?.recused_ids.includes(PEOPLE.deputy2) ? true : undefined;
    }, 'the recusal in the read model');
    const listings = await everyListing(deputy);
    for (const [path, text] of Object.entries(listings))
      expect({ path, mentions: text.includes(caseId) }).toEqual({ path, mentions: false });
    expect(await openedToday(deputy)).toBe(countedBefore - 1);
    // Everyone else in the commission still has it.
    expect((await get('/cases', cmo)).text).toContain(caseId);
    expect(await openedToday(cmo)).toBe(countedBefore);
  });
});

describe('existence oracle', () => {
  /** The problem body without what names the request (its path, trace id and the id asked for). */
  const shapeOf = (res: Response, id: string) => ({
    status: res.status,
    contentType: res.headers['content-type'],
    body: { ...res.body, instance: undefined, traceId: undefined, detail: String(res.body.detail).replace(id, '<id>') },
  });

  it('answers a hidden case exactly like a case that does not exist, without asking its workflow', async () => {
    const caseId = await openCase();
    const missing = 'case-2099-990001';
    const outsider = await gw.token('p-nk-outsider', ['staff', 'approver', 'supervisor'], [OTHER]);
    const getHandle = jest.spyOn(gw.app.get(Client, { strict: false }).workflow, 'getHandle');
    try {
      for (const suffix of ['', '/audit', '/audit/verify', '/accountability']) {
        getHandle.mockClear();
        const hidden = await get(`/cases/${caseId}${suffix}`, outsider);
        expect(getHandle.mock.calls.filter(([id]) => id === caseId)).toEqual([]);
        const absent = await get(`/cases/${missing}${suffix}`, outsider);
        expect(shapeOf(hidden, caseId)).toEqual(shapeOf(absent, missing));
        expect(hidden.status).toBe(404);
      }
    } finally {
      getHandle.mockRestore();
    }
  });

  it('answers a task of a hidden case exactly like a task that does not exist', async () => {
    const caseId = await openCase();
    const taskId = await eventually(async () => {
      const rows: { task_id: string }[] = await gw.dataSource.query(
        `SELECT task_id FROM case_tasks WHERE case_id = $1 AND status = 'OPEN'`,
        [caseId],
      );
      return rows[0]?.task_id;
    }, 'the intake task in the read model');
    const missing = `t-${randomUUID()}`;
    const outsider = await gw.token('p-nk-outsider', ['staff', 'approver', 'supervisor'], [OTHER]);
    const decide = (id: string) =>
      gw
        .http()
        .post(`/tasks/${id}/decision`)
        .set('authorization', outsider)
        .set('idempotency-key', `k-${randomUUID()}`)
        .send({ taskVersion: 1, outcome: 'REGISTERED', comment: 'probe', basis: [{ regulation: 'WR', article: '1' }] });
    const hidden = await decide(taskId);
    expect(shapeOf(hidden, taskId)).toEqual(shapeOf(await decide(missing), missing));
    expect([hidden.status, hidden.body.code]).toEqual([404, 'TASK_NOT_FOUND']);
  });
});
