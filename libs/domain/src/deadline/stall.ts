import type { HolidayCalendar } from '../calendar';
import type { CasePolicy } from '../policy';

export interface StallInputs {
  /** Last audited activity on the case. */
  readonly lastActivityAtMs: number;
  /** When the oldest pending approval was requested; null when none is pending. */
  readonly pendingApprovalSinceMs: number | null;
  /** Any stage of the case is past its due date. */
  readonly overdue: boolean;
}

export type StallReason = 'IDLE' | 'APPROVAL_PENDING' | 'OVERDUE';

/**
 * DOMAIN §7 "stalled": no audited activity for `stall.idleWd` working days, an approval pending longer than
 * `stall.approvalWd`, or any stage overdue. Elapsed working days are counted after the day of the event up
 * to today, as in `HolidayCalendar.workingDaysBetween`.
 */
export function stallReasons(
  inputs: StallInputs,
  calendar: HolidayCalendar,
  policy: CasePolicy,
  nowMs: number,
): StallReason[] {
  const reasons: StallReason[] = [];
  if (calendar.workingDaysBetween(inputs.lastActivityAtMs, nowMs).days >= policy.stall.idleWd) reasons.push('IDLE');
  if (
    inputs.pendingApprovalSinceMs !== null &&
    calendar.workingDaysBetween(inputs.pendingApprovalSinceMs, nowMs).days > policy.stall.approvalWd
  ) {
    reasons.push('APPROVAL_PENDING');
  }
  if (inputs.overdue) reasons.push('OVERDUE');
  return reasons;
}

export function isStalled(inputs: StallInputs, calendar: HolidayCalendar, policy: CasePolicy, nowMs: number): boolean {
  return stallReasons(inputs, calendar, policy, nowMs).length > 0;
}
