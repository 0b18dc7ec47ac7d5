import { endOfShanghaiDay, shanghaiLocalDate, type DueDate, type HolidayCalendar, type LocalDate } from '../calendar';
import type { CasePolicy, LimitKey, LimitUnit } from '../policy';

/**
 * `amount` units after `fromInstantMs`, rolled to a working day. Working-day periods already end on one;
 * calendar-day and month periods that end on a day off roll to the next working day (DOMAIN §7 default).
 */
export function addPeriod(calendar: HolidayCalendar, fromInstantMs: number, amount: number, unit: LimitUnit): DueDate {
  switch (unit) {
    case 'wd':
      return calendar.addWorkingDays(fromInstantMs, amount);
    case 'd':
      return calendar.rollToWorkingDay(calendar.addCalendarDays(fromInstantMs, amount));
    case 'm':
      return calendar.rollToWorkingDay(calendar.addMonths(fromInstantMs, amount));
  }
}

/**
 * Due date of `limitKey` for a stage that started at `startedAtMs`: the end (23:59:59.999 +08:00) of the
 * due Shanghai day. The start day is not counted. Provisional when a year without a known holiday
 * schedule was involved.
 */
export function computeDueAt(
  calendar: HolidayCalendar,
  policy: CasePolicy,
  limitKey: LimitKey,
  startedAtMs: number,
): DueDate {
  const limit = policy.limits[limitKey];
  return addPeriod(calendar, startedAtMs, limit.amount, limit.unit);
}

/** What `addPeriod` gives for a period counted from an event on a Shanghai local date. */
export interface DueDateOfRecord {
  /** The due Shanghai local date. */
  readonly dueDate: LocalDate;
  /** Its end, 23:59:59.999 +08:00. */
  readonly dueAtMs: number;
  readonly provisional: boolean;
}

/**
 * The due date of a period that starts with an event on `fromDate`: the arithmetic every workflow deadline
 * uses, so staff can check a due date against the State Council's notice (issue 12 §4a).
 */
export function dueDateFrom(
  calendar: HolidayCalendar,
  fromDate: LocalDate,
  amount: number,
  unit: LimitUnit,
): DueDateOfRecord {
  const due = addPeriod(calendar, endOfShanghaiDay(fromDate), amount, unit);
  return { dueDate: shanghaiLocalDate(due.dueAtMs), dueAtMs: due.dueAtMs, provisional: due.provisional };
}
