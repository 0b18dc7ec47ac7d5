import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/** Writes a run's history to `test/histories/<workflowType>/<scenario>.json`, the form the replay tier reads. */
export async function saveHistory(workflowType: string, scenario: string, handle: WorkflowHandle): Promise<number> {
  const history = await handle.fetchHistory();
  const dir = join(__dirname, workflowType);
  mkdirSync(dir, { recursive: true });
  // protobufjs' own JSON form (64-bit ints and bytes as strings); the SDK's historyToJSON trips over the two
  // protobufjs copies its packages install.
  const json = temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.fromObject(history), {
    longs: String,
    enums: String,
    bytes: String,
  });
  // The workflow id travels with the history: replay must run under the id the workflow derives child ids from.
  writeFileSync(
    join(dir, `${scenario}.json`),
    `${JSON.stringify({ workflowId: handle.workflowId, history: json }, null, 1)}\n`,
  );
  return history.events?.length ?? 0;
}
