import { shanghaiLocalDate, type HolidayCalendar } from '../calendar';
import type { CasePolicy } from '../policy';

/** Traffic light shown on a task and on supervisors' overdue lists. */
export type WarningLevel = 'green' | 'yellow' | 'red' | 'overdue';

/**
 * Overdue after `dueAtMs`. Red when `redAtRemainingWd` or fewer working days remain, counting today when
 * today is a working day. Yellow once `yellowAtFractionUsed` of the period's working days have passed.
 * Working days, not hours, so a holiday inside the period does not turn a task yellow.
 */
export function warningLevel(
  calendar: HolidayCalendar,
  policy: CasePolicy,
  startedAtMs: number,
  dueAtMs: number,
  nowMs: number,
): WarningLevel {
  if (nowMs > dueAtMs) return 'overdue';
  const todayCounts = calendar.isWorkingDay(shanghaiLocalDate(nowMs)) ? 1 : 0;
  const remainingWd = calendar.workingDaysBetween(nowMs, dueAtMs).days + todayCounts;
  if (remainingWd <= policy.warnings.redAtRemainingWd) return 'red';
  const totalWd = calendar.workingDaysBetween(startedAtMs, dueAtMs).days;
  const usedWd = calendar.workingDaysBetween(startedAtMs, nowMs).days;
  if (totalWd === 0 || usedWd / totalWd >= policy.warnings.yellowAtFractionUsed) return 'yellow';
  return 'green';
}
