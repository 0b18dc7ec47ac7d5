import { resolve } from 'node:path';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingServerPath } from '../../infra/stack/paths';

/**
 * Minimal reproduction of the time-skipping hang (issue 15): against the Java test server, a parent
 * awaited with `execute` starts an abandoned child and completes; the child finishes after its parent.
 * Then `env.sleep` (UnlockTimeSkippingWithSleep) should return at once in real time. Run:
 *   npx tsx test/repro/abandoned-child-sleep.ts
 * It prints each step with the real time it took and exits 1 when a step outlasts its watchdog.
 */
const WATCHDOG_MS = 20_000;

async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const watchdog = setTimeout(() => {
    process.stdout.write(`HANG   ${name}: no answer after ${WATCHDOG_MS} ms\n`);
    process.exit(1);
  }, WATCHDOG_MS);
  const result = await run();
  clearTimeout(watchdog);
  process.stdout.write(`ok     ${name} (${Date.now() - started} ms real time)\n`);
  return result;
}

async function main(): Promise<void> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: timeSkippingServerPath() } },
  });
  await env.connection.testService?.lockTimeSkipping({});
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'repro',
    workflowBundle: await bundleWorkflowCode({ workflowsPath: resolve(__dirname, 'abandoned-child.workflows.ts') }),
    activities: { touch: async () => undefined },
  });
  await worker.runUntil(async () => {
    const client = env.client.workflow;
    // REPRO_AWAIT=describe waits for the parent by polling instead of `execute` (whose result call unlocks
    // time skipping while it waits and locks it again after), to tell the two apart.
    await step('parent starts an abandoned child and completes', async () => {
      if (process.env.REPRO_PARENT === 'open') {
        // Control: the parent stays open until well after its child.
        await client.start('waitingParent', { taskQueue: 'repro', workflowId: 'repro-parent' });
        return;
      }
      const parent = await client.start('abandoningParent', { taskQueue: 'repro', workflowId: 'repro-parent' });
      if (process.env.REPRO_AWAIT !== 'describe') return parent.result();
      while ((await parent.describe()).status.name === 'RUNNING') await new Promise((r) => setTimeout(r, 50));
    });
    await step('env.sleep(2 hours): the child finishes after its parent', () => env.sleep('2 hours'));
    await step('the abandoned child has completed', () => client.getHandle('repro-child').result());
    await step('env.sleep(1 day) afterwards', () => env.sleep('1 day'));
    await step('a fresh workflow with a one-day timer', () =>
      client.execute('timerOnly', { taskQueue: 'repro', workflowId: 'repro-timer' }),
    );
  });
  await env.teardown();
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stdout.write(`error  ${String(error)}\n`);
    process.exit(2);
  },
);
