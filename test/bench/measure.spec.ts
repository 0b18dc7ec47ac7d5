import { latency, percentile, perSecond, timedPool } from './measure';

describe('percentile', () => {
  it('takes the nearest rank, so p99 of twenty samples is the slowest one', () => {
    const samples = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(percentile(samples, 50)).toBe(10);
    expect(percentile(samples, 95)).toBe(19);
    expect(percentile(samples, 99)).toBe(20);
    expect(percentile(samples, 100)).toBe(20);
  });

  it('answers the only sample for every percentile of one', () => {
    expect([1, 50, 99].map((p) => percentile([42], p))).toEqual([42, 42, 42]);
  });

  it('refuses an empty series and a percentile outside (0, 100]', () => {
    expect(() => percentile([], 50)).toThrow('no samples');
    expect(() => percentile([1], 0)).toThrow('outside');
    expect(() => percentile([1], 101)).toThrow('outside');
  });
});

describe('latency', () => {
  it('summarises a series in tenths of a millisecond without reordering the input', () => {
    const samples = [3.14159, 1, 2, 10];
    expect(latency(samples)).toEqual({ count: 4, p50: 2, p95: 10, p99: 10, mean: 4, max: 10 });
    expect(samples).toEqual([3.14159, 1, 2, 10]);
  });
});

describe('timedPool', () => {
  it('keeps at most `concurrency` calls in flight and returns one duration per item in item order', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    const { durations } = await timedPool([5, 1, 4, 2, 3], 2, async (delay, index) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight -= 1;
      done.push(index);
      return delay;
    });
    expect(most).toBe(2);
    expect(durations).toHaveLength(5);
    expect(durations.every((d) => d >= 0)).toBe(true);
    expect([...done].sort()).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('perSecond', () => {
  it('turns a count over a wall time into a rate with one decimal', () => {
    expect(perSecond(200, 8000)).toBe(25);
    expect(perSecond(1, 3000)).toBe(0.3);
  });
});
