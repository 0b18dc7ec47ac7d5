import { submitDecision } from '../libs/contracts/src';
import { PEOPLE } from '../test/builders/case.builder';
import { eventually, rejectionOf, type CaseDriver } from '../test/support/case-driver';
import { caseWorld } from '../test/support/case-world';

const world = caseWorld();

/** Everything a rejected update must leave alone: the task (query and read model), decisions and audit. */
async function footprint(c: CaseDriver, taskId: string) {
  await c.readModelAgrees();
  const task = await c.task(taskId);
  const { history, ...rest } = task;
  return {
    task: rest,
    historyLength: history.length,
    row: c.projectedTask(task),
    decisions: c.decisionsFor(taskId).length,
    audit: c.auditFor().length,
  };
}

async function expectRejected(
  c: CaseDriver,
  taskId: string,
  attempt: () => Promise<unknown>,
  type: string,
): Promise<void> {
  const before = await footprint(c, taskId);
  expect(await rejectionOf(attempt())).toBe(type);
  expect(await footprint(c, taskId)).toEqual(before);
}

function decision(taskId: string, taskVersion: number, actorId: string, outcome: string, reason?: string) {
  return { taskId, taskVersion, actorId, outcome, comment: '', basis: [], reason };
}

describe('rejected task updates change nothing', () => {
  it('rejects a decision on a task that is not part of the case with TaskNotFound', async () => {
    const c = await world.openCase();
    const task = await c.openTask('intake', 'decision');
    await expectRejected(
      c,
      task.taskId,
      () =>
        c
          .child()
          .executeUpdate(submitDecision, { args: [decision('t-no-such-task', 1, task.assigneeId, 'REGISTERED')] }),
      'TaskNotFound',
    );
  });

  it('rejects a second decision on a decided task with DuplicateDecision and records the first only once', async () => {
    const c = await world.openCase();
    const task = await c.openTask('intake', 'decision');
    await c.submit(task, 'REGISTERED');
    await c.openTask('clueDisposal', 'decision');
    expect(c.decisionsFor(task.taskId)).toHaveLength(1);
    await expectRejected(c, task.taskId, () => c.submit(task, 'TRANSFERRED'), 'DuplicateDecision');
    expect(c.decisionsFor(task.taskId)).toEqual([expect.objectContaining({ outcome: 'REGISTERED' })]);
  });

  it('rejects a decision made on an older version of the task with StaleTaskVersion', async () => {
    const c = await world.openCase();
    const seen = await c.openTask('intake', 'decision');
    await c.reassign(seen.taskId, PEOPLE.leaderInCharge, 'p-cmo-2');
    const current = await c.taskWhen(seen.taskId, (t) => t.version === seen.version + 1, 'the reassignment');
    await expectRejected(
      c,
      seen.taskId,
      () => c.submit(current, 'REGISTERED', { taskVersion: seen.version }),
      'StaleTaskVersion',
    );
  });

  it('rejects a decision from a person recused from the case with RecusedApprover', async () => {
    const c = await world.openCase();
    const task = await c.openTask('intake', 'decision');
    await c.recuse(PEOPLE.caseManagementOfficer, PEOPLE.caseManagementOfficer, 'INTEREST');
    // Case management has no fallback on its route: the task stays where it is until the leader in charge names a
    // replacement; meanwhile only the decision is refused.
    const after = await c.taskWhen(task.taskId, (t) => t.version === task.version, 'the task');
    await expectRejected(c, task.taskId, () => c.submit(after, 'REGISTERED'), 'RecusedApprover');
  });

  it('rejects a decision from someone who is not the assignee with NotAssignee', async () => {
    const c = await world.openCase();
    const task = await c.openTask('intake', 'decision');
    await expectRejected(
      c,
      task.taskId,
      () => c.submit(task, 'REGISTERED', { actorId: PEOPLE.outsider }),
      'NotAssignee',
    );
  });

  it('rejects an outcome the stage does not offer with OutcomeNotAllowed', async () => {
    const c = await world.openCase();
    const task = await c.openTask('intake', 'decision');
    await expectRejected(c, task.taskId, () => c.submit(task, 'FILED'), 'OutcomeNotAllowed');
  });

  it('rejects a return for revision without a reason with InvalidDecision', async () => {
    const c = await world.openCase();
    await c.complete('intake', 'REGISTERED');
    await c.decide('clueDisposal', 'decision', 'PRELIM_VERIFY');
    const approval = await c.openTask('clueDisposal', 'approval');
    await expectRejected(c, approval.taskId, () => c.submit(approval, 'RETURN', { reason: '  ' }), 'InvalidDecision');
    await expectRejected(c, approval.taskId, () => c.submit(approval, 'RETURN'), 'InvalidDecision');
  });

  it('rejects registering an appeal outside the appeal window with WrongStage', async () => {
    const c = await world.openCase();
    const task = await c.openTask('intake', 'decision');
    await expectRejected(c, task.taskId, () => c.registerAppeal(PEOPLE.caseManagementOfficer), 'WrongStage');
    expect(c.auditFor('APPEAL_REGISTERED')).toEqual([]);
  });

  it('rejects a reassignment by someone who does not supervise the case with RoleNotAllowed', async () => {
    const c = await world.openCase();
    const task = await c.openTask('intake', 'decision');
    await expectRejected(
      c,
      task.taskId,
      () => c.reassign(task.taskId, PEOPLE.caseOfficer, PEOPLE.caseOfficer),
      'RoleNotAllowed',
    );
  });

  it('rejects an extension request beyond the maximum number of extensions with ExtensionLimitReached', async () => {
    const c = await world.openCase();
    const task = await c.openTask('intake', 'decision');
    for (let granted = 1; granted <= 2; granted++) {
      await c.requestExtension(task.taskId, task.assigneeId);
      await c.decide('intake', 'extensionApproval', 'GRANT');
      await c.taskWhen(task.taskId, (t) => t.extensionCount === granted, `extension ${granted}`);
    }
    await expectRejected(
      c,
      task.taskId,
      () => c.requestExtension(task.taskId, task.assigneeId),
      'ExtensionLimitReached',
    );
    expect((await c.state()).tasks.filter((t) => t.kind === 'extensionApproval')).toHaveLength(2);
  });
});

describe('rejected case updates change nothing', () => {
  async function caseFootprint(c: CaseDriver) {
    const state = await c.caseState();
    return {
      dualInvestigation: state.dualInvestigation,
      timeline: state.timeline.length,
      children: state.children,
      // The trace-back keeps working beside a refused case update; its own entries are not the footprint.
      audit: c.auditFor().filter((e) => !e.eventKey.includes('/trace-back')).length,
    };
  }

  it('rejects a one-case-two-investigations decision by a staff member with RoleNotAllowed', async () => {
    const c = await world.openCase();
    await c.openTask('intake', 'decision');
    const before = await caseFootprint(c);
    expect(await rejectionOf(c.decideDualInvestigation(PEOPLE.caseOfficer, 'TRIGGER'))).toBe('RoleNotAllowed');
    expect(await caseFootprint(c)).toEqual(before);
    expect(before.dualInvestigation.decision).toBeNull();
  });

  it('rejects a one-case-two-investigations decision after the violation investigation concluded with WrongStage', async () => {
    const c = await world.openCase();
    await c.openTask('intake', 'decision');
    await c.decideDualInvestigation(PEOPLE.leaderInCharge, 'TRIGGER');
    await c.decideTraceBackOpening('APPROVE');
    // The trace-back's candidates reach the case's registry (an audit entry of the case) before the footprint.
    await c.openTask('candidateConfirmation', undefined, 'trace-back');
    await eventually(
      async () => (c.auditFor('DERIVED_CONFLICTS_UPDATED').length > 0 ? true : undefined),
      'the derived conflicts in the case registry',
    );
    await c.complete('intake', 'TRANSFERRED');
    await eventually(async () => {
      const s = await c.caseState();
      return s.stage === 'awaitingAccountability' &&
        s.children.find((ch) => ch.role === 'violation')?.status === 'CONCLUDED'
        ? s
        : undefined;
    }, 'the violation investigation to conclude while the trace-back runs');
    // The case marks the child concluded before its CHILD_CONCLUDED audit activity completes: wait for the entry.
    await eventually(
      async () =>
        c.auditFor('CHILD_CONCLUDED').some((e) => (e.after as { role?: string } | undefined)?.role === 'violation')
          ? true
          : undefined,
      "the case's record of the violation investigation's conclusion",
    );
    const before = await caseFootprint(c);
    expect(await rejectionOf(c.decideDualInvestigation(PEOPLE.principalLeader, 'DECLINE', 'too late'))).toBe(
      'WrongStage',
    );
    expect(await caseFootprint(c)).toEqual(before);
    expect(before.dualInvestigation).toMatchObject({ decision: 'TRIGGER', decidedBy: PEOPLE.leaderInCharge });
  });
});
