import type { HolidayCalendar } from '@shuangcha/domain/calendar';

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
