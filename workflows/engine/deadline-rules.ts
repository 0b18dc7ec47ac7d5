import type {
  DeadlineClock,
  EscalationAlert,
  ExtensionOutcome,
  ResumeOutcome,
  WarningLevel,
} from '@shuangcha/domain/deadline';
import type { LimitKey } from '@shuangcha/domain/policy';

/** The calendar and policy of one case, as the task board uses them; rebuilt when a new year is imported. */
export interface DeadlineRules {
  start(limitKey: LimitKey, fromMs: number): DeadlineClock;
  escalationSteps(dueAtMs: number): EscalationAlert[];
  warning(clock: DeadlineClock, nowMs: number): WarningLevel;
  /** The first instant from `nowMs` up to the due date at which the warning is no longer `current` (never 'overdue'). */
  nextWarningChange(
    clock: DeadlineClock,
    nowMs: number,
    current: WarningLevel,
  ): { at: number; level: WarningLevel } | undefined;
  maxExtensions(limitKey: LimitKey): number;
  /** How many levels above the requester an extension of this limit must be approved (DOMAIN §7). */
  extensionLevelsUp(limitKey: LimitKey): number;
  extend(clock: DeadlineClock, requestedAtMs: number, approvedAtMs: number, reason: string): ExtensionOutcome;
  suspend(clock: DeadlineClock, atMs: number, reason: string): DeadlineClock;
  resume(clock: DeadlineClock, atMs: number): ResumeOutcome;
  recompute(clock: DeadlineClock, atMs: number, reason: string): DeadlineClock;
}
