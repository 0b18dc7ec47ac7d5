import { endOfShanghaiDay, shanghaiLocalDate, type HolidayCalendar } from '@shuangcha/domain/calendar';
import {
  escalationSchedule,
  extendDeadline,
  extensionRule,
  recomputeDeadline,
  resumeDeadline,
  startDeadlineClock,
  suspendDeadline,
  warningLevel,
} from '@shuangcha/domain/deadline';
import type { CasePolicy } from '@shuangcha/domain/policy';
import type { DeadlineRules } from './deadline-rules';

export function buildDeadlineRules(calendar: HolidayCalendar, policy: CasePolicy): DeadlineRules {
  return {
    start: (limitKey, fromMs) => startDeadlineClock(calendar, policy, limitKey, fromMs),
    escalationSteps: (dueAtMs) => escalationSchedule(calendar, policy, dueAtMs),
    warning: (clock, nowMs) => warningLevel(calendar, policy, clock.startedAtMs, clock.dueAtMs, nowMs),
    // Warnings count whole working days, so they can change only now or at the start of a Shanghai day.
    nextWarningChange: (clock, nowMs, current) => {
      for (let at = nowMs; at <= clock.dueAtMs; at = endOfShanghaiDay(shanghaiLocalDate(at)) + 1) {
        const level = warningLevel(calendar, policy, clock.startedAtMs, clock.dueAtMs, at);
        if (level !== current && level !== 'overdue') return { at, level };
      }
      return undefined;
    },
    maxExtensions: (limitKey) => extensionRule(policy, limitKey).maxCount,
    extensionLevelsUp: (limitKey) => extensionRule(policy, limitKey).approvalLevelsUp,
    extend: (clock, requestedAtMs, approvedAtMs, reason) =>
      extendDeadline(calendar, policy, clock, { requestedAtMs, approvedAtMs, reason }),
    suspend: (clock, atMs, reason) => {
      const outcome = suspendDeadline(clock, atMs, reason);
      return outcome.ok ? outcome.clock : clock;
    },
    resume: (clock, atMs) => resumeDeadline(calendar, policy, clock, atMs),
    recompute: (clock, atMs, reason) => recomputeDeadline(calendar, policy, clock, atMs, reason),
  };
}
