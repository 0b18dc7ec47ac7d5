/** Latency figures of one series, in milliseconds. */
export interface Latency {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

/**
 * Nearest-rank percentile: the smallest sample with at least `p` percent of the samples at or below it,
 * so p99 of 20 samples is the slowest one rather than an interpolation no request ever took.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('no samples');
  if (!(p > 0 && p <= 100)) throw new Error(`percentile ${p} is outside (0, 100]`);
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

export function latency(samples: readonly number[]): Latency {
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    count: samples.length,
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    p99: round(percentile(samples, 99)),
    mean: round(samples.reduce((sum, s) => sum + s, 0) / samples.length),
    max: round(Math.max(...samples)),
  };
}

/**
 * Runs `work` once per item with at most `concurrency` in flight and returns each call's duration in ms,
 * in item order, and the wall time of the whole run.
 */
export async function timedPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<unknown>,
  onDone: () => void = () => undefined,
): Promise<{ durations: number[]; wallMs: number }> {
  const durations: number[] = new Array<number>(items.length);
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      const t0 = performance.now();
      await work(items[index], index);
      durations[index] = performance.now() - t0;
      onDone();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return { durations, wallMs: performance.now() - started };
}

export const perSecond = (count: number, wallMs: number): number => Math.round((count / (wallMs / 1000)) * 10) / 10;
