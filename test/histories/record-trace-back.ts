import { Worker } from '@temporalio/worker';
import { CASE_TASK_QUEUE, getAccountabilityState, submitDecision } from '../../libs/contracts/src';
import { aCase } from '../builders/case.builder';
import { CaseDriver, eventually } from '../support/case-driver';
import { RecordingActivities } from '../support/recording-activities';
import { timeSkippingEnv, workflowBundle } from '../support/workflow-env';
import { saveHistory } from './save-history';

/**
 * Records a trace-back up to its running reviews: `npx tsx test/histories/record-trace-back.ts`. The history
 * committed in responsibilityTraceBack/ was recorded before review ids became opaque (patch
 * `trace-back-opaque-review-ids`), so the replay tier proves runs of that time keep their review ids.
 */
async function main(): Promise<void> {
  const env = await timeSkippingEnv({ encrypted: false });
  const activities = new RecordingActivities();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: CASE_TASK_QUEUE,
    workflowBundle: await workflowBundle(),
    activities: activities.asActivities(),
  });
  await worker.runUntil(async () => {
    const input = aCase().withCaseNo('2026-000002').accountabilityOnly().inScenarioA().build();
    const caseId = `case-${input.caseNo}`;
    await env.client.workflow.start('caseWorkflow', { taskQueue: CASE_TASK_QUEUE, workflowId: caseId, args: [input] });
    const driver = new CaseDriver(env.client, caseId);
    await driver.decideTraceBackOpening('APPROVE');
    const traceBack = driver.child('trace-back');
    const confirmation = await eventually(async () => {
      const s = await traceBack.query(getAccountabilityState).catch(() => undefined);
      return s?.tasks.find((t) => t.status === 'OPEN' && t.stage === 'candidateConfirmation');
    }, 'the candidate confirmation task');
    await traceBack.executeUpdate(submitDecision, {
      args: [
        {
          taskId: confirmation.taskId,
          taskVersion: confirmation.version,
          actorId: confirmation.assigneeId!,
          outcome: 'CONFIRM',
          comment: '',
          basis: [{ regulation: 'AR', article: '7' }],
        },
      ],
    });
    await eventually(async () => {
      const s = await traceBack.query(getAccountabilityState);
      return s.reviews.length === s.candidates.length && s.reviews.length > 0 ? true : undefined;
    }, 'every review started');
    await saveHistory('responsibilityTraceBack', 'reviews-started', traceBack);
  });
  await env.teardown();
}

void main();
