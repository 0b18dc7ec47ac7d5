import { WorkflowUpdateFailedError } from '@temporalio/client';
import { registerAppeal, submitDecision } from '../libs/contracts/src';
import { PEOPLE, type CaseBuilder } from '../test/builders/case.builder';
import { caseWorld } from '../test/support/case-world';

const world = caseWorld();
const openCase = (build?: CaseBuilder) => world.openCase(build);

describe('violation investigation', () => {
  it('takes a case from intake through every stage to closing, appeal and a closed case', async () => {
    const c = await openCase();
    await c.decide('intake', 'decision', 'REGISTERED');
    await c.proposeAndApprove('clueDisposal', 'PRELIM_VERIFY', 1);
    await c.proposeAndApprove('preliminaryVerification', 'FILE_CASE', 1);
    await c.proposeAndApprove('filing', 'FILED', 1);
    await c.proposeAndApprove('investigation', 'TO_TRIAL', 1);
    await c.complete('trialReview', 'AGREE');
    for (const member of PEOPLE.standingCommittee.slice(0, 3)) {
      await c.decide('sanction', 'collectiveDecision', 'EXPULSION', { actorId: member });
    }
    await c.proposeAndApprove('closing', 'CLOSED', 1);
    await c.waitForStage('appealWindow');
    await c.child().executeUpdate(registerAppeal, {
      args: [
        { actorId: PEOPLE.caseManagementOfficer, reason: 'the subject disputes the facts', filedOn: '2026-12-01' },
      ],
    });
    await c.proposeAndApprove('appealReview', 'UPHELD', 1);
    await expect(c.child().result()).resolves.toEqual({
      finalOutcome: 'EXPULSION',
      sanction: 'EXPULSION',
      appealed: true,
      appealOutcome: 'UPHELD',
    });
    await expect(c.case.result()).resolves.toEqual({ status: 'CLOSED' });

    const state = await c.state();
    const stagesEntered = state.timeline.filter((e) => e.action === 'STAGE_ENTERED').map((e) => e.stage);
    expect(stagesEntered).toEqual([
      'clueDisposal',
      'preliminaryVerification',
      'filing',
      'investigation',
      'trialReview',
      'sanction',
      'closing',
      'appealWindow',
      'appealReview',
      'concluded',
    ]);
    const projected = world.activities.cases.get(c.caseId);
    expect(projected).toMatchObject({ status: 'CLOSED', stage: 'closed' });
    for (const task of state.tasks) {
      const {
        history: _h,
        projectionVersion: _v,
        ...row
      } = world.activities.tasks.get(`${task.workflowId}|${task.taskId}`)!;
      const { history: _qh, ...fromQuery } = task;
      expect(row).toEqual(fromQuery);
    }
  });

  it('rejects a decision from someone who is not the assignee and changes nothing', async () => {
    const c = await openCase();
    const task = await c.openTask('intake', 'decision');
    const attempt = c.child().executeUpdate(submitDecision, {
      args: [
        {
          taskId: task.taskId,
          taskVersion: task.version,
          actorId: PEOPLE.outsider,
          outcome: 'REGISTERED',
          comment: '',
          basis: [],
        },
      ],
    });
    await expect(attempt).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(attempt).rejects.toMatchObject({ cause: { type: 'NotAssignee' } });
    const after = await c.openTask('intake', 'decision');
    expect(after.version).toBe(task.version);
    expect(after.status).toBe('OPEN');
  });
});
