import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { InboxTask, Notification, NotificationList } from '@shuangcha/contracts/http';
import { COMPRESSED_POLICY } from '@shuangcha/domain/policy';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { CaseDriver, eventually } from '../../../test/support/case-driver';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';
import { testDataConverter } from '../../../test/support/payload-keys';

/**
 * Issue 10 §6 over HTTP with a real worker: notifications reach the people the escalation ladder names,
 * every voter finds a collective decision in their own inbox, and nothing of a case reaches its subject,
 * even one who holds a staff account in the same commission. Escalations run on the compressed policy
 * (one calendar day = 2 s), so the intake task (5 working days) is overdue within about 20 s.
 */
const J = 'u-county-x';
/** The compressed intake deadline plus the worker's and projection's slack. */
const ESCALATION_TIMEOUT_MS = 90_000;

let gw: GatewayHarness;
let connection: Connection;
let client: Client;
const tokens = new Map<string, string>();

const as = async (personId: string) => {
  if (!tokens.has(personId)) tokens.set(personId, await gw.token(personId, ['staff'], [J]));
  return tokens.get(personId)!;
};
const notificationsOf = async (personId: string, query = ''): Promise<NotificationList> => {
  const res = await gw
    .http()
    .get(`/notifications${query}`)
    .set('authorization', await as(personId));
  expect(res.status).toBe(200);
  return res.body as NotificationList;
};
const inboxOf = async (personId: string): Promise<InboxTask[]> => {
  const res = await gw
    .http()
    .get('/tasks')
    .set('authorization', await as(personId));
  expect(res.status).toBe(200);
  return (res.body as { items: InboxTask[] }).items;
};

/** Case numbers are never reused on a Temporal server, and the run's server is shared by every test file. */
const freshCaseNo = () => `2026-${String(Math.floor(Math.random() * 900_000) + 100_000)}`;

async function openCase(policyVersion: string, superiorOfCmo?: string): Promise<string> {
  let builder = aCase().withCaseNo(freshCaseNo()).withPolicy(policyVersion);
  if (superiorOfCmo)
    builder = builder.withParticipants({ superiorOf: { [PEOPLE.caseManagementOfficer]: superiorOfCmo } });
  const { openedBy: _o, requestKey: _r, ...body } = builder.build();
  const res = await gw
    .http()
    .post('/cases')
    .set('authorization', await as(PEOPLE.caseManagementOfficer))
    .set('idempotency-key', `k-${randomUUID()}`)
    .send(body);
  expect(res.status).toBe(201);
  return (res.body as { caseId: string }).caseId;
}

beforeAll(async () => {
  gw = await startGateway({
    worker: true,
    env: { ALLOWED_POLICY_VERSIONS: `dom-2026.1,${COMPRESSED_POLICY.version}` },
  });
  connection = await Connection.connect({ address: gw.config.TEMPORAL_ADDRESS });
  client = new Client({ connection, dataConverter: testDataConverter() });
});

afterAll(async () => {
  await connection?.close();
  await gw?.close();
});

describe('notifications that reach people', () => {
  it('shows an overdue task’s escalation in the superior’s notifications and inbox, and never to a subject with a staff account', async () => {
    // Two cases of the same commission at once: in the second the case-management officer's superior is
    // the subject of that case (a colleague under investigation), so its escalation must reach nobody.
    const [caseId, subjectCaseId] = await Promise.all([
      openCase(COMPRESSED_POLICY.version),
      openCase(COMPRESSED_POLICY.version, PEOPLE.subject),
    ]);
    const superior = PEOPLE.leaderInCharge;
    const cmo = PEOPLE.caseManagementOfficer;

    const escalation = await eventually(
      async () => (await notificationsOf(superior)).items.find((n) => n.caseId === caseId && n.kind === 'escalation'),
      `the escalation of ${caseId} in the notifications of ${superior}`,
      ESCALATION_TIMEOUT_MS,
    );
    expect(escalation).toMatchObject<Partial<Notification>>({
      level: 1,
      recipientRole: 'superior',
      read: false,
      readAt: null,
      caseNo: /\d{4}-\d{4,6}$/.exec(caseId)![0],
    });
    expect(escalation.task).toMatchObject({ stage: 'intake', kind: 'decision', assigneeId: cmo, status: 'OPEN' });

    const escalated = await eventually(
      async () => (await inboxOf(superior)).find((t) => t.taskId === escalation.task?.taskId),
      `the escalated intake task of ${caseId} in the inbox of ${superior}`,
    );
    expect(escalated).toMatchObject({ caseId, inboxReason: 'ESCALATED', assigneeId: cmo, overdue: true });
    expect((await inboxOf(cmo)).find((t) => t.taskId === escalated.taskId)).toMatchObject({
      inboxReason: 'ASSIGNED',
    });

    // The assignee was reminded before the due date (T − 3 wd); their list runs newest first.
    const own = (await notificationsOf(cmo)).items.filter((n) => n.caseId === caseId);
    expect(own).toContainEqual(
      expect.objectContaining({ kind: 'reminder', level: 0, recipientRole: 'assignee', read: false }),
    );
    expect(own.map((n) => n.at)).toEqual([...own.map((n) => n.at)].sort().reverse());

    // Marking read is idempotent: a new key keeps the first read time, the unread count drops by one.
    const before = (await notificationsOf(superior)).unreadCount;
    const mark = (key: string) =>
      gw
        .http()
        .post(`/notifications/${escalation.notificationId}/read`)
        .set('authorization', tokens.get(superior)!)
        .set('idempotency-key', key)
        .send({});
    const first = await mark(`k-${randomUUID()}`);
    const again = await mark(`k-${randomUUID()}`);
    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const after = await notificationsOf(superior);
    expect(after.unreadCount).toBe(before - 1);
    expect(after.items.find((n) => n.notificationId === escalation.notificationId)).toMatchObject({
      read: true,
      readAt: first.body.readAt,
    });
    const notMine = await gw
      .http()
      .post(`/notifications/${escalation.notificationId}/read`)
      .set('authorization', await as(cmo))
      .set('idempotency-key', `k-${randomUUID()}`)
      .send({});
    expect(notMine.status).toBe(404);
    expect(notMine.body.code).toBe('NOTIFICATION_NOT_FOUND');

    // The subject's case escalated too (the row exists, addressed to nobody); the subject heard nothing.
    const withheld = await eventually(
      async () =>
        (
          (await gw.dataSource.query(
            `SELECT recipient_role, recipient_id FROM case_notifications WHERE case_id = $1 AND kind = 'escalation' AND level = 1`,
            [subjectCaseId],
          )) as { recipient_role: string; recipient_id: string | null }[]
        )[0],
      `the escalation of ${subjectCaseId}`,
      ESCALATION_TIMEOUT_MS,
    );
    expect(withheld).toEqual({ recipient_role: 'superior', recipient_id: null });
    const subjectSees = await notificationsOf(PEOPLE.subject);
    expect(subjectSees.items.filter((n) => n.caseId === subjectCaseId || n.caseId === caseId)).toEqual([]);
    expect((await inboxOf(PEOPLE.subject)).filter((t) => [caseId, subjectCaseId].includes(t.caseId))).toEqual([]);
  });

  it('puts a collective decision in the inbox of every voter until they voted', async () => {
    const caseId = await openCase('dom-2026.1');
    const driver = new CaseDriver(client, caseId);
    await driver.complete('intake', 'REGISTERED');
    await driver.complete('clueDisposal', 'PRELIM_VERIFY');
    await driver.complete('preliminaryVerification', 'FILE_CASE');
    await driver.complete('filing', 'FILED');
    await driver.complete('investigation', 'TO_TRIAL');
    await driver.complete('trialReview', 'AGREE');
    const vote = await driver.openTask('sanction', 'collectiveDecision');

    for (const voter of PEOPLE.standingCommittee) {
      const listed = await eventually(
        async () => (await inboxOf(voter)).find((t) => t.taskId === vote.taskId),
        `the sanction vote in the inbox of ${voter}`,
      );
      expect(listed).toMatchObject({ caseId, inboxReason: 'VOTER', kind: 'collectiveDecision' });
    }
    expect((await inboxOf(PEOPLE.caseOfficer)).map((t) => t.taskId)).not.toContain(vote.taskId);

    const [firstVoter, ...others] = PEOPLE.standingCommittee;
    const voted = await gw
      .http()
      .post(`/tasks/${vote.taskId}/decision`)
      .set('authorization', await as(firstVoter))
      .set('idempotency-key', `k-${randomUUID()}`)
      .send({ taskVersion: vote.version, outcome: 'WARNING', basis: [{ regulation: 'DR', article: '7' }] });
    expect(voted.status).toBe(200);
    await eventually(
      async () => ((await inboxOf(firstVoter)).some((t) => t.taskId === vote.taskId) ? undefined : true),
      `the vote gone from the inbox of ${firstVoter}`,
    );
    for (const voter of others) expect((await inboxOf(voter)).map((t) => t.taskId)).toContain(vote.taskId);
  });
});
