import type { HolidayCalendar } from '../calendar';
import { applyExtension, type DeadlineClock, type ExtensionOutcome, type ResumeOutcome } from '../deadline';
import type { CasePolicy, LimitKey } from '../policy';

/**
 * A rectification item's due date is fixed by the list (时间表), not derived from a policy limit, so its
 * clock is started at that date and every change counts on from the current due date. An extension adds
 * one reporting period (`reportIntervalDays` calendar days, rolled to a working day): DOMAIN names no
 * amount, so this is a configurable default. `limitKey` only satisfies the clock's shape here.
 */
export function startFixedClock(
  policy: CasePolicy,
  limitKey: LimitKey,
  startedAtMs: number,
  dueAtMs: number,
): DeadlineClock {
  return {
    limitKey,
    policyVersion: policy.version,
    startedAtMs,
    dueAtMs,
    provisional: false,
    suspension: null,
    adjustments: [],
    recalculations: [],
  };
}

export function extendFixedClock(
  calendar: HolidayCalendar,
  policy: CasePolicy,
  clock: DeadlineClock,
  request: { requestedAtMs: number; approvedAtMs: number; reason: string },
): ExtensionOutcome {
  const rule = {
    amount: policy.rectification.reportIntervalDays,
    unit: 'd' as const,
    maxCount: policy.maxExtensions,
    approvalLevelsUp: 1,
  };
  const used = clock.adjustments.filter((a) => a.kind === 'extension').length;
  if (used >= rule.maxCount) return { granted: false, refusal: 'MAX_EXTENSIONS_REACHED', rule };
  if (clock.suspension !== null) return { granted: false, refusal: 'CLOCK_SUSPENDED', rule };
  return applyExtension(clock, request, rule.amount, () => {
    const due = calendar.rollToWorkingDay(calendar.addCalendarDays(clock.dueAtMs, rule.amount));
    return { dueAtMs: due.dueAtMs, provisional: clock.provisional || due.provisional };
  });
}

/** Resuming a suspended fixed clock moves the due date by the working days it stood still. */
export function resumeFixedClock(calendar: HolidayCalendar, clock: DeadlineClock, atMs: number): ResumeOutcome {
  if (clock.suspension === null) return { ok: false, refusal: 'NOT_SUSPENDED' };
  const { sinceMs, reason } = clock.suspension;
  const suspended = calendar.workingDaysBetween(sinceMs, atMs);
  const due = calendar.addWorkingDays(clock.dueAtMs, suspended.days);
  return {
    ok: true,
    suspendedWd: suspended.days,
    clock: {
      ...clock,
      dueAtMs: due.dueAtMs,
      provisional: clock.provisional || suspended.provisional || due.provisional,
      suspension: null,
      adjustments: [...clock.adjustments, { kind: 'suspension', fromMs: sinceMs, toMs: atMs, reason }],
      recalculations: [
        ...clock.recalculations,
        { at: atMs, from: clock.dueAtMs, to: due.dueAtMs, kind: 'suspension', reason },
      ],
    },
  };
}
