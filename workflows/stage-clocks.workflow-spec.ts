import { reassignTask, requestExtension } from '../libs/contracts/src';
import { aCase, PEOPLE } from '../test/builders/case.builder';
import { AccountabilityDriver } from '../test/support/accountability-driver';
import { caseWorld } from '../test/support/case-world';

/**
 * Issue 12 §4: approvals count within the stage's limit (DOMAIN §2 gives none their own), and an extension
 * goes as many levels up as its limit's `approvalLevelsUp` says (the investigation's second 90 days: two).
 */
const world = caseWorld();

const openCase = () => world.openCase();

describe('stage clocks', () => {
  it('runs every approval of a stage on the stage’s own clock, also after a return for revision', async () => {
    const c = await openCase();
    await c.decide('intake', 'decision', 'REGISTERED');
    const proposal = await c.openTask('clueDisposal', 'decision');
    await c.submit(proposal, 'PRELIM_VERIFY');
    const approval = await c.openTask('clueDisposal', 'approval');
    expect(approval.dueAt).toBe(proposal.dueAt);
    await c.submit(approval, 'RETURN', { reason: 'state which facts the verification is to establish' });
    const revised = await c.openTask('clueDisposal', 'decision');
    expect(revised.dueAt).toBe(proposal.dueAt);
    await c.submit(revised, 'PRELIM_VERIFY');
    const again = await c.openTask('clueDisposal', 'approval');
    expect(again.dueAt).toBe(proposal.dueAt);
  });

  it('sends an ordinary extension one level up and the investigation’s extension two levels up', async () => {
    const c = await openCase();
    await c.decide('intake', 'decision', 'REGISTERED');
    await c.complete('clueDisposal', 'PRELIM_VERIFY');
    await c.complete('preliminaryVerification', 'FILE_CASE');
    const filing = await c.openTask('filing', 'decision');
    const filingExtension = await c.requestExtension(filing.taskId, PEOPLE.caseOfficer);
    // The case officer's direct superior is one level up.
    expect((await c.task(filingExtension.approvalTaskId!)).assigneeId).toBe(PEOPLE.officerSuperior);
    await c.submit(await c.task(filingExtension.approvalTaskId!), 'REFUSE');
    await c.submit(filing, 'FILED');
    await c.decide('filing', 'approval', 'APPROVE');

    const investigation = await c.openTask('investigation', 'decision');
    const extension = await c.requestExtension(investigation.taskId, PEOPLE.caseOfficer);
    // investigation: 90 days, +90 once with approval two levels up: past the section head to the leader in charge.
    expect((await c.task(extension.approvalTaskId!)).assigneeId).toBe(PEOPLE.leaderInCharge);
  });

  it('sends an extension in the trace-back as many levels up as its limit says, never below the requester', async () => {
    const c = await world.openCase(aCase().accountabilityOnly().inScenarioA());
    await c.decideTraceBackOpening('APPROVE');
    const a = new AccountabilityDriver(c);
    const confirmation = await a.traceBackTask('candidateConfirmation', 'decision');
    const ask = (actorId: string) =>
      a.traceBack.executeUpdate(requestExtension, {
        args: [{ taskId: confirmation.taskId, actorId, reason: 'the org snapshot of 2022 is still being verified' }],
      });
    // accountabilityInvestigation: +30 days once, approved one level up (DOMAIN §7): the officer's superior.
    const officers = await ask(PEOPLE.caseOfficer);
    const toSuperior = await a.traceBackTask('candidateConfirmation', 'extensionApproval');
    expect({ taskId: toSuperior.taskId, assigneeId: toSuperior.assigneeId }).toEqual({
      taskId: officers.approvalTaskId,
      assigneeId: PEOPLE.officerSuperior,
    });
    await a.decideOn(a.traceBack, toSuperior, 'REFUSE');

    // The principal leader takes the confirmation over: his own request goes up to the higher commission.
    await a.traceBack.executeUpdate(reassignTask, {
      args: [
        {
          taskId: confirmation.taskId,
          actorId: PEOPLE.principalLeader,
          newAssigneeId: PEOPLE.principalLeader,
          reason: 'the secretary confirms the list himself',
        },
      ],
    });
    const principals = await ask(PEOPLE.principalLeader);
    const upward = await a.traceBackTask('candidateConfirmation', 'extensionApproval');
    expect({ taskId: upward.taskId, assigneeId: upward.assigneeId }).toEqual({
      taskId: principals.approvalTaskId,
      assigneeId: PEOPLE.higherCommissionLeader,
    });
  });
});
