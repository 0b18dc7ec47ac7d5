import type { HolidayCalendar } from '@shuangcha/domain/calendar';
import type { DeadlineClock } from '@shuangcha/domain/deadline';
import type { CasePolicy } from '@shuangcha/domain/policy';
import { extendFixedClock, resumeFixedClock, startFixedClock } from '@shuangcha/domain/rectification';
import type { DeadlineRules } from '../engine/deadline-rules';
import { buildDeadlineRules } from '../engine/deadline-rules.factory';

/**
 * Deadline rules for an item workflow's board. Policy-limited tasks (verification, extension approvals) use
 * the ordinary rules; the item's own task runs on a clock fixed by the list. The board hands clocks back
 * unchanged, and every new clock of a fixed one comes from here, so fixed clocks are known by identity.
 */
export function fixedDeadlineRules(calendar: () => HolidayCalendar, policy: CasePolicy) {
  const fixed = new Set<DeadlineClock>();
  const track = (clock: DeadlineClock) => {
    fixed.add(clock);
    return clock;
  };
  const rules = (): DeadlineRules => {
    const base = buildDeadlineRules(calendar(), policy);
    return {
      ...base,
      extend: (clock, requestedAtMs, approvedAtMs, reason) => {
        if (!fixed.has(clock)) return base.extend(clock, requestedAtMs, approvedAtMs, reason);
        const outcome = extendFixedClock(calendar(), policy, clock, { requestedAtMs, approvedAtMs, reason });
        if (outcome.granted) track(outcome.clock);
        return outcome;
      },
      suspend: (clock, atMs, reason) => {
        const next = base.suspend(clock, atMs, reason);
        return fixed.has(clock) ? track(next) : next;
      },
      resume: (clock, atMs) => {
        if (!fixed.has(clock)) return base.resume(clock, atMs);
        const outcome = resumeFixedClock(calendar(), clock, atMs);
        if (outcome.ok) track(outcome.clock);
        return outcome;
      },
      // A date the list fixed does not move when a year's holiday schedule arrives.
      recompute: (clock, atMs, reason) => (fixed.has(clock) ? clock : base.recompute(clock, atMs, reason)),
    };
  };
  return {
    rules,
    startFixed: (startedAtMs: number, dueAtMs: number) =>
      track(startFixedClock(policy, 'approval', startedAtMs, dueAtMs)),
  };
}
