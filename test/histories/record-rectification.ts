import { Worker } from '@temporalio/worker';
import {
  CASE_TASK_QUEUE,
  getRectificationItem,
  getRectificationList,
  rectificationItemWorkflowId,
  rectificationListWorkflowId,
  reportRectificationProgress,
  submitDecision,
  submitRectification,
  type RectificationItemView,
} from '../../libs/contracts/src';
import { aRectificationList, evidence, RECT_PEOPLE } from '../builders/rectification.builder';
import { eventually } from '../support/case-driver';
import { RecordingActivities } from '../support/recording-activities';
import { timeSkippingEnv, workflowBundle, workflowSpanSinks } from '../support/workflow-env';
import { saveHistory } from './save-history';

/**
 * Records a rectification list run to completion: `npx tsx test/histories/record-rectification.ts`. Item
 * ON_TIME reports progress and is signed off on its first submission; item LATE runs past its due date up
 * the escalation chain, fails its first verification and is signed off on the second. Re-record only for a
 * deliberate, patched change.
 */
const DAY = 24 * 60 * 60 * 1000;
const FULL_EVIDENCE = [evidence('REGULATION'), evidence('MEETING_MINUTES')];

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
    const input = aRectificationList(await env.currentTimeMs())
      .withItem('ON_TIME')
      .withItem('LATE', { dueInDays: 5 })
      .build();
    const listId = rectificationListWorkflowId(input.listNo);
    await env.client.workflow.start('rectificationList', { taskQueue: CASE_TASK_QUEUE, workflowId: listId, args: [input] });
    const list = env.client.workflow.getHandle(listId);
    const item = (itemKey: string) => env.client.workflow.getHandle(rectificationItemWorkflowId(listId, itemKey));
    const itemView = (itemKey: string, until: (v: RectificationItemView) => boolean) =>
      eventually(async () => {
        const v = await item(itemKey)
          .query(getRectificationItem)
          .catch(() => undefined);
        return v && until(v) ? v : undefined;
      }, `item ${itemKey}`);
    const openTask = async (itemKey: string, stage: 'rectification' | 'verification') =>
      (await itemView(itemKey, (v) => v.tasks.some((t) => t.status === 'OPEN' && t.stage === stage))).tasks.find(
        (t) => t.status === 'OPEN' && t.stage === stage,
      )!;
    const submit = async (itemKey: string) => {
      await openTask(itemKey, 'rectification');
      await item(itemKey).executeUpdate(submitRectification, {
        args: [{ actorId: RECT_PEOPLE.housingResponsible, summary: 'rules adopted', evidence: FULL_EVIDENCE }],
      });
    };
    const verify = async (itemKey: string, outcome: 'PASS' | 'FAIL', reason?: string) => {
      const task = await openTask(itemKey, 'verification');
      await item(itemKey).executeUpdate(submitDecision, {
        args: [
          { taskId: task.taskId, taskVersion: task.version, actorId: task.assigneeId, outcome, comment: '', basis: [], reason },
        ],
      });
    };

    await openTask('ON_TIME', 'rectification');
    await item('ON_TIME').executeUpdate(reportRectificationProgress, {
      args: [
        {
          actorId: RECT_PEOPLE.housingResponsible,
          summary: 'draft rules circulated',
          attachments: [evidence('DOCUMENT', 'draft-1')],
        },
      ],
    });
    await submit('ON_TIME');
    await verify('ON_TIME', 'PASS');
    await itemView('ON_TIME', (v) => v.state === 'VERIFIED_CLOSED');

    await openTask('LATE', 'rectification');
    await env.sleep(20 * DAY);
    await eventually(async () => {
      const v = await list.query(getRectificationList);
      return (v.items.find((i) => i.itemKey === 'LATE')?.escalationLevel ?? 0) >= 3 ? true : undefined;
    }, 'escalation of LATE to the leader in charge');
    await submit('LATE');
    await verify('LATE', 'FAIL', 'the rules were drafted but never adopted');
    await submit('LATE');
    await verify('LATE', 'PASS');
    await list.result();

    const counts = {
      'rectificationList/two-items-one-escalated': await saveHistory(
        'rectificationList',
        'two-items-one-escalated',
        list,
      ),
      'rectificationItem/signed-off-on-time': await saveHistory('rectificationItem', 'signed-off-on-time', item('ON_TIME')),
      'rectificationItem/escalated-reopened-signed-off': await saveHistory(
        'rectificationItem',
        'escalated-reopened-signed-off',
        item('LATE'),
      ),
    };
    process.stdout.write(`${JSON.stringify(counts)}\n`);
  });
  await env.teardown();
}

void main();
