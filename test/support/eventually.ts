/** What `eventually` reads the time from and waits with; its own spec passes a fake. */
export interface PollClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: PollClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Bounded polling for state that another process or workflow produces; never a fixed sleep. The bound is
 * elapsed time, not a count of attempts: under load each probe and each pause take longer, and a count would
 * end the wait at an instant nobody chose. The probe returns undefined to keep waiting; its errors end the
 * wait at once. It is tried once more when the time is up.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
  clock: PollClock = realClock,
): Promise<T> {
  const deadline = clock.now() + timeoutMs;
  let delay = 10;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    const left = deadline - clock.now();
    if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await clock.sleep(Math.min(delay, left));
    delay = Math.min(delay * 2, 50);
  }
}
