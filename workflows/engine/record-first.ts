import { patched } from '@temporalio/workflow';

/**
 * A person's act changes workflow state only after the record it depends on (audit entry, decision row) is
 * stored: a write the database refuses then fails the Update and leaves the state as it was (issue 16 §1).
 * Runs that started before the patch keep their old order on replay.
 */
export const RECORD_BEFORE_EFFECT_PATCH = 'record-before-effect';

export async function recordThenApply(record: () => Promise<void>, apply: () => void): Promise<void> {
  if (patched(RECORD_BEFORE_EFFECT_PATCH)) {
    await record();
    apply();
    return;
  }
  apply();
  await record();
}
