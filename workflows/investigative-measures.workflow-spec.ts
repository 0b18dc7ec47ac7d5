import { chineseDaysSchedules, HolidayCalendar } from '../libs/domain/src/calendar';
import { dueDateFrom } from '../libs/domain/src/deadline';
import { PEOPLE } from '../test/builders/case.builder';
import { caseWorld } from '../test/support/case-world';
import { eventually, rejectionOf, type CaseDriver } from '../test/support/case-driver';

/**
 * Issue 12 §8: preliminary verification and investigation are carried out by a team of at least two (DOMAIN
 * §2), named with the proposal that opens them; investigative measures are logged on the case by its members,
 * with the approval the measure table asks for and the measure's time limit.
 */
const world = caseWorld();
const calendar = HolidayCalendar.fromSchedules(chineseDaysSchedules(2004, 2100));

async function inPreliminaryVerification(): Promise<CaseDriver> {
  const c = await world.openCase();
  await c.decide('intake', 'decision', 'REGISTERED');
  await c.complete('clueDisposal', 'PRELIM_VERIFY');
  await c.waitForStage('preliminaryVerification');
  return c;
}

async function inInvestigation(): Promise<CaseDriver> {
  const c = await inPreliminaryVerification();
  await c.complete('preliminaryVerification', 'FILE_CASE');
  await c.complete('filing', 'FILED');
  await c.waitForStage('investigation');
  return c;
}

const measure = (measureId: string) =>
  eventually(async () => world.activities.measures.get(measureId), `measure ${measureId} in the read model`);

describe('investigation team', () => {
  it('refuses to open preliminary verification with a team of one, a subject or a recused member, and takes a team of two', async () => {
    const c = await world.openCase();
    await c.decide('intake', 'decision', 'REGISTERED');
    const proposal = await c.openTask('clueDisposal', 'decision');

    expect(await rejectionOf(c.submit(proposal, 'PRELIM_VERIFY', { teamIds: null }))).toBe('InvestigationTeamInvalid');
    expect(await rejectionOf(c.submit(proposal, 'PRELIM_VERIFY', { teamIds: [PEOPLE.caseOfficer] }))).toBe(
      'InvestigationTeamInvalid',
    );
    expect(
      await rejectionOf(c.submit(proposal, 'PRELIM_VERIFY', { teamIds: [PEOPLE.caseOfficer, PEOPLE.subject] })),
    ).toBe('InvestigationTeamInvalid');
    await c.recuse(PEOPLE.caseManagementOfficer, PEOPLE.teamMember, 'WITNESS');
    expect(
      await rejectionOf(c.submit(proposal, 'PRELIM_VERIFY', { teamIds: [PEOPLE.caseOfficer, PEOPLE.teamMember] })),
    ).toBe('InvestigationTeamInvalid');
    // A proposal that opens no team stage names no team.
    expect(
      await rejectionOf(c.submit(proposal, 'TALK_OR_LETTER', { teamIds: [PEOPLE.caseOfficer, 'p-officer-sun'] })),
    ).toBe('InvalidDecision');
    expect((await c.task(proposal.taskId)).status).toBe('OPEN');

    await c.submit(proposal, 'PRELIM_VERIFY', { teamIds: [PEOPLE.caseOfficer, 'p-officer-sun'] });
    await c.decide('clueDisposal', 'approval', 'APPROVE');
    const state = await c.waitForStage('preliminaryVerification');
    expect(state.teams).toEqual({ preliminaryVerification: [PEOPLE.caseOfficer, 'p-officer-sun'] });
    expect(c.auditFor('DECISION_RECORDED').some((e) => JSON.stringify(e.after).includes('p-officer-sun'))).toBe(true);
  });
});

describe('investigative measures', () => {
  it('records a talk a team member logs, and refuses outsiders, recused members and coercive measures before filing', async () => {
    const c = await inPreliminaryVerification();
    const talk = await c.logMeasure({
      actorId: PEOPLE.teamMember,
      kind: 'TALK',
      purpose: 'talk with the procurement clerk about the 2023 tenders',
    });
    expect(talk.status).toBe('RECORDED');
    const row = await measure(talk.measureId);
    expect(row).toMatchObject({ kind: 'TALK', stage: 'preliminaryVerification', loggedBy: PEOPLE.teamMember });
    expect(row.takenOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(row.dueOn).toBeNull();
    await eventually(async () => (c.auditFor('MEASURE_RECORDED').length === 1 ? true : undefined), 'the audit entry');

    const by = (actorId: string, kind: 'TALK' | 'FREEZE' = 'TALK') =>
      c.logMeasure({ actorId, kind, purpose: 'the account the kickbacks were paid into' });
    expect(await rejectionOf(by(PEOPLE.leaderInCharge))).toBe('RoleNotAllowed');
    expect(await rejectionOf(by(PEOPLE.caseOfficer, 'FREEZE'))).toBe('MeasureNotAllowed');
    await c.recuse(PEOPLE.caseManagementOfficer, PEOPLE.teamMember, 'WITNESS');
    expect(await rejectionOf(by(PEOPLE.teamMember))).toBe('RecusedApprover');
    expect(c.auditFor('MEASURE_RECORDED')).toHaveLength(1);
  });

  it('takes a freeze on the day the principal leader approves it, due six months later on the calendar', async () => {
    const c = await inInvestigation();
    const freeze = await c.logMeasure({
      actorId: PEOPLE.caseOfficer,
      kind: 'FREEZE',
      purpose: 'the account the kickbacks were paid into',
    });
    expect(freeze.status).toBe('PENDING_APPROVAL');
    expect((await measure(freeze.measureId)).status).toBe('PENDING_APPROVAL');
    const approval = await c.task(freeze.approvalTaskId ?? '');
    expect(approval).toMatchObject({ kind: 'measureApproval', assigneeId: PEOPLE.principalLeader, status: 'OPEN' });

    await c.submit(approval, 'APPROVE');
    const row = await eventually(async () => {
      const m = await measure(freeze.measureId);
      return m.status === 'RECORDED' ? m : undefined;
    }, 'the freeze approved');
    expect(row.approverIds).toEqual([PEOPLE.principalLeader]);
    expect(row.limit).toEqual({ amount: 6, unit: 'm' });
    expect(row.dueOn).toBe(dueDateFrom(calendar, row.takenOn ?? '', 6, 'm').dueDate);
    await eventually(
      async () => (c.auditFor('MEASURE_APPROVED').length === 1 ? true : undefined),
      'the MEASURE_APPROVED audit entry',
    );
  });

  it('records a retention refused by the principal leader as refused, with the reason, and asks nobody higher', async () => {
    const c = await inInvestigation();
    const retention = await c.logMeasure({
      actorId: PEOPLE.teamMember,
      kind: 'RETENTION',
      purpose: 'the subject may destroy evidence',
    });
    const approval = await c.task(retention.approvalTaskId ?? '');
    expect(approval.assigneeId).toBe(PEOPLE.principalLeader);
    await c.submit(approval, 'REFUSE', { reason: 'a talk is enough at this point' });
    const row = await eventually(async () => {
      const m = await measure(retention.measureId);
      return m.status === 'REFUSED' ? m : undefined;
    }, 'the retention refused');
    expect(row).toMatchObject({ refusal: 'a talk is enough at this point', takenOn: null, dueOn: null });
    const state = await c.state();
    expect(state.tasks.filter((t) => t.kind === 'measureApproval').map((t) => t.status)).toEqual(['DECIDED']);
    await eventually(
      async () => (c.auditFor('MEASURE_REFUSED').length === 1 ? true : undefined),
      'the MEASURE_REFUSED audit entry',
    );
  });

  it('sends a retention the principal leader approves on to the higher commission before it is taken', async () => {
    const c = await inInvestigation();
    const retention = await c.logMeasure({
      actorId: PEOPLE.caseOfficer,
      kind: 'RETENTION',
      purpose: 'the subject may destroy evidence',
    });
    await c.submit(await c.task(retention.approvalTaskId ?? ''), 'APPROVE');
    const higher = await eventually(async () => {
      const state = await c.state();
      return state.tasks.find(
        (t) => t.kind === 'measureApproval' && t.status === 'OPEN' && t.assigneeId === PEOPLE.higherCommissionLeader,
      );
    }, 'the higher commission asked');
    expect((await measure(retention.measureId)).status).toBe('PENDING_APPROVAL');
    await c.submit(higher, 'APPROVE');
    const row = await eventually(async () => {
      const m = await measure(retention.measureId);
      return m.status === 'RECORDED' ? m : undefined;
    }, 'the retention approved');
    expect(row.approverIds).toEqual([PEOPLE.principalLeader, PEOPLE.higherCommissionLeader]);
    expect(row.dueOn).toBe(dueDateFrom(calendar, row.takenOn ?? '', 3, 'm').dueDate);
  });
});
