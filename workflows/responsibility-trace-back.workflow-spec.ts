import { WorkflowUpdateFailedError } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  addTraceBackCandidate,
  decideDualInvestigation,
  findingsChanged,
  getReviewState,
  registerAppeal,
  removeTraceBackCandidate,
  requestExtension,
  type ResponsibilityTraceBackResult,
  type ReviewProgress,
} from '../libs/contracts/src';
import type { AccountabilityMeasures } from '../libs/domain/src/accountability';
import { aCase, PEOPLE, type CaseBuilder } from '../test/builders/case.builder';
import { AccountabilityDriver } from '../test/support/accountability-driver';
import { eventually } from '../test/support/case-driver';
import { caseWorld } from '../test/support/case-world';
import { testDataConverter } from '../test/support/payload-keys';

// A fresh time-skipping server per test: time skipped in one test must not wait on another test's workflows.
const world = caseWorld({ serverPerTest: true });

const DAY_MS = 24 * 60 * 60 * 1000;
async function openCase(build: CaseBuilder) {
  const c = await world.openCase(build);
  if (build.build().kind === 'accountabilityOnly') await c.decideTraceBackOpening('APPROVE');
  return { c, a: new AccountabilityDriver(c) };
}

const circulate: AccountabilityMeasures = { forms: ['CIRCULATE'], modifiers: [] };
const SCENARIO_A_KEYS = [
  'org-b-health-pg',
  'org-b-county-dg3',
  'person-p-0036',
  'person-p-0037',
  'person-p-0038',
  'person-p-0040',
];

describe('responsibility trace-back (accountability investigation)', () => {
  it('runs scenario A: candidates from the org snapshot, parallel reviews, an amended appeal, a recused approver and a summary', async () => {
    // Zhao (p-0040), head of the resident discipline group, is a trace-back candidate and also the leader in charge here.
    const { c, a } = await openCase(
      aCase().accountabilityOnly().inScenarioA().withParticipants({ leaderInChargeId: 'p-0040' }),
    );

    const proposed = await a.until('candidates computed', (s) => s.stage === 'candidateConfirmation');
    expect(proposed.candidates.map((x) => x.candidateKey)).toEqual(SCENARIO_A_KEYS);
    expect(proposed.snapshotHash).toMatch(/^[0-9a-f]{64}$/);
    expect(proposed.candidates.find((x) => x.personId === 'p-0038')).toMatchObject({
      rule: 'DECISION_ATTENDEE',
      exemptionHint: 'DISSENT_RECORDED',
    });
    const caseState = await eventually(async () => {
      const s = await c.caseState();
      return s.conflicts.filter((x) => x.ground === 'CANDIDATE').length === 4 ? s : undefined;
    }, 'derived conflicts in the case registry');
    expect(
      caseState.conflicts
        .filter((x) => x.ground === 'CANDIDATE')
        .map((x) => x.personId)
        .sort(),
    ).toEqual(['p-0036', 'p-0037', 'p-0038', 'p-0040']);

    // Staff add Lü (personnel member) with a reason, then ask to remove him again: the leader must approve.
    await a.traceBack.executeUpdate(addTraceBackCandidate, {
      args: [
        {
          actorId: PEOPLE.caseOfficer,
          target: 'person',
          personId: 'p-0039',
          responsibility: 'primaryResponsibility',
          suggestedType: 'IMPORTANT_LEADERSHIP',
          decidingBodyId: null,
          referral: false,
          reason: 'attended the 2023 personnel meeting',
        },
      ],
    });
    const removal = await a.traceBack.executeUpdate(removeTraceBackCandidate, {
      args: [
        {
          actorId: PEOPLE.caseOfficer,
          candidateKey: 'person-p-0039',
          reason: 'the 2023 meeting concerned personnel, not procurement',
        },
      ],
    });
    const confirmation = await a.traceBackTask('candidateConfirmation', 'decision');
    await expect(a.decideOn(a.traceBack, confirmation, 'CONFIRM')).rejects.toMatchObject({
      cause: { type: 'WrongStage' },
    });
    const removalTask = await a.traceBackTask('candidateRemoval', 'approval');
    expect(removalTask.taskId).toBe(removal.approvalTaskId);
    // The recused leader in charge is skipped: the removal goes to the deputy, and Zhao's own attempt is rejected.
    expect(removalTask.assigneeId).toBe(PEOPLE.deputy2);
    const recused = a.decideOn(a.traceBack, removalTask, 'APPROVE', { actorId: 'p-0040' });
    await expect(recused).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(recused).rejects.toMatchObject({ cause: { type: 'RecusedApprover' } });
    await a.decideOn(a.traceBack, removalTask, 'APPROVE');
    await a.until('removal applied', (s) => s.removedCandidates.length === 1 && s.pendingRemovals.length === 0);
    await a.decideOn(a.traceBack, await a.traceBackTask('candidateConfirmation', 'decision'), 'CONFIRM');

    const reviewing = await a.until('six reviews running', (s) => s.stage === 'reviews' && s.reviews.length === 6);
    // Workflow ids are visible to anyone with Temporal access: an opaque key each, no candidate's person id.
    expect(reviewing.reviews.map((r) => r.candidateKey).sort()).toEqual([...SCENARIO_A_KEYS].sort());
    const reviewIds = reviewing.reviews.map((r) => r.workflowId);
    expect(reviewIds).toEqual(
      reviewIds.map(() => expect.stringMatching(new RegExp(`^${c.caseId}/trace-back/review-[0-9a-f-]{36}$`))),
    );
    expect(new Set(reviewIds).size).toBe(reviewIds.length);

    // An approval in Li's review: Zhao is rejected there too, since candidates are conflicted across the family.
    // The review's tasks name the person they concern as a field the gateway names, never in their titles.
    const liFacts = await a.reviewTask('person-p-0036', 'factFinding', 'decision');
    expect(liFacts.concernsPersonId).toBe('p-0036');
    expect(liFacts.title).not.toContain('p-0036');
    await a.decide('person-p-0036', 'factFinding', 'FACTS_ESTABLISHED');
    await a.decide('person-p-0036', 'hearing', 'HEARD');
    await a.decide('person-p-0036', 'determination', 'MAIN_LEADERSHIP');
    await a.measures('person-p-0036', 'proposal', 'PROPOSED', circulate);
    const liApproval = await a.reviewTask('person-p-0036', 'approval', 'approval');
    expect(liApproval).toMatchObject({ assigneeId: PEOPLE.deputy2, concernsPersonId: 'p-0036' });
    expect(liApproval.title).not.toContain('p-0036');
    expect(liApproval.history.map((h) => h.action)).toContain('RECUSED_SKIPPED');
    await expect(
      a.decideOn(a.review('person-p-0036'), liApproval, 'APPROVE', { actorId: 'p-0040' }),
    ).rejects.toMatchObject({ cause: { type: 'RecusedApprover' } });
    await a.approve('person-p-0036', 'approval', 2);
    await a.commissionDecides('person-p-0036');
    await a.decide('person-p-0036', 'noticeServed', 'SERVED');

    // A NONE determination without a reason is refused; organization forms are refused for a cadre.
    await a.decide('person-p-0037', 'factFinding', 'FACTS_ESTABLISHED');
    await a.decide('person-p-0037', 'hearing', 'WAIVED');
    await expect(a.decide('person-p-0037', 'determination', 'NONE')).rejects.toMatchObject({
      cause: { type: 'InvalidDecision' },
    });
    await a.decide('person-p-0037', 'determination', 'MAIN_LEADERSHIP');
    await expect(
      a.measures('person-p-0037', 'proposal', 'PROPOSED', { forms: ['INSPECTION'], modifiers: [] }),
    ).rejects.toMatchObject({ cause: { type: 'InvalidDecision' } });
    await a.measures('person-p-0037', 'proposal', 'PROPOSED', { forms: ['ADMONISH'], modifiers: [] });
    await a.approve('person-p-0037', 'approval', 2);
    await a.commissionDecides('person-p-0037');
    await a.decide('person-p-0037', 'noticeServed', 'SERVED');

    await Promise.all([
      a.decideAndServe('org-b-health-pg', 'MAIN_LEADERSHIP', { forms: ['INSPECTION'], modifiers: [] }),
      a.decideAndServe('org-b-county-dg3', 'MAIN_LEADERSHIP', circulate),
      a.decideAndServe('person-p-0038', 'IMPORTANT_LEADERSHIP', {
        forms: [],
        modifiers: [
          {
            kind: 'EXEMPT',
            ground: 'DISSENT_RECORDED',
            text: 'objected to the 2022-08-15 procurement decision (md-0001)',
          },
        ],
      }),
      a.decideAndServe('person-p-0040', 'MAIN_LEADERSHIP', {
        forms: ['CIRCULATE'],
        modifiers: [{ kind: 'HEAVIER', text: 'ignored two complaints' }],
      }),
    ]);

    // Chen appeals within the window; the appeal handler amends the admonishment to a circulated notice.
    await eventually(
      async () => ((await a.review('person-p-0037').query(getReviewState)).stage === 'appealWindow' ? true : undefined),
      'Chen in the appeal window',
    );
    await a.review('person-p-0037').executeUpdate(registerAppeal, {
      args: [
        { actorId: PEOPLE.caseManagementOfficer, reason: 'disputes the procurement facts', filedOn: '2026-12-01' },
      ],
    });
    await a.measures('person-p-0037', 'appealReview', 'AMENDED', circulate);
    await a.approve('person-p-0037', 'appealReview', 1);

    // Awaiting the result lets the time-skipping server run the remaining appeal windows out.
    const result = (await a.traceBack.result()) as ResponsibilityTraceBackResult;
    const { summary } = result;
    expect(summary.primaryResponsibility.map((e) => [e.candidateKey, e.outcome, e.finalMeasures.forms])).toEqual([
      ['org-b-health-pg', 'HELD_ACCOUNTABLE', ['INSPECTION']],
      ['person-p-0036', 'HELD_ACCOUNTABLE', ['CIRCULATE']],
      ['person-p-0037', 'HELD_ACCOUNTABLE', ['CIRCULATE']],
      ['person-p-0038', 'EXEMPTED', []],
    ]);
    expect(
      summary.supervisoryResponsibility.map((e) => [
        e.candidateKey,
        e.finalMeasures.forms,
        e.finalMeasures.modifiers.map((m) => m.kind),
      ]),
    ).toEqual([
      ['org-b-county-dg3', ['CIRCULATE'], []],
      ['person-p-0040', ['CIRCULATE'], ['HEAVIER']],
    ]);
    expect(summary.appeals).toEqual([{ candidateKey: 'person-p-0037', outcome: 'AMENDED' }]);
    expect(summary.removedCandidates).toEqual([
      {
        candidateKey: 'person-p-0039',
        reason: expect.any(String),
        removedBy: PEOPLE.caseOfficer,
        approvedBy: PEOPLE.deputy2,
      },
    ]);
    expect(summary.snapshotHash).toBe(proposed.snapshotHash);
    expect(world.activities.accountabilitySummaries.get(c.caseId)?.summary).toEqual(summary);
    await expect(c.case.result()).resolves.toEqual({ status: 'CLOSED' });
    expect(world.activities.auditActions(c.caseId)).toEqual(
      expect.arrayContaining([
        'TRACE_BACK_COMPUTED',
        'DERIVED_CONFLICTS_UPDATED',
        'CANDIDATE_ADDED',
        'CANDIDATE_REMOVED',
        'APPROVER_SKIPPED_RECUSED',
        'REPORTED_TO_SAME_LEVEL_COMMITTEE',
        'ACCOUNTABILITY_CONCLUDED',
      ]),
    );
  });

  it('refers an org adjustment to the managing body and records its decision back', async () => {
    const { a } = await openCase(aCase().accountabilityOnly().inScenarioA());
    await a.until('candidates computed', (s) => s.stage === 'candidateConfirmation');
    for (const key of SCENARIO_A_KEYS.filter((k) => k !== 'person-p-0037')) {
      await a.traceBack.executeUpdate(removeTraceBackCandidate, {
        args: [{ actorId: PEOPLE.caseOfficer, candidateKey: key, reason: 'handled in another case' }],
      });
    }
    const removals = [];
    for (let i = 0; i < 5; i++) {
      const removal = await a.traceBackTask('candidateRemoval', 'approval');
      removals.push(removal);
      await a.decideOn(a.traceBack, removal, 'APPROVE');
    }
    expect(removals.map((t) => t.title).join(' ')).not.toMatch(/p-00\d\d/);
    expect(removals.flatMap((t) => t.concernsPersonId ?? []).sort()).toEqual(['p-0036', 'p-0038', 'p-0040']);
    await a.until('removals applied', (s) => s.candidates.length === 1 && s.pendingRemovals.length === 0);
    await a.decideOn(a.traceBack, await a.traceBackTask('candidateConfirmation', 'decision'), 'CONFIRM');

    const key = 'person-p-0037';
    await a.decide(key, 'factFinding', 'FACTS_ESTABLISHED');
    await a.decide(key, 'hearing', 'HEARD');
    await a.decide(key, 'determination', 'MAIN_LEADERSHIP');
    await a.measures(key, 'proposal', 'PROPOSED', {
      forms: ['ORG_ADJUSTMENT'],
      orgAdjustmentOption: 'REASSIGN',
      modifiers: [],
    });
    await a.approve(key, 'approval', 2);
    const referral = await a.reviewTask(key, 'decision', 'decision');
    expect(referral).toMatchObject({
      assigneeId: PEOPLE.caseManagementOfficer,
      candidateRole: 'caseManagementOfficer',
    });
    expect((await a.review(key).query(getReviewState)).authority).toBe('managingBody');
    await a.measures(key, 'decision', 'AMENDED', {
      forms: ['ORG_ADJUSTMENT'],
      orgAdjustmentOption: 'DEMOTE',
      modifiers: [],
    });
    await a.decide(key, 'noticeServed', 'SERVED');
    // The adjustment is carried out within its month, recorded by case management (DOMAIN §4 Limits).
    await a.decide(key, 'execution', 'EXECUTED');
    const { summary } = (await a.traceBack.result()) as ResponsibilityTraceBackResult;
    expect(summary.primaryResponsibility).toEqual([
      expect.objectContaining({
        candidateKey: key,
        authority: 'managingBody',
        decidingBodyId: 'b-county-committee',
        finalMeasures: { forms: ['ORG_ADJUSTMENT'], orgAdjustmentOption: 'DEMOTE', modifiers: [] },
      }),
    ]);
    expect(summary.removedCandidates).toHaveLength(5);

    // The review told the trace-back each stage, never only that a closed task's due date cleared.
    const history = await a.review(key).fetchHistory();
    const sent = (history.events ?? []).flatMap((e) => {
      const s = e.signalExternalWorkflowExecutionInitiatedEventAttributes;
      return s?.signalName === 'reviewProgress' ? [s.input?.payloads?.[0] as Payload] : [];
    });
    const [codec] = testDataConverter().payloadCodecs;
    const reports = (await codec!.decode(sent)).map((p) => defaultPayloadConverter.fromPayload<ReviewProgress>(p));
    expect(reports.map((r) => r.stage)).toContain('noticeServed');
    reports.forEach((r, i) => {
      const before = reports[i - 1];
      if (
        before &&
        r.stage === before.stage &&
        r.overdue === before.overdue &&
        r.escalationLevel === before.escalationLevel
      )
        expect(r.deadlineAt).not.toBeNull();
    });
  });

  it('escalates an overdue review step to the superior and then case management', async () => {
    const { c, a } = await openCase(aCase().accountabilityOnly().inScenarioA());
    await a.decideOn(a.traceBack, await a.traceBackTask('candidateConfirmation', 'decision'), 'CONFIRM');
    const factFinding = await a.reviewTask('person-p-0036', 'factFinding', 'decision');
    // Its extension request goes up naming the same person, as a field, not in the title.
    const { approvalTaskId } = await a.review('person-p-0036').executeUpdate(requestExtension, {
      args: [{ taskId: factFinding.taskId, actorId: factFinding.assigneeId, reason: 'the witness is abroad' }],
    });
    const extension = await a.reviewTask('person-p-0036', 'factFinding', 'extensionApproval');
    expect(extension).toMatchObject({ taskId: approvalTaskId, concernsPersonId: 'p-0036' });
    expect(extension.title).not.toContain('p-0036');

    await world.env.sleep(75 * DAY_MS);

    const escalated = await eventually(async () => {
      const s = await a.review('person-p-0036').query(getReviewState);
      const task = s.tasks.find((t) => t.taskId === factFinding.taskId);
      return task && task.escalationLevel >= 2 ? { s, task } : undefined;
    }, 'fact finding escalated');
    expect(escalated.task.warningLevel).toBe('overdue');
    expect(escalated.s.overdue).toBe(true);
    const notices = world.activities.notificationsFor(factFinding.taskId);
    expect(notices.map((n) => [n.level, n.kind, n.recipientRole])).toEqual(
      expect.arrayContaining([
        [0, 'reminder', 'assignee'],
        [1, 'escalation', 'superior'],
        [2, 'escalation', 'caseManagement'],
      ]),
    );
    await a.until('the trace-back reports the overdue review', (s) =>
      s.reviews.some((r) => r.candidateKey === 'person-p-0036' && r.overdue),
    );
    await eventually(
      async () => ((await c.caseState()).overdue ? true : undefined),
      'the case row shows the case overdue',
    );
  });

  it('closes a dual-investigation case only after the triggered trace-back concludes, and re-checks candidates on new findings', async () => {
    const { c, a } = await openCase(
      aCase().withMisconduct(
        'u-county-health',
        ['p-0041'],
        [{ from: '2015-01-01', to: '2015-12-31' }],
        ['procurement'],
      ),
    );
    await c.case.executeUpdate(decideDualInvestigation, {
      args: [{ actorId: PEOPLE.leaderInCharge, decision: 'TRIGGER', reason: 'procurement kickbacks over years' }],
    });
    await c.decideTraceBackOpening('APPROVE');
    const initial = await a.until('candidates computed', (s) => s.stage === 'candidateConfirmation');
    expect(initial.candidates.map((x) => x.candidateKey)).toEqual(['org-b-health-pg']);

    await c.case.signal(findingsChanged, {
      actorId: PEOPLE.caseOfficer,
      misconductIntervals: [{ from: '2022-01-01', to: '2024-06-30' }],
      domains: ['procurement'],
      subjectIds: ['p-0041'],
      note: 'the investigation established the kickbacks ran 2022-01 to 2024-06',
    });
    const rechecking = await a.until('a re-check task', (s) => s.recheck !== null && s.recheck.taskId !== null);
    expect(rechecking.recheck?.wouldAdd).toEqual([
      'org-b-county-dg3',
      'person-p-0036',
      'person-p-0037',
      'person-p-0038',
      'person-p-0040',
    ]);
    expect(rechecking.candidates).toHaveLength(1);

    await c.decide('intake', 'decision', 'TRANSFERRED');
    await eventually(
      async () => ((await c.caseState()).stage === 'awaitingAccountability' ? true : undefined),
      'the case waiting for accountability',
    );
    expect((await c.caseState()).status).toBe('OPEN');

    await a.decideOn(a.traceBack, await a.traceBackTask('candidateRecheck', 'decision'), 'CANDIDATES_CONFIRMED');
    await a.decideOn(a.traceBack, await a.traceBackTask('candidateConfirmation', 'decision'), 'CONFIRM');
    const key = 'org-b-health-pg';
    await a.decide(key, 'factFinding', 'FACTS_ESTABLISHED');
    await a.decide(key, 'hearing', 'HEARD');
    await a.decide(key, 'determination', 'NONE', { reason: 'the party group reported the problem itself' });
    await a.approve(key, 'approval', 2);

    const { summary } = (await a.traceBack.result()) as ResponsibilityTraceBackResult;
    expect(summary.counts.NO_RESPONSIBILITY).toBe(1);
    await expect(c.case.result()).resolves.toEqual({ status: 'CLOSED' });
    const concluded = (await c.caseState()).timeline.filter((e) => e.action === 'CHILD_CONCLUDED').map((e) => e.stage);
    expect(concluded).toEqual(['violation', 'traceBack']);
  });
});
