import type { HolidayCalendar } from '../calendar';
import type { CasePolicy, EscalationRole } from '../policy';

export interface EscalationAlert {
  readonly level: number;
  /** When to notify: the end of the working day `offsetWd` working days from the due day. */
  readonly at: number;
  readonly notify: EscalationRole;
}

/**
 * DOMAIN §7 escalation: T−3 wd assignee (reminder) → T superior → T+2 wd case management → T+5 wd leader in
 * charge → T+10 wd the higher commission's case management. Each alert is at the end of a working day, so
 * "T−3 wd" leaves exactly three full working days and "T+2 wd" fires after two full overdue working days.
 * Level 1 fires at `dueAtMs` itself, the moment the deadline passes.
 */
export function escalationSchedule(calendar: HolidayCalendar, policy: CasePolicy, dueAtMs: number): EscalationAlert[] {
  return policy.escalation.map((step) => ({
    level: step.level,
    at: calendar.addWorkingDays(dueAtMs, step.offsetWd).dueAtMs,
    notify: step.to,
  }));
}
