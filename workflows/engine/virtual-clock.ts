/**
 * Case time. With the default policy (timeScale 1) it is workflow time. A compressed policy (demos,
 * e2e) runs the same calendar arithmetic on a virtual timeline that advances 1/timeScale times faster
 * than the workflow clock, so "10 working days" pass in seconds while due dates still read as real dates.
 * `Date.now()` here is the sandbox's replay-safe workflow time.
 */
export class VirtualClock {
  constructor(
    private readonly epochMs: number,
    private readonly timeScale: number,
  ) {}

  now(): number {
    return this.epochMs + Math.floor((Date.now() - this.epochMs) / this.timeScale);
  }

  /** Real (workflow) milliseconds to wait until a virtual instant; at least 1 ms so a timer always exists. */
  delayUntil(virtualMs: number): number {
    return Math.max(1, Math.ceil((virtualMs - this.now()) * this.timeScale));
  }
}
