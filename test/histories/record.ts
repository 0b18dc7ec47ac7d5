import { Worker } from '@temporalio/worker';
import { CASE_TASK_QUEUE, registerAppeal } from '../../libs/contracts/src';
import { aCase, PEOPLE } from '../builders/case.builder';
import { CaseDriver } from '../support/case-driver';
import { RecordingActivities } from '../support/recording-activities';
import { timeSkippingEnv, workflowBundle } from '../support/workflow-env';
import { saveHistory } from './save-history';

/**
 * Records the histories the replay tier checks: `npx tsx test/histories/record.ts`. Re-record only for a
 * deliberate, patched change; a history from the previous code must keep replaying.
 */
async function main(): Promise<void> {
  // Plain payloads: a history encrypted under this process's test key could never replay again.
  const env = await timeSkippingEnv({ encrypted: false });
  const activities = new RecordingActivities();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: CASE_TASK_QUEUE,
    workflowBundle: await workflowBundle(),
    activities: activities.asActivities(),
  });
  await worker.runUntil(async () => {
    const input = aCase().withCaseNo('2026-000001').build();
    const caseId = `case-${input.caseNo}`;
    await env.client.workflow.start('caseWorkflow', { taskQueue: CASE_TASK_QUEUE, workflowId: caseId, args: [input] });
    const c = new CaseDriver(env.client, caseId);
    await c.decide('intake', 'decision', 'REGISTERED');
    await c.proposeAndApprove('clueDisposal', 'PRELIM_VERIFY', 1);
    await c.proposeAndApprove('preliminaryVerification', 'FILE_CASE', 1);
    await c.decide('filing', 'decision', 'FILED');
    await c.decide('filing', 'approval', 'RETURN', { reason: 'name the evidence for count 2' });
    await c.proposeAndApprove('filing', 'FILED', 1);
    await env.sleep(40 * 86_400_000);
    await c.proposeAndApprove('investigation', 'TO_TRIAL', 1);
    await c.complete('trialReview', 'AGREE');
    for (const member of PEOPLE.standingCommittee.slice(0, 3)) {
      await c.decide('sanction', 'collectiveDecision', 'SERIOUS_WARNING', { actorId: member });
    }
    await c.proposeAndApprove('closing', 'CLOSED', 1);
    await c.waitForStage('appealWindow');
    await c.child().executeUpdate(registerAppeal, {
      args: [{ actorId: PEOPLE.caseManagementOfficer, reason: 'disputes count 2', filedOn: '2027-02-01' }],
    });
    await c.proposeAndApprove('appealReview', 'UPHELD', 1);
    await c.case.result();
    await saveHistory('caseWorkflow', 'standard-with-appeal', c.case);
    await saveHistory('violationInvestigation', 'standard-with-appeal', c.child());
  });
  await env.teardown();
}

void main();
