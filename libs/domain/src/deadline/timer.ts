import type { CasePolicy } from '../policy';

/**
 * Real milliseconds a workflow should sleep until `dueAtMs`, both in case time: the remaining case time
 * multiplied by the policy's `timeScale`, rounded up so a timer never fires early; zero once due.
 */
export function timerDelayMs(policy: CasePolicy, nowMs: number, dueAtMs: number): number {
  return Math.max(0, Math.ceil((dueAtMs - nowMs) * policy.timeScale));
}

/** The real instant and the case-time instant that coincide, recorded when a compressed case starts. */
export interface CaseClockAnchor {
  readonly realMs: number;
  readonly caseMs: number;
}

/**
 * Case time corresponding to a real instant. Under compression a case's calendar runs `1 / timeScale`
 * times faster than the wall clock, so `now` passed to the deadline functions must be case time, not the
 * workflow's `Date.now()`. With `timeScale` 1 and an anchor of equal instants it is the real instant.
 */
export function caseTimeMs(policy: CasePolicy, anchor: CaseClockAnchor, realNowMs: number): number {
  return anchor.caseMs + Math.floor((realNowMs - anchor.realMs) / policy.timeScale);
}
