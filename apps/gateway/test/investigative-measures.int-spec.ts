import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { CaseDriver, eventually } from '../../../test/support/case-driver';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';

/**
 * Issue 12 §8 over HTTP: a proposal opening preliminary verification names a team of at least two, and the
 * team's investigative measures are logged with `POST /cases/{id}/measures` and listed, with their approval
 * and the last day their limit allows, by `GET /cases/{id}/measures`.
 */
const J = 'u-county-x';
const key = () => `k-${randomUUID()}`;

let gw: GatewayHarness;
let caseId: string;
let driver: CaseDriver;
const tokens: Record<string, string> = {};

const logMeasure = (personId: string, body: object) =>
  gw
    .http()
    .post(`/cases/${caseId}/measures`)
    .set('authorization', tokens[personId])
    .set('idempotency-key', key())
    .send(body);

beforeAll(async () => {
  gw = await startGateway({ worker: true });
  for (const personId of [PEOPLE.caseManagementOfficer, PEOPLE.caseOfficer, PEOPLE.teamMember, PEOPLE.leaderInCharge])
    tokens[personId] = await gw.token(personId, ['staff'], [J]);
  tokens[PEOPLE.principalLeader] = await gw.token(PEOPLE.principalLeader, ['approver'], [J]);
  const { openedBy: _o, requestKey: _r, ...body } = aCase().build();
  const opened = await gw
    .http()
    .post('/cases')
    .set('authorization', tokens[PEOPLE.caseManagementOfficer])
    .set('idempotency-key', key())
    .send(body);
  expect(opened.status).toBe(201);
  caseId = opened.body.caseId;
  driver = new CaseDriver(gw.app.get(Client), caseId);
});

afterAll(() => gw?.close());

describe('investigation team and measures over HTTP', () => {
  it('refuses a lead disposal into preliminary verification with a team of one, naming the rule', async () => {
    await driver.complete('intake', 'REGISTERED');
    const proposal = await driver.openTask('clueDisposal', 'decision');
    const refused = await eventually(async () => {
      const res = await gw
        .http()
        .post(`/tasks/${proposal.taskId}/decision`)
        .set('authorization', tokens[PEOPLE.caseOfficer])
        .set('idempotency-key', key())
        .send({ taskVersion: proposal.version, outcome: 'PRELIM_VERIFY', teamIds: [PEOPLE.caseOfficer] });
      return res.body.code === 'TASK_NOT_FOUND' ? undefined : res;
    }, 'the lead disposal task in the read model');
    expect([refused.status, refused.body.code]).toEqual([422, 'INVESTIGATION_TEAM_INVALID']);
    expect(refused.body.detail).toContain('a team of at least 2 (DOMAIN §2)');
    expect((await driver.task(proposal.taskId)).status).toBe('OPEN');
  });

  it('logs a talk by a team member, refuses others and coercive measures, and lists the freeze once approved', async () => {
    await driver.complete('clueDisposal', 'PRELIM_VERIFY');
    await driver.waitForStage('preliminaryVerification');

    const outsider = await logMeasure(PEOPLE.leaderInCharge, { kind: 'TALK', purpose: 'talk with the clerk' });
    expect([outsider.status, outsider.body.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
    const early = await logMeasure(PEOPLE.caseOfficer, { kind: 'FREEZE', purpose: 'the kickback account' });
    expect([early.status, early.body.code]).toEqual([422, 'MEASURE_NOT_ALLOWED']);
    const talk = await logMeasure(PEOPLE.teamMember, { kind: 'TALK', purpose: 'talk with the procurement clerk' });
    expect(talk.status).toBe(200);
    expect(talk.body).toMatchObject({ status: 'RECORDED' });

    await driver.complete('preliminaryVerification', 'FILE_CASE');
    await driver.complete('filing', 'FILED');
    await driver.waitForStage('investigation');
    const freeze = await logMeasure(PEOPLE.caseOfficer, { kind: 'FREEZE', purpose: 'the kickback account' });
    expect([freeze.status, freeze.body.status]).toEqual([200, 'PENDING_APPROVAL']);
    const approval = await driver.task(freeze.body.approvalTaskId);
    expect(approval.assigneeId).toBe(PEOPLE.principalLeader);
    await driver.submit(approval, 'APPROVE');

    const list = await eventually(async () => {
      const res = await gw.http().get(`/cases/${caseId}/measures`).set('authorization', tokens[PEOPLE.caseOfficer]);
      return res.body.items?.length === 2 && res.body.items[1].status === 'RECORDED' ? res : undefined;
    }, 'both measures listed, the freeze approved');
    expect(list.body.items.map((m: { kind: string; stage: string }) => [m.kind, m.stage])).toEqual([
      ['TALK', 'preliminaryVerification'],
      ['FREEZE', 'investigation'],
    ]);
    const [listedTalk, listedFreeze] = list.body.items;
    expect(listedTalk).toMatchObject({ loggedBy: PEOPLE.teamMember, limit: null, dueOn: null });
    expect(listedFreeze).toMatchObject({
      approverIds: [PEOPLE.principalLeader],
      limit: { amount: 6, unit: 'm' },
      takenOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      dueOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(listedFreeze.dueOn > listedFreeze.takenOn).toBe(true);
    // The row is written before its audit entry: the approval's entry may land a moment after the list shows it.
    const audit = await eventually(async () => {
      const rows: { action: string }[] = await gw.dataSource.query(
        `SELECT action FROM audit_entries WHERE case_id = $1 AND action LIKE 'MEASURE_%' ORDER BY id`,
        [caseId],
      );
      return rows.length === 3 ? rows.map((r) => r.action) : undefined;
    }, 'the three measure audit entries');
    expect(audit).toEqual(['MEASURE_RECORDED', 'MEASURE_REQUESTED', 'MEASURE_APPROVED']);
  });
});
