import { getCaseState, getReviewState, sendFindings } from '../libs/contracts/src';
import { aCase, PEOPLE } from '../test/builders/case.builder';
import { AccountabilityDriver } from '../test/support/accountability-driver';
import { eventually } from '../test/support/case-driver';
import { caseWorld } from '../test/support/case-world';

const world = caseWorld();
const COMPRESSED = 'compressed-2026.1';

/** An accountability-only case of scenario A with its trace-back approved and its candidates confirmed. */
async function reviewsRunning() {
  const c = await world.openCase(aCase().accountabilityOnly().inScenarioA().withPolicy(COMPRESSED));
  await c.decideTraceBackOpening('APPROVE');
  const a = new AccountabilityDriver(c);
  await a.decideOn(a.traceBack, await a.traceBackTask('candidateConfirmation', 'decision'), 'CONFIRM');
  await a.until('reviews running', (s) => s.stage === 'reviews' && s.reviews.length > 0);
  return { c, a };
}

describe('links between the investigations (issue 12 §5)', () => {
  it('proposes a violation case for a person found with DIRECT responsibility and opens it, linked, once the principal leader approves', async () => {
    const { c, a } = await reviewsRunning();
    const key = 'person-p-0036';
    await a.decide(key, 'factFinding', 'FACTS_ESTABLISHED');
    await a.decide(key, 'hearing', 'HEARD');
    await a.decide(key, 'determination', 'DIRECT');

    const opening = await a.reviewTask(key, 'violationCaseOpening', 'decision');
    expect(opening).toMatchObject({ assigneeId: PEOPLE.principalLeader, allowedOutcomes: ['APPROVE', 'REJECT'] });
    // The review goes on meanwhile: the proposal of measures is open beside the approval.
    await a.reviewTask(key, 'proposal', 'decision');
    await expect(a.decideOn(a.review(key), opening, 'REJECT')).rejects.toMatchObject({
      cause: { type: 'InvalidDecision' },
    });
    await a.decideOn(a.review(key), opening, 'APPROVE');

    const proposal = await eventually(async () => {
      const s = await a.review(key).query(getReviewState);
      return s.violationCase?.status === 'OPENED' ? s.violationCase : undefined;
    }, 'the violation case opened');
    expect(proposal).toMatchObject({ decidedBy: PEOPLE.principalLeader, caseNo: expect.stringMatching(/^2026-/) });
    const opened = world.env.client.workflow.getHandle(proposal.caseId!);
    const openedState = await eventually(
      () => opened.query(getCaseState).catch(() => undefined),
      'the new case answering queries',
    );
    expect(openedState).toMatchObject({
      kind: 'violation',
      unitId: 'u-county-health',
      jurisdictionId: 'u-county-x',
      openedBy: PEOPLE.principalLeader,
      policyVersion: COMPRESSED,
    });
    expect(openedState.conflicts.filter((x) => x.ground === 'SUBJECT').map((x) => x.personId)).toEqual(['p-0036']);
    expect([...world.activities.caseLinks.values()]).toEqual([
      {
        linkKey: expect.any(String),
        originCaseId: c.caseId,
        openedCaseId: proposal.caseId,
        personId: 'p-0036',
        reviewWorkflowId: a.review(key).workflowId,
      },
    ]);
    expect(world.activities.auditActions(c.caseId)).toEqual(
      expect.arrayContaining(['VIOLATION_CASE_PROPOSED', 'VIOLATION_CASE_OPENED']),
    );
  });

  it('sends findings from the case staff to the running trace-back and refuses a subject and other participants', async () => {
    // Another period than the first test's case: a trace-back of the same unit and period would be linked to it.
    const c = await world.openCase(
      aCase()
        .accountabilityOnly()
        .withMisconduct('u-county-health', ['p-0041'], [{ from: '2015-01-01', to: '2015-12-31' }], ['procurement'])
        .withPolicy(COMPRESSED),
    );
    await c.decideTraceBackOpening('APPROVE');
    const a = new AccountabilityDriver(c);
    await a.until('candidates computed', (s) => s.stage === 'candidateConfirmation');
    const findings = {
      misconductIntervals: [{ from: '2022-01-01', to: '2024-06-30' }],
      domains: ['procurement'],
      subjectIds: ['p-0041'],
      note: 'the investigation established the kickbacks ran 2022-01 to 2024-06',
    };
    const send = (actorId: string) => c.case.executeUpdate(sendFindings, { args: [{ ...findings, actorId }] });

    await expect(send('p-0041')).rejects.toMatchObject({ cause: { type: 'RecusedApprover' } });
    await expect(send(PEOPLE.trialReviewers[0])).rejects.toMatchObject({ cause: { type: 'RoleNotAllowed' } });
    await expect(send(PEOPLE.caseOfficer)).resolves.toEqual({ traceBack: 'FORWARDED' });

    const rechecking = await a.until('a re-check task', (s) => s.recheck?.taskId != null);
    expect(rechecking.misconductIntervals).toEqual(findings.misconductIntervals);
    expect(rechecking.recheck?.wouldAdd).toContain('person-p-0036');
    expect(world.activities.auditActions(c.caseId)).toContain('FINDINGS_CHANGED');
  });
});
