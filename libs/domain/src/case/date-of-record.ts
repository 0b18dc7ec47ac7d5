import { endOfShanghaiDay, shanghaiLocalDate, type LocalDate } from '../calendar';

/**
 * Dates of record (issue 12 §4a): staff often record a step after it happened, so a case carries the date
 * its lead was received and a decision the date it was taken. Time limits count from those dates.
 */
export interface StepDates {
  /** Case time now: a date of record may not lie after its Shanghai day. */
  readonly nowMs: number;
  /** The date of record of the previous step (the lead's receipt, or the last decision); null when none. */
  readonly previousOn: LocalDate | null;
}

/** Why `on` cannot be the date of a step, or null. ISO dates compare as text. */
export function dateOfRecordProblem(on: LocalDate, { nowMs, previousOn }: StepDates): string | null {
  const today = shanghaiLocalDate(nowMs);
  if (on > today) return `${on} is in the future (today is ${today})`;
  if (previousOn !== null && on < previousOn) return `${on} is before the previous step, recorded on ${previousOn}`;
  return null;
}

/**
 * The instant a time limit counts from: now when the step was recorded on its own day, otherwise the end of
 * the day it was taken (the day itself is never counted, DOMAIN §7).
 */
export function countsFromMs(on: LocalDate | null, nowMs: number): number {
  if (on === null || on >= shanghaiLocalDate(nowMs)) return nowMs;
  return endOfShanghaiDay(on);
}
