import { startAppStack, startingStackPids, stopStartingStacks } from './app-stack';
import { eventually } from './eventually';

/** Signal 0 only asks whether the process exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('an app stack whose test file ends before its apps are ready', () => {
  it('stops the processes it already started at the end of the file, and its start fails', async () => {
    // No worker polls the stack's task queue, so the gateways' /ready never answers 200: the start waits
    // as a beforeAll does when Jest's hook timeout fires.
    const start = startAppStack({}, { workers: 0 });
    const outcome = start.then(
      () => 'ready',
      (error: Error) => error.message,
    );
    const pids = await eventually(
      async () => {
        const spawned = startingStackPids();
        return spawned.length > 0 ? spawned : undefined;
      },
      'the gateways spawned',
      60_000,
    );
    expect(pids.filter(alive)).toEqual(pids);

    // What the afterAll app-stack.ts registers in every file that imports it does at the file's end.
    await stopStartingStacks();

    expect(pids.filter(alive)).toEqual([]);
    await expect(outcome).resolves.toContain('the test file ended before its app stack was ready');
    expect(startingStackPids()).toEqual([]);
  });
});
