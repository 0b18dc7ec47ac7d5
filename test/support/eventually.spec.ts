import { eventually, type PollClock } from './eventually';

/** A clock whose time moves only when the code under test sleeps or a probe says it took a while. */
function fakeClock() {
  let now = 1_000_000;
  const sleeps: number[] = [];
  const clock: PollClock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
  return { clock, sleeps, elapse: (ms: number) => (now += ms), elapsed: () => now - 1_000_000 };
}

describe('eventually', () => {
  it('keeps polling for the whole timeout in milliseconds, however many attempts that takes', async () => {
    const time = fakeClock();
    let attempts = 0;
    const value = await eventually(
      async () => {
        attempts += 1;
        return time.elapsed() >= 45_000 ? 'ready' : undefined;
      },
      'a slow projection',
      60_000,
      time.clock,
    );
    expect(value).toBe('ready');
    expect(time.elapsed()).toBeGreaterThanOrEqual(45_000);
    expect(attempts).toBeGreaterThan(600);
  });

  it('gives up once the timeout has elapsed, even when each probe is slow, naming what it waited for', async () => {
    const time = fakeClock();
    let attempts = 0;
    const waiting = eventually(
      async () => {
        attempts += 1;
        time.elapse(10_000);
        return undefined;
      },
      'the appeal registered',
      30_000,
      time.clock,
    );
    await expect(waiting).rejects.toThrow('timed out after 30000 ms waiting for the appeal registered');
    expect(attempts).toBe(3);
    expect(time.elapsed()).toBeLessThan(31_000);
  });

  it('never sleeps past the deadline and tries once more when the time is up', async () => {
    const time = fakeClock();
    let attempts = 0;
    const waiting = eventually(
      async () => {
        attempts += 1;
        return undefined;
      },
      'nothing',
      25,
      time.clock,
    );
    await expect(waiting).rejects.toThrow('timed out after 25 ms');
    expect(time.sleeps).toEqual([10, 15]);
    expect(attempts).toBe(3);
  });

  it('ends the wait at once when the probe throws', async () => {
    const time = fakeClock();
    const waiting = eventually(
      async () => {
        throw new Error('the gateway answered 500');
      },
      'a row',
      30_000,
      time.clock,
    );
    await expect(waiting).rejects.toThrow('the gateway answered 500');
    expect(time.sleeps).toEqual([]);
  });

  it('waits by the real clock when given none', async () => {
    const startedAt = Date.now();
    let attempts = 0;
    await expect(
      eventually(
        async () => {
          attempts += 1;
          return undefined;
        },
        'nothing',
        100,
      ),
    ).rejects.toThrow('timed out after 100 ms');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(100);
    expect(attempts).toBeGreaterThan(1);
  });
});
