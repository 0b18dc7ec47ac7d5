import { randomUUID } from 'node:crypto';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
import { decideRecusal, startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';

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

async function openCase(overrides: object = {}): Promise<string> {
  const cmo = await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [J]);
  const { openedBy: _o, requestKey: _r, ...body } = aCase().build();
  const opened = await post('/cases', cmo, { ...body, ...overrides });
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

/**
 * Opens a violation case whose trace-back the principal leader approved, and waits for the trace-back to run.
 * Each test names its own year: a trace-back of the same unit and period would be linked to the filed one.
 */
async function caseWithTraceBack(year: number): Promise<string> {
  const caseId = await openCase({ misconductIntervals: [{ from: `${year}-01-01`, to: `${year}-12-31` }] });
  const leader = await gw.token(PEOPLE.leaderInCharge, ['approver'], [J]);
  const requested = await post(`/cases/${caseId}/dual-investigation`, leader, {
    decision: 'TRIGGER',
    reason: 'probation or heavier expected',
  });
  expect(requested.status).toBe(200);
  const principal = await gw.token(PEOPLE.principalLeader, ['approver'], [J]);
  await eventually(async () => {
    const res = await post(`/tasks/${requested.body.approvalTaskId}/decision`, principal, {
      taskVersion: 1,
      outcome: 'APPROVE',
    });
    return res.status === 200 ? res : undefined;
  }, 'the opening approved');
  await eventually(async () => {
    const res = await gw.http().get(`/cases/${caseId}/accountability`).set('authorization', principal);
    return res.body.traceBack === 'RUNNING' && res.body.live ? true : undefined;
  }, 'the trace-back running');
  return caseId;
}

describe('links between the investigations over HTTP (issue 12 §5)', () => {
  const findings = {
    misconductIntervals: [{ from: '2021-03-01', to: '2024-06-30' }],
    domains: ['procurement', 'personnel'],
    subjectIds: [PEOPLE.subject],
    note: 'the investigation found the kickbacks began in 2021-03',
  };

  it('sends the violation investigation’s findings to the running trace-back for the case staff only', async () => {
    const caseId = await caseWithTraceBack(2017);
    const subject = await gw.token(PEOPLE.subject, ['staff'], [J]);
    const reviewer = await gw.token(PEOPLE.trialReviewers[0], ['staff'], [J]);
    const officer = await gw.token(PEOPLE.caseOfficer, ['staff'], [J]);

    const bySubject = await post(`/cases/${caseId}/findings`, subject, findings);
    expect([bySubject.status, bySubject.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
    const byReviewer = await post(`/cases/${caseId}/findings`, reviewer, findings);
    expect([byReviewer.status, byReviewer.body.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
    const malformed = await post(`/cases/${caseId}/findings`, officer, { ...findings, subjectIds: [] });
    expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED']);

    const sent = await post(`/cases/${caseId}/findings`, officer, findings);
    expect([sent.status, sent.body]).toEqual([200, { traceBack: 'FORWARDED' }]);
    await eventually(async () => {
      const res = await gw.http().get(`/cases/${caseId}/accountability`).set('authorization', officer);
      return JSON.stringify(res.body.live?.misconductIntervals) === JSON.stringify(findings.misconductIntervals)
        ? true
        : undefined;
    }, 'the trace-back holding the new findings');
    const audit = await gw.http().get(`/cases/${caseId}/audit`).set('authorization', officer);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain('FINDINGS_CHANGED');

    // Case management, once recused, may no longer send them (DOMAIN §5: recused persons lose access).
    const principal = await gw.token(PEOPLE.principalLeader, ['approver'], [J]);
    const declared = await post(`/cases/${caseId}/conflicts`, principal, {
      personId: PEOPLE.caseManagementOfficer,
      ground: 'RELATIVE',
      reason: 'brother-in-law of the subject',
    });
    expect(declared.status).toBe(200);
    await decideRecusal(gw, declared.body.recusalTaskId as string, principal);
    const cmo = await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [J]);
    const byRecused = await eventually(async () => {
      const res = await post(`/cases/${caseId}/findings`, cmo, findings);
      return res.status === 404 ? res : undefined;
    }, 'the recused case management refused');
    expect(byRecused.body.code).toBe('CASE_NOT_FOUND');
  });
});

describe('appeals against an accountability decision over HTTP (issue 12 §5)', () => {
  type OpenTask = { taskId: string; stage: string; kind: string; version: number; assigneeId: string | null };
  async function openTask(caseId: string, token: string, stage: string, kind = 'decision'): Promise<OpenTask> {
    return eventually(async () => {
      const res = await gw.http().get(`/cases/${caseId}/accountability`).set('authorization', token);
      return (res.body.openTasks as OpenTask[] | undefined)?.find((t) => t.stage === stage && t.kind === kind);
    }, `an open ${kind} ${stage} task`);
  }
  async function decide(caseId: string, personId: string, stage: string, outcome: string, kind = 'decision') {
    const token = await gw.token(personId, ['staff', 'approver'], [J]);
    const task = await openTask(caseId, token, stage, kind);
    // The live view can show a task a moment before the read model, which the decision route reads, has it.
    const res = await eventually(async () => {
      const sent = await post(`/tasks/${task.taskId}/decision`, token, { taskVersion: task.version, outcome });
      return sent.status === 404 && sent.body.code === 'TASK_NOT_FOUND' ? undefined : sent;
    }, `the ${stage} task in the read model`);
    expect([stage, res.status]).toEqual([stage, 200]);
  }

  it('registers an appeal from case management in the review’s appeal window and refuses others', async () => {
    const caseId = await caseWithTraceBack(2018);
    const cmo = await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [J]);
    const officer = await gw.token(PEOPLE.caseOfficer, ['staff'], [J]);
    await eventually(async () => {
      const res = await gw.http().get(`/cases/${caseId}/accountability`).set('authorization', cmo);
      return res.body.live?.stage === 'candidateConfirmation' ? true : undefined;
    }, 'the candidates to confirm');
    const added = await post(`/cases/${caseId}/trace-back/candidates`, cmo, {
      target: 'person',
      personId: 'p-0039',
      responsibility: 'primaryResponsibility',
      suggestedType: 'MAIN_LEADERSHIP',
      reason: 'held the procurement portfolio during the misconduct',
    });
    expect(added.status).toBe(200);
    await decide(caseId, PEOPLE.caseOfficer, 'candidateConfirmation', 'CONFIRM');
    await decide(caseId, PEOPLE.caseOfficer, 'factFinding', 'FACTS_ESTABLISHED');
    await decide(caseId, PEOPLE.caseOfficer, 'hearing', 'HEARD');
    await decide(caseId, PEOPLE.caseOfficer, 'determination', 'MAIN_LEADERSHIP');
    const proposal = await openTask(caseId, officer, 'proposal');
    const proposed = await eventually(async () => {
      const sent = await post(`/tasks/${proposal.taskId}/accountability-decision`, officer, {
        taskVersion: proposal.version,
        outcome: 'PROPOSED',
        measures: { forms: ['CIRCULATE'], modifiers: [] },
      });
      return sent.status === 404 && sent.body.code === 'TASK_NOT_FOUND' ? undefined : sent;
    }, 'the proposal task in the read model');
    expect(proposed.status).toBe(200);
    await decide(caseId, PEOPLE.leaderInCharge, 'approval', 'APPROVE', 'approval');
    await decide(caseId, PEOPLE.principalLeader, 'approval', 'APPROVE', 'approval');
    for (const member of PEOPLE.standingCommittee.slice(0, 3))
      await decide(caseId, member, 'decision', 'DECIDE', 'collectiveDecision');
    await decide(caseId, PEOPLE.caseOfficer, 'noticeServed', 'SERVED');
    await eventually(async () => {
      const res = await gw.http().get(`/cases/${caseId}/accountability`).set('authorization', officer);
      const review = (res.body.live?.reviews as { candidateKey: string; stage: string }[] | undefined)?.[0];
      return review?.stage === 'appealWindow' ? true : undefined;
    }, 'the review in its appeal window');

    const path = `/cases/${caseId}/trace-back/reviews/person-p-0039/appeals`;
    const appeal = { reason: 'disputes the procurement facts', filedOn: new Date().toISOString().slice(0, 10) };
    const subject = await gw.token(PEOPLE.subject, ['staff'], [J]);
    const bySubject = await post(path, subject, appeal);
    expect([bySubject.status, bySubject.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
    const byOfficer = await post(path, officer, appeal);
    expect([byOfficer.status, byOfficer.body.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
    const unknown = await post(`/cases/${caseId}/trace-back/reviews/person-p-0040/appeals`, cmo, appeal);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
    const future = await post(path, cmo, { ...appeal, filedOn: '2099-01-01' });
    expect([future.status, future.body.code]).toEqual([422, 'INVALID_DECISION']);

    const filed = await post(path, cmo, appeal);
    expect(filed.status).toBe(200);
    const hearing = await openTask(caseId, officer, 'appealReview');
    expect(hearing.assigneeId).toBe(PEOPLE.appealHandler);
  });
});
