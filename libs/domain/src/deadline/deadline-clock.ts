import type { DueDate, HolidayCalendar } from '../calendar';
import type { CasePolicy, LimitKey, LimitUnit } from '../policy';
import { addPeriod, computeDueAt } from './due-date';

export type RecalculationKind = 'extension' | 'lateExtension' | 'suspension' | 'scheduleImported';

/** One audited change of a due date. */
export interface DeadlineRecalculation {
  readonly at: number;
  readonly from: number;
  readonly to: number;
  readonly kind: RecalculationKind;
  readonly reason: string;
}

export type DeadlineAdjustment =
  | {
      readonly kind: 'extension';
      readonly atMs: number;
      readonly amount: number;
      readonly late: boolean;
      readonly reason: string;
    }
  | { readonly kind: 'suspension'; readonly fromMs: number; readonly toMs: number; readonly reason: string };

/**
 * The running time limit of one stage, as plain data for workflow state. The due date is always derived
 * from `startedAtMs` and `adjustments` in order, so it can be recomputed whole when a year's holiday
 * schedule arrives. While `suspension` is set the clock is stopped (SUSPENDED in DOMAIN §7): the due date
 * moves on resume, and escalation should wait.
 */
export interface DeadlineClock {
  readonly limitKey: LimitKey;
  readonly policyVersion: string;
  readonly startedAtMs: number;
  readonly dueAtMs: number;
  readonly provisional: boolean;
  readonly suspension: { readonly sinceMs: number; readonly reason: string } | null;
  readonly adjustments: readonly DeadlineAdjustment[];
  readonly recalculations: readonly DeadlineRecalculation[];
}

function assertSamePolicy(clock: DeadlineClock, policy: CasePolicy): void {
  if (clock.policyVersion !== policy.version) {
    throw new Error(`clock runs under policy ${clock.policyVersion}, not ${policy.version}`);
  }
}

function deriveDueAt(
  calendar: HolidayCalendar,
  policy: CasePolicy,
  clock: Pick<DeadlineClock, 'limitKey' | 'startedAtMs'>,
  adjustments: readonly DeadlineAdjustment[],
): DueDate {
  const unit = policy.limits[clock.limitKey].unit;
  let due = computeDueAt(calendar, policy, clock.limitKey, clock.startedAtMs);
  for (const adjustment of adjustments) {
    if (adjustment.kind === 'extension') {
      const next = addPeriod(calendar, due.dueAtMs, adjustment.amount, unit);
      due = { dueAtMs: next.dueAtMs, provisional: due.provisional || next.provisional };
    } else {
      const suspended = calendar.workingDaysBetween(adjustment.fromMs, adjustment.toMs);
      const next = calendar.addWorkingDays(due.dueAtMs, suspended.days);
      due = { dueAtMs: next.dueAtMs, provisional: due.provisional || suspended.provisional || next.provisional };
    }
  }
  return due;
}

export function startDeadlineClock(
  calendar: HolidayCalendar,
  policy: CasePolicy,
  limitKey: LimitKey,
  startedAtMs: number,
): DeadlineClock {
  const due = computeDueAt(calendar, policy, limitKey, startedAtMs);
  return {
    limitKey,
    policyVersion: policy.version,
    startedAtMs,
    dueAtMs: due.dueAtMs,
    provisional: due.provisional,
    suspension: null,
    adjustments: [],
    recalculations: [],
  };
}

export interface ExtensionRule {
  readonly amount: number;
  readonly unit: LimitUnit;
  /** The lower of the limit's own `maxCount` and the policy's `maxExtensions`. */
  readonly maxCount: number;
  readonly approvalLevelsUp: number;
}

/**
 * How a limit may be extended: its own rule if the policy gives one, otherwise one more full period
 * approved one level up (DOMAIN §7: "approval at least one level up").
 */
export function extensionRule(policy: CasePolicy, limitKey: LimitKey): ExtensionRule {
  const limit = policy.limits[limitKey];
  return {
    amount: limit.extension?.amount ?? limit.amount,
    unit: limit.unit,
    maxCount: Math.min(policy.maxExtensions, limit.extension?.maxCount ?? policy.maxExtensions),
    approvalLevelsUp: limit.extension?.approvalLevelsUp ?? 1,
  };
}

export interface ExtensionRequest {
  readonly requestedAtMs: number;
  /** When the approver granted it; the new due date takes effect then. */
  readonly approvedAtMs: number;
  readonly reason: string;
  /** In the limit's unit; defaults to, and may not exceed, the rule's amount. */
  readonly amount?: number;
}

/** Raised on a request made after the due date had passed (DOMAIN §7). */
export type ExtensionFlag = 'LATE_EXTENSION';

export type ExtensionRefusal = 'MAX_EXTENSIONS_REACHED' | 'CLOCK_SUSPENDED' | 'AMOUNT_NOT_ALLOWED';

export type ExtensionOutcome =
  | { readonly granted: true; readonly clock: DeadlineClock; readonly flags: readonly ExtensionFlag[] }
  | { readonly granted: false; readonly refusal: ExtensionRefusal; readonly rule: ExtensionRule };

/**
 * An approved extension: the new due date counts on from the current one (not from the request), so a late
 * request does not gain the overdue days back. Refused when the limit's extensions are used up.
 */
export function extendDeadline(
  calendar: HolidayCalendar,
  policy: CasePolicy,
  clock: DeadlineClock,
  request: ExtensionRequest,
): ExtensionOutcome {
  assertSamePolicy(clock, policy);
  const rule = extensionRule(policy, clock.limitKey);
  const used = clock.adjustments.filter((a) => a.kind === 'extension').length;
  if (used >= rule.maxCount) return { granted: false, refusal: 'MAX_EXTENSIONS_REACHED', rule };
  if (clock.suspension !== null) return { granted: false, refusal: 'CLOCK_SUSPENDED', rule };
  const amount = request.amount ?? rule.amount;
  if (!(Number.isInteger(amount) && amount > 0 && amount <= rule.amount)) {
    return { granted: false, refusal: 'AMOUNT_NOT_ALLOWED', rule };
  }
  return applyExtension(clock, request, amount, (adjustments) => deriveDueAt(calendar, policy, clock, adjustments));
}

/**
 * The clock with an approved extension of `amount` in it: one adjustment, and one recalculation from the
 * current due date to the one `dueOf` derives. A request made after the due date is flagged late.
 */
export function applyExtension(
  clock: DeadlineClock,
  request: Omit<ExtensionRequest, 'amount'>,
  amount: number,
  dueOf: (adjustments: DeadlineAdjustment[]) => DueDate,
): ExtensionOutcome {
  const late = request.requestedAtMs > clock.dueAtMs;
  const adjustments = [
    ...clock.adjustments,
    { kind: 'extension', atMs: request.approvedAtMs, amount, late, reason: request.reason } as const,
  ];
  const due = dueOf(adjustments);
  return {
    granted: true,
    flags: late ? ['LATE_EXTENSION'] : [],
    clock: {
      ...clock,
      dueAtMs: due.dueAtMs,
      provisional: due.provisional,
      adjustments,
      recalculations: [
        ...clock.recalculations,
        {
          at: request.approvedAtMs,
          from: clock.dueAtMs,
          to: due.dueAtMs,
          kind: late ? 'lateExtension' : 'extension',
          reason: request.reason,
        },
      ],
    },
  };
}

export type SuspendOutcome =
  { readonly ok: true; readonly clock: DeadlineClock } | { readonly ok: false; readonly refusal: 'ALREADY_SUSPENDED' };

/** Stops the clock with an approved, audited reason; the due date moves when it resumes. */
export function suspendDeadline(clock: DeadlineClock, atMs: number, reason: string): SuspendOutcome {
  if (clock.suspension !== null) return { ok: false, refusal: 'ALREADY_SUSPENDED' };
  return { ok: true, clock: { ...clock, suspension: { sinceMs: atMs, reason } } };
}

export type ResumeOutcome =
  | { readonly ok: true; readonly clock: DeadlineClock; readonly suspendedWd: number }
  | { readonly ok: false; readonly refusal: 'NOT_SUSPENDED' };

/**
 * Restarts the clock and shifts the due date by the working days suspended: those after the suspension
 * day up to and including the resume day (`HolidayCalendar.workingDaysBetween`).
 */
export function resumeDeadline(
  calendar: HolidayCalendar,
  policy: CasePolicy,
  clock: DeadlineClock,
  atMs: number,
): ResumeOutcome {
  assertSamePolicy(clock, policy);
  if (clock.suspension === null) return { ok: false, refusal: 'NOT_SUSPENDED' };
  const { sinceMs, reason } = clock.suspension;
  const adjustments = [...clock.adjustments, { kind: 'suspension', fromMs: sinceMs, toMs: atMs, reason } as const];
  const due = deriveDueAt(calendar, policy, clock, adjustments);
  return {
    ok: true,
    suspendedWd: calendar.workingDaysBetween(sinceMs, atMs).days,
    clock: {
      ...clock,
      dueAtMs: due.dueAtMs,
      provisional: due.provisional,
      suspension: null,
      adjustments,
      recalculations: [
        ...clock.recalculations,
        { at: atMs, from: clock.dueAtMs, to: due.dueAtMs, kind: 'suspension', reason },
      ],
    },
  };
}

/**
 * Re-derives the due date against a newer calendar (a year's notice imported with `withYear`). Returns
 * the same clock when nothing changed, otherwise one with the recalculation recorded.
 */
export function recomputeDeadline(
  calendar: HolidayCalendar,
  policy: CasePolicy,
  clock: DeadlineClock,
  atMs: number,
  reason: string,
): DeadlineClock {
  assertSamePolicy(clock, policy);
  const due = deriveDueAt(calendar, policy, clock, clock.adjustments);
  if (due.dueAtMs === clock.dueAtMs && due.provisional === clock.provisional) return clock;
  return {
    ...clock,
    dueAtMs: due.dueAtMs,
    provisional: due.provisional,
    recalculations: [
      ...clock.recalculations,
      { at: atMs, from: clock.dueAtMs, to: due.dueAtMs, kind: 'scheduleImported', reason },
    ],
  };
}
