import { randomUUID } from 'node:crypto';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';

/**
 * Issue 12 §3: the leader in charge's TRIGGER is a request the principal leader decides (AR art. 9), and a
 * refused or declined trace-back is visible, with its reason, to a supervisor who sees only metadata.
 */
const J = 'u-county-x';

let gw: GatewayHarness;

beforeAll(async () => {
  gw = await startGateway({ worker: true });
});

afterAll(() => gw?.close());

const post = (path: string, token: string, body: object) =>
  gw.http().post(path).set('authorization', token).set('idempotency-key', `k-${randomUUID()}`).send(body);

async function openCase(): Promise<string> {
  const cmo = await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [J]);
  const { openedBy: _o, requestKey: _r, ...body } = aCase().build();
  const opened = await post('/cases', cmo, body);
  expect(opened.status).toBe(201);
  return opened.body.caseId as string;
}

describe('opening a trace-back over HTTP', () => {
  it("shows a supervisor the principal leader's refusal of a requested trace-back with its reason", async () => {
    const caseId = await openCase();
    const leader = await gw.token(PEOPLE.leaderInCharge, ['approver'], [J]);
    const requested = await post(`/cases/${caseId}/dual-investigation`, leader, {
      decision: 'TRIGGER',
      reason: 'two complaints about the unit were ignored',
    });
    expect(requested.status).toBe(200);
    expect(requested.body).toMatchObject({ decision: 'TRIGGER_REQUESTED', approvalTaskId: expect.any(String) });

    const principal = await gw.token(PEOPLE.principalLeader, ['approver'], [J]);
    const refusal = 'the unit was inspected last quarter; the findings are being rectified';
    const decided = await eventually(async () => {
      const res = await post(`/tasks/${requested.body.approvalTaskId}/decision`, principal, {
        taskVersion: 1,
        outcome: 'REJECT',
        reason: refusal,
      });
      return res.status === 404 && res.body.code === 'TASK_NOT_FOUND' ? undefined : res;
    }, 'the opening request in the read model');
    expect(decided.status).toBe(200);

    const supervisor = await gw.token('p-supervisor-x', ['supervisor'], [J]);
    const detail = await gw.http().get(`/cases/${caseId}`).set('authorization', supervisor);
    expect(detail.status).toBe(200);
    expect(detail.body.view).toBe('metadata');
    expect(detail.body.dualInvestigation).toMatchObject({
      decision: 'DECLINE',
      reason: refusal,
      opening: { status: 'REJECTED', refusal },
      linkedCase: null,
    });
    expect(detail.body.children.map((c: { role: string }) => c.role)).toEqual(['violation']);
  });
});
