import { Worker } from '@temporalio/worker';
import { CASE_TASK_QUEUE, removeTraceBackCandidate } from '../../libs/contracts/src';
import { aCase, PEOPLE } from '../builders/case.builder';
import { AccountabilityDriver } from '../support/accountability-driver';
import { CaseDriver } from '../support/case-driver';
import { RecordingActivities } from '../support/recording-activities';
import { timeSkippingEnv, workflowBundle, workflowSpanSinks } from '../support/workflow-env';
import { saveHistory } from './save-history';

/**
 * Records a trace-back run to its summary with two reviews decided to their end:
 * `npx tsx test/histories/record-reviews.ts`. One review is decided by the commission itself, the other is
 * referred to the managing body and amended there. Re-record only for a deliberate, patched change.
 */
const KEPT = { commission: 'person-p-0036', managingBody: 'person-p-0037' } as const;

async function main(): Promise<void> {
  // Plain payloads: a history encrypted under this process's test key could never replay again.
  const env = await timeSkippingEnv({ encrypted: false });
  const worker = await Worker.create({
    sinks: workflowSpanSinks(),
    connection: env.nativeConnection,
    taskQueue: CASE_TASK_QUEUE,
    workflowBundle: await workflowBundle(),
    activities: new RecordingActivities().asActivities(),
  });
  await worker.runUntil(async () => {
    const input = aCase().withCaseNo('2026-000003').accountabilityOnly().inScenarioA().build();
    const caseId = `case-${input.caseNo}`;
    await env.client.workflow.start('caseWorkflow', { taskQueue: CASE_TASK_QUEUE, workflowId: caseId, args: [input] });
    const a = new AccountabilityDriver(new CaseDriver(env.client, caseId));
    const proposed = await a.until('candidates computed', (s) => s.stage === 'candidateConfirmation');
    const dropped = proposed.candidates.map((x) => x.candidateKey).filter((k) => !Object.values(KEPT).includes(k as never));
    for (const candidateKey of dropped) {
      await a.traceBack.executeUpdate(removeTraceBackCandidate, {
        args: [{ actorId: PEOPLE.caseOfficer, candidateKey, reason: 'handled in another case' }],
      });
    }
    for (const _ of dropped)
      await a.decideOn(a.traceBack, await a.traceBackTask('candidateRemoval', 'approval'), 'APPROVE');
    await a.until('removals applied', (s) => s.candidates.length === 2 && s.pendingRemovals.length === 0);
    await a.decideOn(a.traceBack, await a.traceBackTask('candidateConfirmation', 'decision'), 'CONFIRM');

    await a.decideAndServe(KEPT.commission, 'MAIN_LEADERSHIP', { forms: ['CIRCULATE'], modifiers: [] });
    await a.decide(KEPT.managingBody, 'factFinding', 'FACTS_ESTABLISHED');
    await a.decide(KEPT.managingBody, 'hearing', 'HEARD');
    await a.decide(KEPT.managingBody, 'determination', 'MAIN_LEADERSHIP');
    const reassign = { forms: ['ORG_ADJUSTMENT'], orgAdjustmentOption: 'REASSIGN', modifiers: [] } as const;
    await a.measures(KEPT.managingBody, 'proposal', 'PROPOSED', { ...reassign, forms: [...reassign.forms] });
    await a.approve(KEPT.managingBody, 'approval', 2);
    await a.measures(KEPT.managingBody, 'decision', 'AMENDED', {
      forms: ['ORG_ADJUSTMENT'],
      orgAdjustmentOption: 'DEMOTE',
      modifiers: [],
    });
    await a.decide(KEPT.managingBody, 'noticeServed', 'SERVED');

    // Awaiting the result lets the time-skipping server run the appeal windows out.
    await a.traceBack.result();
    const counts = {
      'responsibilityTraceBack/reviews-decided': await saveHistory('responsibilityTraceBack', 'reviews-decided', a.traceBack),
      'responsibilityReview/commission-decided': await saveHistory(
        'responsibilityReview',
        'commission-decided',
        a.review(KEPT.commission),
      ),
      'responsibilityReview/managing-body-amended': await saveHistory(
        'responsibilityReview',
        'managing-body-amended',
        a.review(KEPT.managingBody),
      ),
    };
    process.stdout.write(`${JSON.stringify(counts)}\n`);
  });
  await env.teardown();
}

void main();
