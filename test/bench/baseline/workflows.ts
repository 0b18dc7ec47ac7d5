import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

/** The bare baseline's one human step: an Update answered by the workflow itself, no activity. */
export const decide = defineUpdate<string, [string]>('decide');

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
