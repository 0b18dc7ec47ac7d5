export {
  applyExtension,
  extendDeadline,
  extensionRule,
  recomputeDeadline,
  resumeDeadline,
  startDeadlineClock,
  suspendDeadline,
  type DeadlineAdjustment,
  type DeadlineClock,
  type DeadlineRecalculation,
  type ExtensionFlag,
  type ExtensionOutcome,
  type ExtensionRefusal,
  type ExtensionRequest,
  type ExtensionRule,
  type RecalculationKind,
  type ResumeOutcome,
  type SuspendOutcome,
} from './deadline-clock';
export { addPeriod, computeDueAt, dueDateFrom, type DueDateOfRecord } from './due-date';
export { escalationSchedule, type EscalationAlert } from './escalation';
export {
  isStalled,
  stallReasons,
  stallWaitingOn,
  type StallInputs,
  type StallReason,
  type StallWaitingOn,
  type WaitingTask,
} from './stall';
export { caseTimeMs, timerDelayMs, type CaseClockAnchor } from './timer';
export { warningLevel, type WarningLevel } from './warning';
