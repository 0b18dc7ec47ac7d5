import type { HolidayCalendar } from '@shuangcha/domain/calendar';
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
    maxExtensions: (limitKey) => extensionRule(policy, limitKey).maxCount,
    extend: (clock, requestedAtMs, approvedAtMs, reason) => extendDeadline(calendar, policy, clock, { requestedAtMs, approvedAtMs, reason }),
    suspend: (clock, atMs, reason) => {
      const outcome = suspendDeadline(clock, atMs, reason);
      return outcome.ok ? outcome.clock : clock;
    },
    resume: (clock, atMs) => resumeDeadline(calendar, policy, clock, atMs),
    recompute: (clock, atMs, reason) => recomputeDeadline(calendar, policy, clock, atMs, reason),
  };
}
