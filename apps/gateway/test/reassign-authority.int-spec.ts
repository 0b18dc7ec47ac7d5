import { randomUUID } from 'node:crypto';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';

/**
 * Who may reassign a task of a case (DOMAIN §1, §7: the case-management office supervises and tracks
 * deadlines). The case's own case-management officer, leader in charge and principal leader may; so may
 * anyone of the case-management office of the case's jurisdiction, its director included, though the
 * case does not name them. Nobody else may: not a participant of another role, not the jurisdiction's
 * other staff or approvers, not the case-management office of another jurisdiction.
 */
const J = 'u-county-x';
const OTHER = 'u-county-y';
const DIRECTOR = 'p-cm-director';
const SECOND_OFFICER = 'p-cmo-2';
const THIRD_OFFICER = 'p-cmo-3';
let gw: GatewayHarness;
let caseId: string;
let taskId: string;

const reassign = async (token: string, newAssigneeId: string) =>
  gw
    .http()
    .post(`/tasks/${taskId}/reassign`)
    .set('authorization', token)
    .set('idempotency-key', `k-${randomUUID()}`)
    .send({ newAssigneeId, reason: '承办人请假' });

const assigneeInReadModel = async (): Promise<string> => {
  const rows: { assignee_id: string }[] = await gw.dataSource.query(
    'SELECT assignee_id FROM case_tasks WHERE task_id = $1',
    [taskId],
  );
  return rows[0].assignee_id;
};

beforeAll(async () => {
  gw = await startGateway({ worker: true });
  const cmo = await gw.token(PEOPLE.caseManagementOfficer, ['staff', 'supervisor'], [J]);
  const { openedBy: _o, requestKey: _r, ...body } = aCase().build();
  const opened = await gw
    .http()
    .post('/cases')
    .set('authorization', cmo)
    .set('idempotency-key', `k-${randomUUID()}`)
    .send(body);
  expect(opened.status).toBe(201);
  caseId = opened.body.caseId;
  taskId = await eventually(async () => {
    const rows: { task_id: string }[] = await gw.dataSource.query(
      `SELECT task_id FROM case_tasks WHERE case_id = $1 AND stage = 'intake' AND status = 'OPEN'`,
      [caseId],
    );
    return rows[0]?.task_id;
  }, 'the intake task in the read model');
});

afterAll(() => gw?.close());

describe('reassigning a task', () => {
  it('refuses everyone who neither holds a supervising post on the case nor sits in its case-management office', async () => {
    const refused = [
      ['the case officer', await gw.token(PEOPLE.caseOfficer, ['staff'], [J])],
      ['a deputy leader of the case', await gw.token(PEOPLE.deputy2, ['approver'], [J])],
      ['staff of the jurisdiction', await gw.token('p-staff-x', ['staff'], [J])],
      ['an approver of the jurisdiction', await gw.token('p-member-x', ['approver'], [J])],
      ['the case-management office of another jurisdiction', await gw.token('p-cm-y', ['supervisor'], [OTHER])],
    ] as const;
    const answers: Record<string, string> = {};
    for (const [who, token] of refused) {
      const res = await reassign(token, SECOND_OFFICER);
      answers[who] = `${res.status} ${res.body.code}`;
    }
    expect(answers).toEqual({
      'the case officer': '403 ROLE_NOT_ALLOWED',
      'a deputy leader of the case': '403 ROLE_NOT_ALLOWED',
      'staff of the jurisdiction': '404 TASK_NOT_FOUND',
      'an approver of the jurisdiction': '404 TASK_NOT_FOUND',
      'the case-management office of another jurisdiction': '404 TASK_NOT_FOUND',
    });
    expect(await assigneeInReadModel()).toBe(PEOPLE.caseManagementOfficer);
  });

  it('lets the director of the jurisdiction’s case-management office reassign, though the case does not name them', async () => {
    const director = await gw.token(DIRECTOR, ['supervisor', 'staff'], [J]);
    const res = await reassign(director, SECOND_OFFICER);
    expect(res.status).toBe(200);
    expect(
      await eventually(
        async () => ((await assigneeInReadModel()) === SECOND_OFFICER ? true : undefined),
        'the reassignment in the read model',
      ),
    ).toBe(true);
    const audit: { actor_id: string }[] = await gw.dataSource.query(
      `SELECT actor_id FROM audit_entries WHERE case_id = $1 AND action = 'TASK_REASSIGNED'`,
      [caseId],
    );
    expect(audit.map((a) => a.actor_id)).toEqual([DIRECTOR]);
  });

  it('still lets the case’s own leader in charge reassign', async () => {
    const leader = await gw.token(PEOPLE.leaderInCharge, ['approver'], [J]);
    const res = await reassign(leader, THIRD_OFFICER);
    expect(res.status).toBe(200);
    expect(
      await eventually(
        async () => ((await assigneeInReadModel()) === THIRD_OFFICER ? true : undefined),
        'the second reassignment in the read model',
      ),
    ).toBe(true);
  });
});
