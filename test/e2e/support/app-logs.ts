/**
 * Runs one test's steps; on failure the gateway's and worker's last output, the first thing one needs,
 * goes into the error's message.
 */
export async function withAppLogs(stack: { logs(): string }, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const tail = stack.logs().split('\n').slice(-60).join('\n');
    if (error instanceof Error) error.message += `\n--- last app output ---\n${tail}`;
    throw error;
  }
}
