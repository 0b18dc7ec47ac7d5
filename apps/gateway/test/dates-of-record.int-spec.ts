import { randomInt, randomUUID } from 'node:crypto';
import { shanghaiLocalDate } from '@shuangcha/domain/calendar';
import { ProblemCode, type CaseDetail } from '@shuangcha/contracts/http';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';

/**
 * Issue 12 §4a over HTTP: a case carries the day its lead was received and a decision the day it was taken;
 * a day that cannot be is refused with 422, and every case says which clock its timestamps are on.
 */
const uniqueCaseNo = () => `2026-${randomInt(900_000, 1_000_000)}`;
const JURISDICTION = 'u-county-x';
const key = () => `k-${randomUUID()}`;
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => shanghaiLocalDate(Date.now() - days * DAY_MS);

let gw: GatewayHarness;
let cmo: string;

beforeAll(async () => {
  gw = await startGateway({ worker: true, env: { ALLOWED_POLICY_VERSIONS: 'dom-2026.1,compressed-2026.1' } });
  cmo = await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [JURISDICTION]);
});
afterAll(() => gw?.close());

function openBody(leadReceivedOn: string, policyVersion = 'dom-2026.1') {
  const {
    openedBy: _o,
    requestKey: _r,
    ...body
  } = aCase().withCaseNo(uniqueCaseNo()).withPolicy(policyVersion).withLeadReceivedOn(leadReceivedOn).build();
  return body;
}
const open = (body: object) =>
  gw.http().post('/cases').set('authorization', cmo).set('idempotency-key', key()).send(body);

describe('dates of record over HTTP', () => {
  it('refuses a lead received in the future with 422 DATE_OF_RECORD_INVALID and opens nothing', async () => {
    const body = openBody(daysAgo(-2));
    const res = await open(body);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: ProblemCode.DateOfRecordInvalid });
    const listed = await gw.http().get(`/cases?caseNo=${body.caseNo}`).set('authorization', cmo);
    expect(listed.body.items).toEqual([]);
  });

  it('keeps the day the lead was received, refuses a decision dated before it, and says the case runs on real time', async () => {
    const received = daysAgo(3);
    const opened = await open(openBody(received));
    expect(opened.status).toBe(201);
    const caseId = opened.body.caseId as string;
    const detail = await eventually(async () => {
      const res = await gw.http().get(`/cases/${caseId}`).set('authorization', cmo);
      const body = res.body as CaseDetail;
      // The case learns its deadline from the child's report of the task it opened.
      return body.openTasks?.length && body.case.deadlineAt ? body : undefined;
    }, 'the intake task and the case deadline');
    expect(detail.leadReceivedOn).toBe(received);
    expect(detail.case.clock).toBe('real');
    const [intake] = detail.openTasks ?? [];
    // The case deadline is the first task's, before anyone decided anything.
    expect(detail.case.deadlineAt).toBe(intake.dueAt);

    const decide = (decidedOn: string) =>
      gw
        .http()
        .post(`/tasks/${intake.taskId}/decision`)
        .set('authorization', cmo)
        .set('idempotency-key', key())
        .send({ taskVersion: intake.version, outcome: 'REGISTERED', comment: '受理', basis: [], decidedOn });
    const early = await decide(daysAgo(4));
    expect({ status: early.status, code: early.body.code }).toEqual({ status: 422, code: ProblemCode.InvalidDecision });
    expect(early.body.detail).toContain('before the previous step');
    const onTime = await decide(daysAgo(2));
    expect(onTime.status).toBe(200);
    const after = await eventually(async () => {
      const body = (await gw.http().get(`/cases/${caseId}`).set('authorization', cmo)).body as CaseDetail;
      return body.timeline?.some((e) => e.decidedOn === daysAgo(2)) ? body : undefined;
    }, 'the intake decision on the timeline with its day');
    expect(after.timeline?.find((e) => e.decidedOn)).toMatchObject({ stage: 'violation:intake', action: 'PROPOSED' });
  });

  it('says a case under the compressed policy runs on case time', async () => {
    const opened = await open(openBody(daysAgo(0), 'compressed-2026.1'));
    expect(opened.status).toBe(201);
    const res = await gw
      .http()
      .get(`/cases/${opened.body.caseId as string}`)
      .set('authorization', cmo);
    expect((res.body as CaseDetail).case.clock).toBe('case');
  });
});
