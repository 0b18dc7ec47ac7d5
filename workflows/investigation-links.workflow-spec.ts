import {
  addTraceBackCandidate,
  getCaseState,
  getReviewState,
  registerAppeal,
  sendFindings,
  submitDecision,
} from '../libs/contracts/src';
import { shanghaiLocalDate } from '../libs/domain/src/calendar';
import { aCase, PEOPLE } from '../test/builders/case.builder';
import { AccountabilityDriver } from '../test/support/accountability-driver';
import { eventually } from '../test/support/case-driver';
import { caseWorld } from '../test/support/case-world';

const world = caseWorld();
const COMPRESSED = 'compressed-2026.1';
const DAY_MS = 24 * 60 * 60 * 1000;

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

  it('registers an appeal against an accountability decision from case management within the window and has the appeal handler hear it', async () => {
    const c = await world.openCase(
      aCase()
        .accountabilityOnly()
        .withMisconduct('u-county-health', ['p-0041'], [{ from: '2018-01-01', to: '2018-12-31' }], ['procurement'])
        .withPolicy(COMPRESSED),
    );
    await c.decideTraceBackOpening('APPROVE');
    const a = new AccountabilityDriver(c);
    await a.decideOn(a.traceBack, await a.traceBackTask('candidateConfirmation', 'decision'), 'CONFIRM');
    const { reviews } = await a.until('reviews running', (s) => s.stage === 'reviews' && s.reviews.length > 0);
    const key = reviews[0].candidateKey;
    const forms = key.startsWith('org-') ? ['INSPECTION' as const] : ['CIRCULATE' as const];
    await a.decideAndServe(key, 'MAIN_LEADERSHIP', { forms, modifiers: [] });
    await eventually(
      async () => ((await a.review(key).query(getReviewState)).stage === 'appealWindow' ? true : undefined),
      'the review in its appeal window',
    );
    const today = new Date().toISOString().slice(0, 10);
    const appeal = (actorId: string, filedOn = today) =>
      a.review(key).executeUpdate(registerAppeal, {
        args: [{ actorId, reason: 'disputes the facts the decision relies on', filedOn }],
      });

    await expect(appeal(PEOPLE.caseOfficer)).rejects.toMatchObject({ cause: { type: 'RoleNotAllowed' } });
    await expect(appeal(PEOPLE.caseManagementOfficer, '2099-01-01')).rejects.toMatchObject({
      cause: { type: 'InvalidDecision' },
    });
    await appeal(PEOPLE.caseManagementOfficer);
    // The appeal ends the window: a second one finds the review hearing the first.
    await expect(appeal(PEOPLE.caseManagementOfficer)).rejects.toMatchObject({ cause: { type: 'WrongStage' } });

    const hearing = await a.reviewTask(key, 'appealReview', 'decision');
    expect(hearing.assigneeId).toBe(PEOPLE.appealHandler);
    await a.decide(key, 'appealReview', 'UPHELD');
    const approval = await a.reviewTask(key, 'appealReview', 'approval');
    expect(approval.assigneeId).toBe(PEOPLE.leaderInCharge);
    await a.decideOn(a.review(key), approval, 'APPROVE');
    const final = await eventually(async () => {
      const s = await a
        .review(key)
        .query(getReviewState)
        .catch(() => undefined);
      return s?.result ? s : undefined;
    }, 'the review final');
    expect(final.result?.appeal).toMatchObject({ filedOn: today, outcome: 'UPHELD' });
    expect(world.activities.auditActions(c.caseId)).toContain('ACCOUNTABILITY_APPEAL_REGISTERED');
  });

  it('records that an organisational adjustment was carried out within its month while the appeal window runs', async () => {
    const c = await world.openCase(
      aCase()
        .accountabilityOnly()
        .withMisconduct('u-county-health', ['p-0041'], [{ from: '2019-01-01', to: '2019-12-31' }], ['procurement'])
        .withPolicy(COMPRESSED),
    );
    await c.decideTraceBackOpening('APPROVE');
    const a = new AccountabilityDriver(c);
    await a.until('candidates computed', (s) => s.stage === 'candidateConfirmation');
    const added = await a.traceBack.executeUpdate(addTraceBackCandidate, {
      args: [
        {
          actorId: PEOPLE.caseOfficer,
          target: 'person',
          personId: 'p-0039',
          responsibility: 'primaryResponsibility',
          suggestedType: 'MAIN_LEADERSHIP',
          decidingBodyId: null,
          referral: false,
          reason: 'held the procurement portfolio in 2019',
        },
      ],
    });
    await a.decideOn(a.traceBack, await a.traceBackTask('candidateConfirmation', 'decision'), 'CONFIRM');
    const key = added.candidateKey;
    await a.decide(key, 'factFinding', 'FACTS_ESTABLISHED');
    await a.decide(key, 'hearing', 'HEARD');
    await a.decide(key, 'determination', 'MAIN_LEADERSHIP');
    await a.measures(key, 'proposal', 'PROPOSED', {
      forms: ['ORG_ADJUSTMENT'],
      orgAdjustmentOption: 'REASSIGN',
      modifiers: [],
    });
    await a.approve(key, 'approval', 2);
    await a.decide(key, 'decision', 'ADOPTED');
    await a.decide(key, 'noticeServed', 'SERVED');

    const execution = await a.reviewTask(key, 'execution', 'decision');
    expect(execution).toMatchObject({ assigneeId: PEOPLE.caseManagementOfficer, allowedOutcomes: ['EXECUTED'] });
    const served = await eventually(async () => {
      const s = await a.review(key).query(getReviewState);
      return s.stage === 'appealWindow' ? s : undefined;
    }, 'the review in its appeal window');
    const windowEndsMs = Date.parse(served.appealWindowEndsAt!);
    // The adjustment's month runs beside the appeal window, not after it (DOMAIN §4: executed meanwhile).
    expect(Math.abs(Date.parse(served.execution!.dueAt) - windowEndsMs)).toBeLessThan(5 * DAY_MS);

    // Carried out while the appeal window still runs.
    await a.review(key).executeUpdate(submitDecision, {
      args: [
        {
          taskId: execution.taskId,
          taskVersion: execution.version,
          actorId: PEOPLE.caseManagementOfficer,
          outcome: 'EXECUTED',
          comment: 'reassigned by the county committee',
          basis: [],
        },
      ],
    });
    const recorded = await eventually(async () => {
      const s = await a.review(key).query(getReviewState);
      return s.execution?.status === 'RECORDED' ? s : undefined;
    }, 'the execution recorded');
    const executedOn = recorded.execution!.executedOn!;
    expect(executedOn <= shanghaiLocalDate(Date.parse(served.execution!.dueAt))).toBe(true);
    expect(recorded.execution).toMatchObject({ withinLimit: true, recordedBy: PEOPLE.caseManagementOfficer });
    expect(recorded.stage).toBe('appealWindow');
    const audited = [...world.activities.audit.values()].find(
      (e) => e.caseId === c.caseId && e.action === 'ORG_ADJUSTMENT_EXECUTED',
    );
    expect(audited?.after).toMatchObject({
      candidateKey: key,
      orgAdjustmentOption: 'REASSIGN',
      executedOn,
      withinLimit: true,
    });
  });
});
