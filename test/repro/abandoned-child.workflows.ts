import { ParentClosePolicy, proxyActivities, sleep, startChild } from '@temporalio/workflow';

const { touch } = proxyActivities<{ touch(): Promise<void> }>({ startToCloseTimeout: '1 minute' });

/** Runs an activity after a timer, so it finishes well after the parent that started it. */
export async function abandonedChild(): Promise<void> {
  await sleep('1 hour');
  await touch();
}

/** Starts its child abandoned and completes at once, the shape of a problem list's items across continue-as-new. */
export async function abandoningParent(): Promise<void> {
  await startChild(abandonedChild, {
    workflowId: 'repro-child',
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
}

/** A plain timer, to see whether the server still skips time. */
export async function timerOnly(): Promise<void> {
  await sleep('1 day');
}

/** The same child, but the parent stays open past it. */
export async function waitingParent(): Promise<void> {
  await startChild(abandonedChild, { workflowId: 'repro-child', parentClosePolicy: ParentClosePolicy.ABANDON });
  await sleep('30 days');
}
