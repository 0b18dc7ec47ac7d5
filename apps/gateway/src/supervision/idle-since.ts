import type { HolidayCalendar } from '@shuangcha/domain/calendar';
import type { CasePolicy } from '@shuangcha/domain/policy';

const DAY_MS = 86_400_000;

/**
 * The instant before which a case's last activity makes it stalled after `idleWd` working days
 * (DOMAIN §7), matching `stallReasons`: idle ⇔ `workingDaysBetween(lastActivity, now) >= idleWd`.
 * That count is ≥ N exactly when the last activity fell on a day before the N-th working day counted back
 * from today (today included), so the bound is the start of that day in Asia/Shanghai.
 */
export function idleSince(calendar: HolidayCalendar, nowMs: number, idleWd: number): Date {
  const startOfTomorrow = calendar.addCalendarDays(nowMs, 0) + 1;
  const nthWorkingDayBack = calendar.addWorkingDays(startOfTomorrow, -idleWd);
  return new Date(nthWorkingDayBack.dueAtMs + 1 - DAY_MS);
}

/**
 * The instant before which an approval still open makes a real-time case stalled under the most lenient
 * real-time policy: pending longer than `stall.approvalWd` working days (`stallReasons`) is at least
 * `approvalWd + 1` of them, the bound `idleSince` draws. Compressed policies count on each case's own
 * clock instead, so they do not move it; with none in real time, no approval in this system's lifetime
 * (the epoch is the bound) is pending long enough.
 */
export function approvalSince(calendar: HolidayCalendar, nowMs: number, policies: readonly CasePolicy[]): Date {
  const bounds = policies
    .filter((p) => p.timeScale === 1)
    .map((p) => idleSince(calendar, nowMs, p.stall.approvalWd + 1).getTime());
  return new Date(bounds.length === 0 ? 0 : Math.max(...bounds));
}
