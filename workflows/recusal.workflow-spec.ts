import { WorkflowUpdateFailedError } from '@temporalio/client';
import { nameReplacement } from '../libs/contracts/src';
import { PEOPLE } from '../test/builders/case.builder';
import { eventually, rejectionOf, type CaseDriver, type Task } from '../test/support/case-driver';
import { caseWorld } from '../test/support/case-world';

const world = caseWorld();
const REPLACEMENT_OFFICER = 'p-officer-liu';

afterEach(() => {
  world.activities.refuseAudit = null;
});

function name(c: CaseDriver, task: Task, replacementId: string, actorId = task.assigneeId) {
  return c.case.executeUpdate(nameReplacement, {
    args: [{ taskId: task.taskId, taskVersion: task.version, actorId, replacementId, comment: '' }],
  });
}

async function recusalTask(c: CaseDriver, taskId: string): Promise<Task> {
  return eventually(async () => (await c.caseState()).tasks?.find((t) => t.taskId === taskId), 'the recusal task');
}

describe('a recusal is a request the case’s leadership decides (DOMAIN §5)', () => {
  it('registers the conflict only when the principal leader decides RECUSE, then reroutes the children', async () => {
    const c = await world.openCase();
    await c.complete('intake', 'REGISTERED');
    await c.decide('clueDisposal', 'decision', 'PRELIM_VERIFY');
    const approval = await c.openTask('clueDisposal', 'approval');
    expect(approval.assigneeId).toBe(PEOPLE.leaderInCharge);

    const { recusalTaskId } = await c.declareConflict(PEOPLE.caseManagementOfficer, PEOPLE.leaderInCharge);
    const decision = await recusalTask(c, recusalTaskId!);
    expect(decision).toMatchObject({
      stage: 'recusal',
      assigneeId: PEOPLE.principalLeader,
      status: 'OPEN',
      concernsPersonId: PEOPLE.leaderInCharge,
    });
    // Ids stay opaque: the person the task is about is a field the gateway names, never part of its title.
    expect(decision.title).not.toContain(PEOPLE.leaderInCharge);
    const pending = await c.caseState();
    expect(pending.conflicts.map((entry) => entry.personId)).not.toContain(PEOPLE.leaderInCharge);
    expect(pending.recusals).toEqual([expect.objectContaining({ personId: PEOPLE.leaderInCharge, status: 'PENDING' })]);
    expect((await c.task(approval.taskId)).assigneeId).toBe(PEOPLE.leaderInCharge);

    // Only the decider decides; the requester cannot.
    expect(await rejectionOf(c.submitOnCase(decision, 'RECUSE', { actorId: PEOPLE.caseManagementOfficer }))).toBe(
      'NotAssignee',
    );
    await c.submitOnCase(decision, 'RECUSE');
    const decided = await c.caseState();
    expect(decided.conflicts).toContainEqual(
      expect.objectContaining({
        personId: PEOPLE.leaderInCharge,
        source: 'requested',
        declaredBy: PEOPLE.caseManagementOfficer,
        decidedBy: PEOPLE.principalLeader,
      }),
    );
    expect(c.auditFor('CONFLICT_DECLARED')).toEqual([expect.objectContaining({ actorId: PEOPLE.principalLeader })]);
    await c.taskWhen(approval.taskId, (t) => t.assigneeId === PEOPLE.deputy2, 'the reroute to the deputy');
  });

  it('rejects a recusal request only with a reason, and registers nothing', async () => {
    const c = await world.openCase();
    await c.openTask('intake', 'decision');
    const { recusalTaskId } = await c.declareConflict(PEOPLE.caseOfficer, PEOPLE.caseOfficer, 'OTHER');
    const decision = await recusalTask(c, recusalTaskId!);

    expect(await rejectionOf(c.submitOnCase(decision, 'REJECT'))).toBe('InvalidDecision');
    await c.submitOnCase(decision, 'REJECT', { reason: 'no link to the subject was shown' });

    const state = await c.caseState();
    expect(state.conflicts.map((entry) => entry.personId)).toEqual([PEOPLE.subject]);
    expect(state.recusals).toEqual([
      expect.objectContaining({ status: 'REJECTED', decidedBy: PEOPLE.principalLeader, replacementTaskIds: [] }),
    ]);
    expect(c.auditFor('RECUSAL_REJECTED')).toEqual([
      expect.objectContaining({ after: expect.objectContaining({ reason: 'no link to the subject was shown' }) }),
    ]);
    // Decided, so no longer pending: the person may ask again, on new grounds.
    await expect(c.declareConflict(PEOPLE.caseOfficer, PEOPLE.caseOfficer, 'WITNESS')).resolves.toMatchObject({
      recusalTaskId: expect.any(String),
    });
  });

  it('sends the principal leader’s own recusal to the higher commission’s leader', async () => {
    const c = await world.openCase();
    await c.openTask('intake', 'decision');
    const { recusalTaskId } = await c.declareConflict(PEOPLE.principalLeader, PEOPLE.principalLeader, 'INTEREST');
    const decision = await recusalTask(c, recusalTaskId!);
    expect(decision.assigneeId).toBe(PEOPLE.higherCommissionLeader);
    expect(await rejectionOf(c.declareConflict(PEOPLE.caseManagementOfficer, PEOPLE.principalLeader))).toBe(
      'DuplicateDecision',
    );
    await c.submitOnCase(decision, 'RECUSE');
    expect((await c.caseState()).conflicts).toContainEqual(
      expect.objectContaining({ personId: PEOPLE.principalLeader, source: 'declared' }),
    );
  });

  it('keeps a RECUSE whose audit entry cannot be stored out of the registry, and the task open', async () => {
    const c = await world.openCase();
    await c.openTask('intake', 'decision');
    const { recusalTaskId } = await c.declareConflict(PEOPLE.caseManagementOfficer, PEOPLE.leaderInCharge);
    const decision = await recusalTask(c, recusalTaskId!);
    world.activities.refuseAudit = (e) => e.action === 'CONFLICT_DECLARED';

    await expect(c.submitOnCase(decision, 'RECUSE')).rejects.toBeInstanceOf(WorkflowUpdateFailedError);

    const state = await c.caseState();
    expect(state.conflicts.map((entry) => entry.personId)).not.toContain(PEOPLE.leaderInCharge);
    expect(state.tasks?.find((t) => t.taskId === recusalTaskId)).toMatchObject({
      status: 'OPEN',
      version: decision.version,
    });
    world.activities.refuseAudit = null;
    await c.submitOnCase(decision, 'RECUSE');
    expect((await c.caseState()).conflicts.map((entry) => entry.personId)).toContain(PEOPLE.leaderInCharge);
  });
});

describe('a recused single holder is replaced and the case goes on (DOMAIN §9 C.3)', () => {
  it('recusing the investigator opens a replacement task, the replacement takes over and the case reaches CLOSED', async () => {
    const c = await world.openCase();
    await c.complete('intake', 'REGISTERED');
    const proposal = await c.openTask('clueDisposal', 'decision');
    expect(proposal.assigneeId).toBe(PEOPLE.caseOfficer);

    // The subject asks, through case management, for Investigator Ma to recuse: he witnessed a 2022 contract.
    const recused = await c.recuse(PEOPLE.caseManagementOfficer, PEOPLE.caseOfficer, 'WITNESS');
    const [replacementTaskId] = recused.recusals?.at(-1)?.replacementTaskIds ?? [];
    const replacement = recused.tasks?.find((t) => t.taskId === replacementTaskId);
    expect(replacement).toMatchObject({
      stage: 'replacement',
      assigneeId: PEOPLE.leaderInCharge,
      status: 'OPEN',
      concernsPersonId: PEOPLE.caseOfficer,
    });
    expect(replacement?.title).not.toContain(PEOPLE.caseOfficer);
    expect(await rejectionOf(c.submit(proposal, 'CLOSE_CLUE'))).toBe('RecusedApprover');

    // WR art. 59: a trial reviewer may not investigate the case they review; a conflicted person may not take over.
    const [reviewer] = PEOPLE.trialReviewers;
    expect(await rejectionOf(name(c, replacement!, reviewer))).toBe('InvalidDecision');
    expect(await rejectionOf(name(c, replacement!, PEOPLE.subject))).toBe('RecusedApprover');
    expect(await rejectionOf(name(c, replacement!, REPLACEMENT_OFFICER, PEOPLE.caseOfficer))).toBe('RecusedApprover');
    await name(c, replacement!, REPLACEMENT_OFFICER);

    const rerouted = await c.taskWhen(
      proposal.taskId,
      (t) => t.assigneeId === REPLACEMENT_OFFICER,
      'the proposal with the replacement officer',
    );
    expect(c.auditFor('PARTICIPANT_REPLACED')).toEqual([
      expect.objectContaining({
        actorId: PEOPLE.leaderInCharge,
        after: expect.objectContaining({ role: 'caseOfficer', from: PEOPLE.caseOfficer, to: REPLACEMENT_OFFICER }),
      }),
    ]);
    expect((await c.caseState()).participantIds).toContain(REPLACEMENT_OFFICER);

    await c.submit(rerouted, 'CLOSE_CLUE');
    await c.decide('clueDisposal', 'approval', 'APPROVE');
    await c.proposeAndApprove('closing', 'CLOSED', 1);
    await c.waitForStage('appealWindow');
    await c.registerAppeal(PEOPLE.caseManagementOfficer);
    await c.proposeAndApprove('appealReview', 'UPHELD', 1);
    await expect(c.case.result()).resolves.toEqual({ status: 'CLOSED' });
  });

  it('holds the next task of a recused case officer until the replacement is named, instead of failing', async () => {
    const c = await world.openCase();
    const intake = await c.openTask('intake', 'decision');
    const recused = await c.recuse(PEOPLE.leaderInCharge, PEOPLE.caseOfficer, 'RELATIVE');
    await c.submit(intake, 'REGISTERED');
    await eventually(
      async () => (c.auditFor('AWAITING_REPLACEMENT').length > 0 ? true : undefined),
      'the clue disposal to wait for a replacement',
    );
    const replacement = recused.tasks?.find((t) => t.stage === 'replacement' && t.status === 'OPEN');
    await name(c, replacement!, REPLACEMENT_OFFICER);
    const proposal = await c.openTask('clueDisposal', 'decision');
    expect(proposal.assigneeId).toBe(REPLACEMENT_OFFICER);
  });
});

describe('a recused person’s past actions are re-checked (DOMAIN §5, §9 C.3)', () => {
  it('opens one recusalRecheck task for the case officer naming the recused investigator; REDO needs a reason', async () => {
    const c = await world.openCase();
    await c.complete('intake', 'REGISTERED');
    const recused = await c.recuse(PEOPLE.caseManagementOfficer, PEOPLE.teamMember, 'WITNESS');
    const request = recused.recusals?.find((r) => r.personId === PEOPLE.teamMember);
    const rechecks = recused.tasks?.filter((t) => t.kind === 'recusalRecheck') ?? [];
    expect(rechecks).toEqual([
      expect.objectContaining({
        taskId: request?.recheckTaskId,
        stage: 'recusalRecheck',
        assigneeId: PEOPLE.caseOfficer,
        allowedOutcomes: ['CONFIRMED', 'REDO'],
        status: 'OPEN',
      }),
    ]);
    const [recheck] = rechecks;
    expect(recheck.concernsPersonId).toBe(PEOPLE.teamMember);
    expect(recheck.title).not.toContain(PEOPLE.teamMember);

    expect(await rejectionOf(c.submitOnCase(recheck, 'REDO'))).toBe('InvalidDecision');
    expect(await rejectionOf(c.submitOnCase(recheck, 'CONFIRMED', { actorId: PEOPLE.teamMember }))).toBe(
      'RecusedApprover',
    );
    await c.submitOnCase(recheck, 'CONFIRMED');

    expect((await c.caseState()).tasks?.find((t) => t.taskId === recheck.taskId)?.status).toBe('DECIDED');
    expect(c.auditFor('RECUSAL_RECHECK_CONFIRMED')).toEqual([
      expect.objectContaining({
        actorId: PEOPLE.caseOfficer,
        after: expect.objectContaining({ personId: PEOPLE.teamMember, taskId: recheck.taskId }),
      }),
    ]);
    expect(c.auditFor('DECISION_RECORDED')).toContainEqual(
      expect.objectContaining({
        actorId: PEOPLE.caseOfficer,
        after: expect.objectContaining({ taskId: recheck.taskId, outcome: 'CONFIRMED' }),
      }),
    );
    expect(c.auditFor('RECUSAL_RECHECK_REDO')).toEqual([]);
  });

  it('gives the re-check of a recused case officer to case management, and records a REDO with its reason', async () => {
    const c = await world.openCase();
    await c.openTask('intake', 'decision');
    const recused = await c.recuse(PEOPLE.leaderInCharge, PEOPLE.caseOfficer, 'RELATIVE');
    const recheck = recused.tasks?.find((t) => t.taskId === recused.recusals?.at(-1)?.recheckTaskId);
    expect(recheck).toMatchObject({ kind: 'recusalRecheck', assigneeId: PEOPLE.caseManagementOfficer });

    await c.submitOnCase(recheck!, 'REDO', { reason: 'the intake interview is to be taken again' });
    expect(c.auditFor('RECUSAL_RECHECK_REDO')).toEqual([
      expect.objectContaining({
        actorId: PEOPLE.caseManagementOfficer,
        after: expect.objectContaining({
          personId: PEOPLE.caseOfficer,
          reason: 'the intake interview is to be taken again',
        }),
      }),
    ]);
  });
});

describe('WR art. 59 separation on reassignment', () => {
  it('refuses to reassign an investigation task to a trial reviewer of the case, and allows another officer', async () => {
    const c = await world.openCase();
    await c.complete('intake', 'REGISTERED');
    const proposal = await c.openTask('clueDisposal', 'decision');
    const [reviewer] = PEOPLE.trialReviewers;
    expect(await rejectionOf(c.reassign(proposal.taskId, PEOPLE.leaderInCharge, reviewer))).toBe('InvalidDecision');
    expect(await rejectionOf(c.reassign(proposal.taskId, PEOPLE.leaderInCharge, PEOPLE.appealHandler))).toBe(
      'InvalidDecision',
    );
    await c.reassign(proposal.taskId, PEOPLE.leaderInCharge, REPLACEMENT_OFFICER);
    expect(
      (await c.taskWhen(proposal.taskId, (t) => t.assigneeId === REPLACEMENT_OFFICER, 'the reassignment')).assigneeId,
    ).toBe(REPLACEMENT_OFFICER);
  });
});
