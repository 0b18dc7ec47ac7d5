import type { Problem } from '../../libs/contracts/src/http';
import { COMPRESSED_POLICY } from '../../libs/domain/src/policy';
import { aCase, PEOPLE } from '../builders/case.builder';
import { startAppStack, type AppStack } from '../support/app-stack';
import { eventually } from './support/eventually';
import { personClient, type PersonClient } from './support/http-client';

const JURISDICTION = 'u-county-x';
const REPLACEMENT_OFFICER = 'p-officer-liu';

/**
 * DOMAIN §9 scenario C.3 over HTTP, gateway and worker as separate processes: the subject asks (through case
 * management) for the investigator to recuse, the principal leader decides RECUSE, the leader in charge names
 * a replacement (a trial reviewer is refused under WR art. 59), and the case goes on to CLOSED.
 */
describe('recusing the investigator over HTTP', () => {
  let stack: AppStack;
  const people = {} as Record<
    'cmo' | 'officer' | 'leader' | 'principal' | 'replacement' | 'appealHandler',
    PersonClient
  >;

  beforeAll(async () => {
    stack = await startAppStack();
    const as = (personId: string) => personClient(stack, personId, ['staff'], [JURISDICTION]);
    people.cmo = await as(PEOPLE.caseManagementOfficer);
    people.officer = await as(PEOPLE.caseOfficer);
    people.leader = await as(PEOPLE.leaderInCharge);
    people.principal = await as(PEOPLE.principalLeader);
    people.replacement = await as(REPLACEMENT_OFFICER);
    people.appealHandler = await as(PEOPLE.appealHandler);
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  async function decideFromInbox(person: PersonClient, caseId: string, stage: string, kind: string, outcome: string) {
    const task = await person.findInInbox(caseId, stage, kind);
    const res = await person.decide(task.taskId, {
      taskVersion: task.version,
      outcome,
      comment: `${stage}: ${outcome}`,
    });
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200, body: { outcome } });
  }

  it('opens a replacement task, the replacement takes over the investigation and the case reaches CLOSED', async () => {
    try {
      const caseNo = `2026-${String(Math.floor(Math.random() * 900_000) + 100_000)}`;
      const {
        openedBy: _o,
        requestKey: _r,
        ...body
      } = aCase().withCaseNo(caseNo).withPolicy(COMPRESSED_POLICY.version).build();
      const { caseId } = await people.cmo.openCase(body);
      await decideFromInbox(people.cmo, caseId, 'intake', 'decision', 'REGISTERED');
      await people.officer.findInInbox(caseId, 'clueDisposal', 'decision');

      const requested = await people.cmo.post<{ conflicts: number; recusalTaskId: string }>(
        `/cases/${caseId}/conflicts`,
        {
          personId: PEOPLE.caseOfficer,
          ground: 'WITNESS',
          reason: '他见证了2022年的合同 / witnessed the 2022 contract',
        },
      );
      expect(requested.status).toBe(200);
      expect(requested.body.recusalTaskId).toMatch(/^t-/);
      const recusal = await people.principal.findInInbox(caseId, 'recusal', 'decision');
      expect(recusal.taskId).toBe(requested.body.recusalTaskId);
      await decideFromInbox(people.principal, caseId, 'recusal', 'decision', 'RECUSE');

      const replacement = await people.leader.findInInbox(caseId, 'replacement', 'decision');
      const refused = await people.leader.post<Problem>(`/tasks/${replacement.taskId}/replacement`, {
        taskVersion: replacement.version,
        replacementId: PEOPLE.trialReviewers[0],
      });
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 422, code: 'INVALID_DECISION' });
      expect(refused.body.detail).toMatch(/WR art\. 59/);
      const named = await people.leader.post(`/tasks/${replacement.taskId}/replacement`, {
        taskVersion: replacement.version,
        replacementId: REPLACEMENT_OFFICER,
        comment: '改由刘承办 / Liu takes over',
      });
      expect(named.status).toBe(200);

      await decideFromInbox(people.replacement, caseId, 'clueDisposal', 'decision', 'CLOSE_CLUE');
      await decideFromInbox(people.leader, caseId, 'clueDisposal', 'approval', 'APPROVE');
      await decideFromInbox(people.cmo, caseId, 'closing', 'decision', 'CLOSED');
      await decideFromInbox(people.leader, caseId, 'closing', 'approval', 'APPROVE');
      await eventually(
        async () => ((await people.cmo.caseDetail(caseId)).case.stage === 'appealWindow' ? true : undefined),
        'the appeal window',
      );
      const appeal = await people.cmo.post(`/cases/${caseId}/appeals`, {
        reason: 'the subject disputes the facts',
        filedOn: new Date().toISOString().slice(0, 10),
      });
      expect(appeal.status).toBe(200);
      await decideFromInbox(people.appealHandler, caseId, 'appealReview', 'decision', 'UPHELD');
      await decideFromInbox(people.leader, caseId, 'appealReview', 'approval', 'APPROVE');
      const closed = await eventually(async () => {
        const detail = await people.cmo.caseDetail(caseId);
        return detail.case.status === 'CLOSED' ? detail : undefined;
      }, 'the case to close');
      expect(closed.case.stage).toBe('closed');
    } catch (error) {
      const tail = stack.logs().split('\n').slice(-60).join('\n');
      if (error instanceof Error) error.message += `\n--- last app output ---\n${tail}`;
      throw error;
    }
  }, 300_000);
});
