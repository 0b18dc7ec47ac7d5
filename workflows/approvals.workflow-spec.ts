import { aCase, PEOPLE } from '../test/builders/case.builder';
import { eventually, rejectionOf, type CaseDriver } from '../test/support/case-driver';
import { caseWorld } from '../test/support/case-world';

const world = caseWorld();

async function toSanction(c: CaseDriver): Promise<void> {
  await c.complete('intake', 'REGISTERED');
  await c.complete('clueDisposal', 'PRELIM_VERIFY');
  await c.complete('preliminaryVerification', 'FILE_CASE');
  await c.complete('filing', 'FILED');
  await c.complete('investigation', 'TO_TRIAL');
  await c.complete('trialReview', 'AGREE');
}

describe('collective decision (集体研究)', () => {
  it('decides the sanction by a majority of the standing committee and keeps attendance and dissent with reasons', async () => {
    const c = await world.openCase();
    await toSanction(c);
    const [gao, wang, zhou, xu] = PEOPLE.standingCommittee;
    await c.decide('sanction', 'collectiveDecision', 'EXPULSION', { actorId: gao });
    await c.decide('sanction', 'collectiveDecision', 'PROBATION_2Y', {
      actorId: wang,
      reason: 'he returned the money',
    });
    await c.decide('sanction', 'collectiveDecision', 'EXPULSION', { actorId: zhou });
    const open = await c.openTask('sanction', 'collectiveDecision');
    expect(open.status).toBe('OPEN');
    expect(await rejectionOf(c.submit(open, 'EXPULSION', { actorId: gao }))).toBe('DuplicateDecision');
    await c.submit(open, 'EXPULSION', { actorId: xu });

    const state = await c.waitForStage('closing');
    await c.readModelAgrees();
    const vote = state.tasks.find((t) => t.taskId === open.taskId)!;
    expect(vote).toMatchObject({ status: 'DECIDED', outcome: 'EXPULSION' });
    expect(vote.history.find((h) => h.action === 'COLLECTIVE_RESULT')?.detail).toEqual({
      outcome: 'EXPULSION',
      eligible: [...PEOPLE.standingCommittee],
      attendance: [gao, wang, zhou, xu],
      dissent: [{ personId: wang, outcome: 'PROBATION_2Y', reason: 'he returned the money' }],
    });
    expect(c.auditFor('COLLECTIVE_DECISION_RECORDED')[0].after).toMatchObject({
      attendance: [gao, wang, zhou, xu],
      dissent: [expect.objectContaining({ personId: wang })],
    });
    expect(c.decisionsFor(open.taskId).map((d) => [d.actorId, d.outcome])).toEqual([
      [gao, 'EXPULSION'],
      [wang, 'PROBATION_2Y'],
      [zhou, 'EXPULSION'],
      [xu, 'EXPULSION'],
    ]);
    // The dissent is a list the gateway names by name and post, never ids in the comment people read.
    const collective = state.timeline.find((e) => e.stage === 'sanction' && e.action === 'COLLECTIVE_DECISION');
    expect(collective).toMatchObject({
      outcome: 'EXPULSION',
      dissent: [{ personId: wang, outcome: 'PROBATION_2Y', reason: 'he returned the money' }],
    });
    expect(JSON.stringify(collective?.comment ?? '')).not.toContain(wang);
    await c.readModelAgrees();
  });
});

describe('return for revision', () => {
  it('reopens the proposal when the approver returns it with a reason, and approves the revised proposal', async () => {
    const c = await world.openCase();
    await c.complete('intake', 'REGISTERED');
    const first = await c.openTask('clueDisposal', 'decision');
    await c.submit(first, 'SHELVE');
    await c.decide('clueDisposal', 'approval', 'RETURN', { reason: 'the lead names concrete contracts: verify it' });
    const revised = await c.openTask('clueDisposal', 'decision');
    expect(revised.taskId).not.toBe(first.taskId);
    expect(revised.assigneeId).toBe(PEOPLE.caseOfficer);
    await c.submit(revised, 'PRELIM_VERIFY');
    await c.decide('clueDisposal', 'approval', 'APPROVE');

    const state = await c.waitForStage('preliminaryVerification');
    expect(
      state.timeline
        .filter((e) => e.stage === 'clueDisposal' && e.action !== 'STAGE_ENTERED')
        .map((e) => [e.action, e.outcome, e.comment]),
    ).toEqual([
      ['PROPOSED', 'SHELVE', 'SHELVE by test'],
      ['RETURNED', 'SHELVE', 'the lead names concrete contracts: verify it'],
      ['PROPOSED', 'PRELIM_VERIFY', 'PRELIM_VERIFY by test'],
      ['APPROVED', 'PRELIM_VERIFY', 'APPROVE by test'],
    ]);
    await c.readModelAgrees();
  });

  it('reworks a returned proposal on the stage clock it had, without starting the time limit again', async () => {
    const c = await world.openCase();
    await c.complete('intake', 'REGISTERED');
    const first = await c.openTask('clueDisposal', 'decision');
    await c.submit(first, 'SHELVE');
    const approval = await c.openTask('clueDisposal', 'approval');
    // Ten days pass before the approver answers: a fresh 1-month limit would end ten days later.
    await world.sleepUntil(Date.parse(approval.createdAt) + 10 * 24 * 3600 * 1000, 0);
    await c.submit(approval, 'RETURN', { reason: 'the lead names concrete contracts: verify it' });
    const revised = await eventually(async () => {
      const t = await c.openTask('clueDisposal', 'decision');
      return t.taskId !== first.taskId ? t : undefined;
    }, 'the revised proposal task');
    expect(revised.dueAt).toBe(first.dueAt);
    await c.readModelAgrees();
  });

  it('sends a filing against a committee cadre, returned by the committee’s principal leader, back to the commission’s, not to the proposer', async () => {
    const c = await world.openCase(aCase().ofCommitteeCadre());
    await c.complete('intake', 'REGISTERED');
    await c.complete('clueDisposal', 'PRELIM_VERIFY');
    await c.complete('preliminaryVerification', 'FILE_CASE');
    await c.decide('filing', 'decision', 'FILED');
    const level1 = await c.openTask('filing', 'approval');
    expect(level1.assigneeId).toBe(PEOPLE.principalLeader);
    await c.submit(level1, 'APPROVE');
    const level2 = await eventually(async () => {
      const t = await c.openTask('filing', 'approval');
      return t.taskId !== level1.taskId ? t : undefined;
    }, 'the second approval level');
    expect(level2.assigneeId).toBe(PEOPLE.partyCommitteeSecretary);
    await c.submit(level2, 'RETURN', { reason: 'state the measures to be taken' });

    const again = await eventually(async () => {
      const t = await c.openTask('filing', 'approval');
      return t.taskId !== level2.taskId ? t : undefined;
    }, 'the first approval level again');
    expect(again.assigneeId).toBe(PEOPLE.principalLeader);
    expect((await c.state()).tasks.filter((t) => t.stage === 'filing' && t.kind === 'decision')).toHaveLength(1);
    await c.submit(again, 'APPROVE');
    await c.decide('filing', 'approval', 'APPROVE');

    const state = await c.waitForStage('investigation');
    expect(
      state.timeline
        .filter((e) => e.stage === 'filing' && e.action !== 'STAGE_ENTERED')
        .map((e) => [e.action, e.actorId]),
    ).toEqual([
      ['PROPOSED', PEOPLE.caseOfficer],
      ['APPROVED', PEOPLE.principalLeader],
      ['RETURNED', PEOPLE.partyCommitteeSecretary],
      ['APPROVED', PEOPLE.principalLeader],
      ['APPROVED', PEOPLE.partyCommitteeSecretary],
    ]);
  });
});

describe('recusal (回避)', () => {
  it('projects a recusal into the case row at once, with no stage change or reroute to carry it', async () => {
    // An accountability-only case: its trace-back reports progress only when its stage or deadlines change.
    const c = await world.openCase(aCase().accountabilityOnly());
    await c.decideTraceBackOpening('APPROVE');
    await c.openTask('candidateConfirmation', undefined, 'trace-back');
    const row = () => c.activities?.cases.get(c.caseId);
    const settled = () => row()?.stage === 'candidateConfirmation' && row()?.deadlineAt !== null;
    await eventually(async () => (settled() ? true : undefined), 'the case row with the confirmation deadline');
    await c.recuse(PEOPLE.deputy2, PEOPLE.deputy2, 'WITNESS');
    const projected = await eventually(
      async () => (row()?.recusedIds?.includes(PEOPLE.deputy2) ? row() : undefined),
      'the recusal in the case row',
    );
    expect(projected).toMatchObject({ stage: 'candidateConfirmation', recusedIds: [PEOPLE.deputy2] });
    expect(projected?.targetIds).toContain(PEOPLE.subject);
  });

  it('reroutes an open approval from the recused leader in charge to the deputy, audits the skip and rejects the recused decision', async () => {
    const c = await world.openCase();
    await c.complete('intake', 'REGISTERED');
    await c.decide('clueDisposal', 'decision', 'PRELIM_VERIFY');
    const seen = await c.openTask('clueDisposal', 'approval');
    expect(seen.assigneeId).toBe(PEOPLE.leaderInCharge);

    await c.recuse(PEOPLE.principalLeader, PEOPLE.leaderInCharge, 'RELATIVE');
    const rerouted = await c.taskWhen(seen.taskId, (t) => t.assigneeId === PEOPLE.deputy2, 'the reroute to the deputy');
    expect(rerouted.version).toBe(seen.version + 1);
    await c.readModelAgrees();
    expect(world.activities.notificationsFor(seen.taskId)).toEqual([
      expect.objectContaining({ kind: 'reassignment', recipientRole: 'assignee', recipientId: PEOPLE.deputy2 }),
    ]);
    expect(rerouted.history).toContainEqual(
      expect.objectContaining({
        action: 'RECUSED_REROUTED',
        detail: { from: PEOPLE.leaderInCharge, to: PEOPLE.deputy2 },
      }),
    );
    expect(c.auditFor('APPROVER_SKIPPED_RECUSED')).toEqual([
      expect.objectContaining({
        after: { taskId: seen.taskId, skipped: [PEOPLE.leaderInCharge], assigneeId: PEOPLE.deputy2 },
      }),
    ]);
    expect((await c.caseState()).conflicts).toContainEqual(
      expect.objectContaining({ personId: PEOPLE.leaderInCharge, source: 'requested' }),
    );
    await c.readModelAgrees();

    // The recused leader decides on the version he saw: told he is recused, and nothing is recorded.
    expect(await rejectionOf(c.submit(seen, 'APPROVE', { actorId: PEOPLE.leaderInCharge }))).toBe('RecusedApprover');
    expect(await rejectionOf(c.submit(rerouted, 'APPROVE', { actorId: PEOPLE.leaderInCharge }))).toBe(
      'RecusedApprover',
    );
    expect(c.decisionsFor(seen.taskId)).toEqual([]);
    expect((await c.task(seen.taskId)).version).toBe(rerouted.version);

    await c.submit(rerouted, 'APPROVE');
    await c.waitForStage('preliminaryVerification');
    expect(c.decisionsFor(seen.taskId)).toEqual([
      expect.objectContaining({ actorId: PEOPLE.deputy2, outcome: 'APPROVE' }),
    ]);
  });

  it('opens a new approval with the next eligible approver when the leader in charge is already recused', async () => {
    const c = await world.openCase();
    await c.complete('intake', 'REGISTERED');
    await c.recuse(PEOPLE.leaderInCharge, PEOPLE.leaderInCharge, 'INTEREST');
    await c.decide('clueDisposal', 'decision', 'PRELIM_VERIFY');
    const approval = await c.openTask('clueDisposal', 'approval');
    await c.readModelAgrees();
    expect(approval.assigneeId).toBe(PEOPLE.deputy2);
    expect(approval.history).toContainEqual(
      expect.objectContaining({ action: 'RECUSED_SKIPPED', detail: { skipped: [PEOPLE.leaderInCharge] } }),
    );
    expect(c.auditFor('APPROVER_SKIPPED_RECUSED')).toEqual([
      expect.objectContaining({
        after: { taskId: approval.taskId, skipped: [PEOPLE.leaderInCharge], assigneeId: PEOPLE.deputy2 },
      }),
    ]);
    await c.readModelAgrees();
  });
});
