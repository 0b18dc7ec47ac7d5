import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { testDataConverter } from '../test/support/payload-keys';
import { workflowBundle } from '../test/support/workflow-env';

const HISTORIES = join(__dirname, '../test/histories');

function recordedHistories(): { workflowId: string; scenario: string; history: temporal.api.history.v1.IHistory }[] {
  return readdirSync(HISTORIES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((dir) =>
      readdirSync(join(HISTORIES, dir.name))
        .filter((f) => f.endsWith('.json'))
        .map((file) => {
          const recorded = JSON.parse(readFileSync(join(HISTORIES, dir.name, file), 'utf8')) as {
            workflowId: string;
            history: object;
          };
          return {
            workflowId: recorded.workflowId,
            scenario: `${dir.name}/${file}`,
            history: temporal.api.history.v1.History.fromObject(recorded.history),
          };
        }),
    );
}

describe('recorded histories', () => {
  it('has histories to replay for the case, the violation investigation, the trace-back, its reviews and rectification', () => {
    const names = recordedHistories().map((h) => h.scenario);
    expect(names).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^caseWorkflow\//),
        expect.stringMatching(/^violationInvestigation\//),
        expect.stringMatching(/^responsibilityTraceBack\//),
        expect.stringMatching(/^responsibilityReview\//),
        expect.stringMatching(/^rectificationList\//),
        expect.stringMatching(/^rectificationItem\//),
      ]),
    );
  });

  it('replays every recorded history on the current workflow code without a determinism error', async () => {
    const failures: string[] = [];
    const bundle = await workflowBundle();
    for await (const result of Worker.runReplayHistories(
      // With the production codec: histories recorded before it (plain payloads) must still replay.
      { workflowBundle: bundle, replayName: 'shuangcha', dataConverter: testDataConverter() },
      recordedHistories(),
    )) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});
