import { randomInt, randomUUID } from 'node:crypto';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';

// Case numbers outside the builder's range: workflow ids are shared by every test file on the dev server.
const uniqueCaseNo = () => `2026-${randomInt(900_000, 1_000_000)}`;
const JURISDICTION = 'u-county-x';
const key = () => `k-${randomUUID()}`;

let gw: GatewayHarness;
let cmo: string;
let officer: string;

beforeAll(async () => {
  gw = await startGateway({ worker: true });
  cmo = await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [JURISDICTION]);
  officer = await gw.token(PEOPLE.caseOfficer, ['staff'], [JURISDICTION]);
});

afterAll(async () => {
  await gw?.close();
});

interface OpenTask {
  taskId: string;
  stage: string;
  version: number;
}

async function openCase(): Promise<string> {
  const { openedBy: _o, requestKey: _r, ...body } = aCase().withCaseNo(uniqueCaseNo()).build();
  const res = await gw.http().post('/cases').set('authorization', cmo).set('idempotency-key', key()).send(body);
  expect(res.status).toBe(201);
  return res.body.caseId as string;
}

/** The open task of `stage`, once the read model knows it (task routes look the task up there). */
async function taskIn(caseId: string, stage: string, token: string): Promise<OpenTask> {
  const task = await eventually(async () => {
    const res = await gw.http().get(`/cases/${caseId}`).set('authorization', cmo);
    return (res.body.openTasks as OpenTask[] | undefined)?.find((t) => t.stage === stage);
  }, `the ${stage} task`);
  await eventually(async () => {
    const inbox = await gw.http().get('/tasks').set('authorization', token);
    return (inbox.body.items as OpenTask[] | undefined)?.find((t) => t.taskId === task.taskId);
  }, `the ${stage} task in the inbox`);
  return task;
}

function decide(task: OpenTask, token: string, idempotencyKey: string, outcome: string, comment = 'decided') {
  return gw
    .http()
    .post(`/tasks/${task.taskId}/decision`)
    .set('authorization', token)
    .set('idempotency-key', idempotencyKey)
    .send({
      taskVersion: task.version,
      outcome,
      comment,
      basis: [{ regulation: 'WR', article: '1' }],
      // Preliminary verification is a team's work (DOMAIN §2): the proposal opening it names the team.
      ...(outcome === 'PRELIM_VERIFY' && { teamIds: [PEOPLE.caseOfficer, PEOPLE.teamMember] }),
    });
}

describe('Idempotency-Key across callers and concurrent requests', () => {
  it("gives a second person reusing another person's key their own result, and applies their decision", async () => {
    const caseId = await openCase();
    const shared = `shared-key-${randomUUID()}`;
    const intake = await taskIn(caseId, 'intake', cmo);
    const first = await decide(intake, cmo, shared, 'REGISTERED');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ taskId: intake.taskId, outcome: 'REGISTERED', stage: 'intake' });

    const clue = await taskIn(caseId, 'clueDisposal', officer);
    const second = await decide(clue, officer, shared, 'PRELIM_VERIFY');
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ taskId: clue.taskId, outcome: 'PRELIM_VERIFY', stage: 'clueDisposal' });

    // The decision took effect: the lead disposal now waits for the leader in charge's approval.
    const decided = await eventually(async () => {
      const rows: { status: string; outcome: string | null; decided_by: string | null }[] = await gw.dataSource.query(
        `SELECT status, outcome, decided_by FROM case_tasks WHERE task_id = $1`,
        [clue.taskId],
      );
      return rows[0]?.status === 'DECIDED' ? rows[0] : undefined;
    }, 'the lead disposal task decided');
    expect(decided).toEqual({ status: 'DECIDED', outcome: 'PRELIM_VERIFY', decided_by: PEOPLE.caseOfficer });
  });

  it('lets exactly one of two concurrent requests with the same key and different bodies through', async () => {
    const caseId = await openCase();
    const intake = await taskIn(caseId, 'intake', cmo);
    const same = key();
    const answers = await Promise.all([
      decide(intake, cmo, same, 'REGISTERED', 'first body'),
      decide(intake, cmo, same, 'REGISTERED', 'second body'),
    ]);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s >= 200 && s < 300)).toHaveLength(1);
    const refused = answers.find((a) => a.status >= 400);
    expect(['IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_KEY_IN_PROGRESS']).toContain(refused?.body.code);
  });

  it('answers a same-body request that arrives while the first runs with 409 and Retry-After, then the first result', async () => {
    const caseId = await openCase();
    const intake = await taskIn(caseId, 'intake', cmo);
    const same = key();
    const answers = await Promise.all([
      decide(intake, cmo, same, 'REGISTERED'),
      decide(intake, cmo, same, 'REGISTERED'),
    ]);
    const ok = answers.filter((a) => a.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const other of answers.filter((a) => a.status !== 200)) {
      expect(other.status).toBe(409);
      expect(other.body.code).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
      expect(other.headers['retry-after']).toBe('1');
    }
    const retry = await decide(intake, cmo, same, 'REGISTERED');
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(ok[0].body);
  });
});
