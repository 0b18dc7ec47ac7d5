import { WorkflowUpdateFailedError } from '@temporalio/client';
import { submitDecision } from '../libs/contracts/src';
import { PEOPLE } from '../test/builders/case.builder';
import { rejectionOf, type CaseDriver } from '../test/support/case-driver';
import { caseWorld } from '../test/support/case-world';

const world = caseWorld();

afterEach(() => {
  world.activities.refuseDecision = null;
  world.activities.refuseAudit = null;
});

/** What a refused write must leave alone: the task as queried and projected, the stages, decisions and audit. */
async function footprint(c: CaseDriver, taskId: string) {
  await c.readModelAgrees();
  const { history, ...task } = await c.task(taskId);
  return {
    task,
    historyLength: history.length,
    stages: await c.stagesEntered(),
    openTasks: (await c.state()).tasks.filter((t) => t.status === 'OPEN').map((t) => t.taskId),
    decisions: c.decisionsFor(taskId).length,
  };
}

describe('a person’s act takes effect only after its record is stored (issue 16 §1)', () => {
  it('fails a decision whose record the database refuses, and leaves the task open at its version', async () => {
    const c = await world.openCase();
    const task = await c.openTask('intake', 'decision');
    const before = await footprint(c, task.taskId);
    world.activities.refuseDecision = (d) => d.taskId === task.taskId && d.comment === 'unstorable';

    const attempt = c.child().executeUpdate(submitDecision, {
      args: [
        {
          taskId: task.taskId,
          taskVersion: task.version,
          actorId: task.assigneeId,
          outcome: 'REGISTERED',
          comment: 'unstorable',
          basis: [],
        },
      ],
    });
    await expect(attempt).rejects.toBeInstanceOf(WorkflowUpdateFailedError);

    expect(await footprint(c, task.taskId)).toEqual(before);
    expect(before.task).toMatchObject({ status: 'OPEN', version: task.version });
    expect(before.stages).not.toContain('clueDisposal');
    expect(
      c.auditFor('DECISION_RECORDED').filter((e) => (e.after as { taskId?: string }).taskId === task.taskId),
    ).toEqual([]);

    // The same decision with a text the database takes is then recorded once and moves the case on.
    world.activities.refuseDecision = null;
    await c.submit(task, 'REGISTERED');
    await c.openTask('clueDisposal', 'decision');
    expect(c.decisionsFor(task.taskId)).toEqual([expect.objectContaining({ outcome: 'REGISTERED' })]);
  });

  it('rejects a decision whose comment holds NUL or a lone surrogate before it reaches history', async () => {
    const c = await world.openCase();
    const task = await c.openTask('intake', 'decision');
    const before = await footprint(c, task.taskId);
    for (const comment of ['a\u0000b', 'a\ud800b']) {
      const attempt = c.child().executeUpdate(submitDecision, {
        args: [
          {
            taskId: task.taskId,
            taskVersion: task.version,
            actorId: task.assigneeId,
            outcome: 'REGISTERED',
            comment,
            basis: [],
          },
        ],
      });
      expect(await rejectionOf(attempt)).toBe('InvalidDecision');
    }
    expect(await footprint(c, task.taskId)).toEqual(before);
  });

  it('fails a decision whose audit entry is refused, and leaves the task open at its version', async () => {
    const c = await world.openCase();
    const task = await c.openTask('intake', 'decision');
    const before = await footprint(c, task.taskId);
    world.activities.refuseAudit = (e) =>
      e.action === 'DECISION_RECORDED' && (e.after as { taskId?: string }).taskId === task.taskId;

    await expect(c.submit(task, 'REGISTERED')).rejects.toBeInstanceOf(WorkflowUpdateFailedError);

    const after = await footprint(c, task.taskId);
    expect(after.task).toEqual(before.task);
    expect(after.stages).toEqual(before.stages);
    expect(after.openTasks).toEqual(before.openTasks);
  });

  it('keeps the assignee of a task whose reassignment cannot be audited', async () => {
    const c = await world.openCase();
    const task = await c.openTask('intake', 'decision');
    const before = await footprint(c, task.taskId);
    world.activities.refuseAudit = (e) => e.action === 'TASK_REASSIGNED';

    await expect(c.reassign(task.taskId, PEOPLE.leaderInCharge, 'p-cmo-2')).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError,
    );

    expect(await footprint(c, task.taskId)).toEqual(before);
    expect(before.task.assigneeId).toBe(PEOPLE.caseManagementOfficer);
  });

  it('starts no accountability investigation when the trigger cannot be audited', async () => {
    const c = await world.openCase();
    await c.openTask('intake', 'decision');
    world.activities.refuseAudit = (e) => e.action === 'DUAL_INVESTIGATION_TRIGGER';

    await expect(c.decideDualInvestigation(PEOPLE.principalLeader, 'TRIGGER')).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError,
    );

    const state = await c.caseState();
    expect(state.dualInvestigation).toMatchObject({ decision: null, decidedBy: null });
    expect(state.children.map((child) => child.role)).toEqual(['violation']);
    expect(state.timeline.filter((e) => e.stage === 'dualInvestigation')).toEqual([]);
  });
});
