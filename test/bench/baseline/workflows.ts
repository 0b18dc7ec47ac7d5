import { condition, defineUpdate, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { BaselineActivities } from './activities';

/** The bare baseline's one human step: an Update answered by the workflow itself, no activity. */
export const decide = defineUpdate<string, [string]>('decide');

/** The same step answered only once one row recording it is committed in PostgreSQL. */
export const decideRecorded = defineUpdate<string, [string]>('decideRecorded');

const { recordOutcome } = proxyLocalActivities<BaselineActivities>({ startToCloseTimeout: '30s' });

/**
 * The smallest workflow shaped like a case: started, then waiting on a timer (a deadline a month out) for
 * one Update. Bundled on its own, run by its own worker on its own task queue.
 */
export async function awaitOneUpdate(): Promise<string | null> {
  let outcome: string | null = null;
  setHandler(decide, (value) => {
    outcome = value;
    return value;
  });
  await condition(() => outcome !== null, '30 days');
  return outcome;
}

/**
 * `awaitOneUpdate` whose Update answers only after a local activity committed one row: the least any engine
 * must do to tell a person "done" only once their decision is stored (issue "Trust"), so the distance from
 * Shuangcha's decision to this one is the engine's own cost.
 */
export async function awaitOneRecordedUpdate(): Promise<string | null> {
  let outcome: string | null = null;
  setHandler(decideRecorded, async (value) => {
    await recordOutcome(workflowInfo().workflowId, value);
    outcome = value;
    return value;
  });
  await condition(() => outcome !== null, '30 days');
  return outcome;
}
