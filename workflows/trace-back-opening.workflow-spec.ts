import { aCase, PEOPLE } from '../test/builders/case.builder';
import { eventually, rejectionOf, type CaseDriver } from '../test/support/case-driver';
import { caseWorld } from '../test/support/case-world';

const world = caseWorld();

/**
 * The spec's cases share one read model: each test's misconduct lies in its own year, so a trace-back one test
 * opens is not the filed trace-back another test's case links to.
 */
const inYear = (year: number) =>
  aCase().withMisconduct('u-unit-a', [PEOPLE.subject], [{ from: `${year}-01-01`, to: `${year}-12-31` }], []);

const roles = async (c: CaseDriver) => (await c.caseState()).children.map((child) => child.role);

describe('opening a trace-back needs the principal leader (AR art. 9)', () => {
  it("turns the leader in charge's TRIGGER into a request and opens the trace-back only on the principal leader's approval", async () => {
    const c = await world.openCase(inYear(2010));
    await c.openTask('intake', 'decision');

    const asked = await c.decideDualInvestigation(PEOPLE.leaderInCharge, 'TRIGGER', 'three complaints ignored');
    expect(asked.decision).toBe('TRIGGER_REQUESTED');
    const pending = await c.caseState();
    expect(pending.dualInvestigation).toMatchObject({
      decision: null,
      opening: { requestedBy: PEOPLE.leaderInCharge, status: 'PENDING', taskId: asked.approvalTaskId },
    });
    const task = pending.tasks?.find((t) => t.taskId === asked.approvalTaskId);
    expect(task).toMatchObject({ stage: 'traceBackOpening', assigneeId: PEOPLE.principalLeader, status: 'OPEN' });
    expect(await roles(c)).toEqual(['violation']);
    expect(await rejectionOf(c.decideDualInvestigation(PEOPLE.leaderInCharge, 'TRIGGER'))).toBe('DuplicateDecision');

    const approved = await c.decideTraceBackOpening('APPROVE');
    expect(approved.dualInvestigation).toMatchObject({
      decision: 'TRIGGER',
      decidedBy: PEOPLE.leaderInCharge,
      opening: { status: 'APPROVED', decidedBy: PEOPLE.principalLeader },
    });
    await eventually(async () => ((await roles(c)).includes('traceBack') ? true : undefined), 'the trace-back child');
    const trigger = c.auditFor('DUAL_INVESTIGATION_TRIGGER');
    expect(trigger).toHaveLength(1);
    expect(trigger[0]?.after).toMatchObject({
      requestedBy: PEOPLE.leaderInCharge,
      approvedBy: PEOPLE.principalLeader,
    });
    expect(c.auditFor('TRACE_BACK_OPENING_REQUESTED')).toHaveLength(1);
  });

  it('opens the trace-back at once when the principal leader triggers it', async () => {
    const c = await world.openCase(inYear(2011));
    await c.openTask('intake', 'decision');
    expect((await c.decideDualInvestigation(PEOPLE.principalLeader, 'TRIGGER')).decision).toBe('TRIGGER');
    await eventually(async () => ((await roles(c)).includes('traceBack') ? true : undefined), 'the trace-back child');
    expect((await c.caseState()).dualInvestigation.opening).toMatchObject({ status: 'APPROVED', taskId: null });
  });

  it('records a refused request as a declined suggestion with the refusal as its reason, and allows a later request', async () => {
    const c = await world.openCase(inYear(2012));
    await c.openTask('intake', 'decision');
    await c.decideDualInvestigation(PEOPLE.leaderInCharge, 'TRIGGER');
    const task = await eventually(
      async () => (await c.caseState()).tasks?.find((t) => t.stage === 'traceBackOpening'),
      'the opening task',
    );
    expect(await rejectionOf(c.submitOnCase(task, 'REJECT'))).toBe('InvalidDecision');

    const refused = await c.decideTraceBackOpening('REJECT', 'the unit was reorganised last year; inspect instead');
    expect(refused.dualInvestigation).toMatchObject({
      decision: 'DECLINE',
      decidedBy: PEOPLE.principalLeader,
      reason: 'the unit was reorganised last year; inspect instead',
      opening: { status: 'REJECTED', refusal: 'the unit was reorganised last year; inspect instead' },
    });
    expect(await roles(c)).toEqual(['violation']);
    expect((await c.decideDualInvestigation(PEOPLE.leaderInCharge, 'TRIGGER')).decision).toBe('TRIGGER_REQUESTED');
  });

  it('starts the investigation of an accountability-only case only after the principal leader approves it', async () => {
    const c = await world.openCase(inYear(2013).accountabilityOnly());
    const waiting = await eventually(async () => {
      const s = await c.caseState();
      return s.tasks?.some((t) => t.stage === 'traceBackOpening') ? s : undefined;
    }, 'the opening request of the accountability-only case');
    expect(waiting.stage).toBe('traceBackOpening');
    expect(waiting.children).toEqual([]);

    await c.decideTraceBackOpening('APPROVE');
    await c.openTask('candidateConfirmation', undefined, 'trace-back');
  });

  it('closes an accountability-only case whose opening the principal leader refused, without a trace-back', async () => {
    const c = await world.openCase(inYear(2014).accountabilityOnly());
    await c.decideTraceBackOpening('REJECT', 'the facts do not reach the threshold of AR art. 7');
    const closed = await eventually(async () => {
      const s = await c.caseState();
      return s.status === 'CLOSED' ? s : undefined;
    }, 'the case closed');
    expect(closed.children).toEqual([]);
    expect(closed.dualInvestigation).toMatchObject({
      decision: 'DECLINE',
      reason: 'the facts do not reach the threshold of AR art. 7',
    });
  });

  it('links the case to a filed trace-back of the same unit and period instead of opening a second one', async () => {
    const filed = await world.openCase(inYear(2030).accountabilityOnly());
    await filed.decideTraceBackOpening('APPROVE');
    await eventually(
      async () => (world.activities.cases.get(filed.caseId)?.traceBackIntervals ? true : undefined),
      'the filed trace-back in the read model',
    );

    const c = await world.openCase(inYear(2030));
    await c.openTask('intake', 'decision');
    await c.decideDualInvestigation(PEOPLE.principalLeader, 'TRIGGER', 'the same procurement kickbacks');
    const linked = await eventually(async () => {
      const s = await c.caseState();
      return s.dualInvestigation.linkedCase ? s : undefined;
    }, 'the link to the filed trace-back');
    expect(linked.dualInvestigation.linkedCase?.caseId).toBe(filed.caseId);
    expect(linked.children.map((child) => child.role)).toEqual(['violation']);
    expect(c.auditFor('TRACE_BACK_LINKED')[0]?.after).toMatchObject({ linkedCaseId: filed.caseId });
  });

  it('refuses a TRIGGER once the violation investigation is closing, with WrongStage', async () => {
    const c = await world.openCase(inYear(2015));
    await c.complete('intake', 'REGISTERED');
    await c.complete('clueDisposal', 'CLOSE_CLUE');
    await c.openTask('closing', 'decision');
    await eventually(async () => ((await c.caseState()).stage === 'closing' ? true : undefined), 'the case closing');

    expect(await rejectionOf(c.decideDualInvestigation(PEOPLE.principalLeader, 'TRIGGER'))).toBe('WrongStage');
    expect((await c.caseState()).dualInvestigation.decision).toBeNull();
  });
});
