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

/** What a stalled case is waiting on: a person's own step, an approval, or a body outside the commission. */
export type StallWaitingOn = 'PERSON' | 'APPROVAL' | 'EXTERNAL_BODY';

/** The open task a case waits on, as the read model keeps it. */
export interface WaitingTask {
  readonly kind: string;
  readonly suspended: boolean;
  readonly stage: string;
  readonly candidateRole: string;
}

const APPROVAL_KINDS: ReadonlySet<string> = new Set([
  'approval',
  'collectiveDecision',
  'extensionApproval',
  'suspensionApproval',
  'measureApproval',
]);

/**
 * Why the case waits (issue 12 §4): a suspended clock waits on something outside the case (DOMAIN §7: an
 * approved, audited reason such as an unreachable person or another authority), and so does recording the
 * decision of the managing body a trace-back referred a cadre to (DOMAIN §4 rule 4); an approval or a vote
 * waits on an approver; anything else on the assignee's own step.
 */
export function stallWaitingOn(task: WaitingTask): StallWaitingOn {
  if (task.suspended) return 'EXTERNAL_BODY';
  if (task.stage === 'decision' && task.candidateRole === 'caseManagementOfficer') return 'EXTERNAL_BODY';
  if (APPROVAL_KINDS.has(task.kind)) return 'APPROVAL';
  return 'PERSON';
}
