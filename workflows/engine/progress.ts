import { getExternalWorkflowHandle, patched, workflowInfo } from '@temporalio/workflow';
import { childProgress, type ChildProgress, type TimelineEntry } from '@shuangcha/contracts';
import type { HumanTask } from '@shuangcha/domain/case';

/** What a parent and the supervisors' views need of a child's clock: the earliest due date, lateness, escalation. */
export interface DeadlineView {
  deadlineAt: number | null;
  overdue: boolean;
  escalationLevel: number;
}

/** One running clock: an open task's, or a child's as it last reported it. */
export interface RunningClock {
  at: number | null;
  overdue: boolean;
  level: number;
}

export const NO_DEADLINE: DeadlineView = { deadlineAt: null, overdue: false, escalationLevel: 0 };

/** The clocks of a board's open tasks at `now`: a task is late once its warning says so or its due date passed. */
export function clocksOf(openTasks: HumanTask[], now: number): RunningClock[] {
  return openTasks.map((t) => ({
    at: t.deadline.dueAtMs,
    overdue: t.warningLevel === 'overdue' || now > t.deadline.dueAtMs,
    level: t.escalationLevel,
  }));
}

/** The earliest due date, whether any clock is late, and the highest escalation among `clocks`. */
export function deadlineView(clocks: RunningClock[]): DeadlineView {
  if (clocks.length === 0) return NO_DEADLINE;
  const dated = clocks.flatMap((c) => (c.at === null ? [] : [c.at]));
  return {
    deadlineAt: dated.length ? Math.min(...dated) : null,
    overdue: clocks.some((c) => c.overdue),
    escalationLevel: Math.max(0, ...clocks.map((c) => c.level)),
  };
}

/**
 * Each report is two events in the child and a signal and a workflow task in the case: a child reports only
 * what the case acts on (issue 17, history under 2,000 events).
 */
const CHILD_PROGRESS_ON_CHANGE_PATCH = 'child-progress-on-change';

/** Whether `next` must be sent after `last` (the last report sent): the parent acts on nothing else. */
export type ReportFilter<P> = (last: P | null, next: P) => boolean;

export const changedReport: ReportFilter<object> = (last, next) => JSON.stringify(last) !== JSON.stringify(next);

/**
 * Reports a child's progress to its parent: only a report the filter passes (by default, one that differs
 * from the last one sent) is sent, in order, and `numbered` reports carry a sequence number so the parent can
 * drop one that arrives late.
 * A closed parent cannot be signalled; the child's own result still reaches it, so a failed send is dropped.
 */
export class ProgressReporter<P extends object> {
  private last: P | null = null;
  private seq = 0;
  private readonly inFlight: Promise<void>[] = [];

  constructor(
    private readonly send: ((progress: P & { seq?: number }) => Promise<void>) | undefined,
    private readonly numbered: boolean,
    private readonly needed: ReportFilter<P> = changedReport,
  ) {}

  report(progress: P): void {
    if (!this.send) return;
    if (!this.needed(this.last, progress)) return;
    this.last = progress;
    let sent: Promise<void>;
    if (this.numbered) {
      this.seq += 1;
      sent = this.send({ ...progress, seq: this.seq });
    } else {
      sent = this.send(progress);
    }
    this.inFlight.push(sent.catch(() => undefined));
  }

  /** Every report sent so far has reached the parent (or failed). */
  async settled(): Promise<void> {
    await Promise.all(this.inFlight);
  }
}

/** What a child tells its case: its stage, its clock as `view` gives it, whether it concluded, and a timeline entry. */
export function childProgressOf(
  role: ChildProgress['role'],
  stage: string,
  view: DeadlineView,
  concluded: boolean,
  timelineEntry?: TimelineEntry,
): ChildProgress {
  return {
    role,
    stage,
    deadlineAt: view.deadlineAt === null ? null : new Date(view.deadlineAt).toISOString(),
    overdue: view.overdue,
    escalationLevel: view.escalationLevel,
    concluded,
    timelineEntry,
  };
}

/** What a parent keeps of a child's report: its stage and clock, and a timeline entry if it carries one. */
export interface ReportedStanding {
  stage: string;
  deadlineAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  concluded?: boolean;
  timelineEntry?: TimelineEntry;
}

/**
 * Whether the parent must hear `next`: it adds a timeline entry, or it moves something the parent shows
 * (stage, conclusion, lateness, escalation, a due date). A due date that only cleared because the open task
 * closed waits for the next report: the step that follows the task's outcome (its timeline entry, the next
 * stage or the next task) carries it.
 */
export function parentActsOn<P extends ReportedStanding>(last: P | null, next: P): boolean {
  if (next.timelineEntry || !last) return true;
  const sameStanding =
    last.stage === next.stage &&
    last.concluded === next.concluded &&
    last.overdue === next.overdue &&
    last.escalationLevel === next.escalationLevel;
  return !sameStanding || (last.deadlineAt !== next.deadlineAt && next.deadlineAt !== null);
}

/**
 * The one channel both children of a case report through (`childProgress` to the parent, none without one).
 * Numbered reports let the case drop one that arrives after a newer one.
 */
export function parentProgressReporter(numbered: boolean): ProgressReporter<ChildProgress> {
  const { parent } = workflowInfo();
  const handle = parent ? getExternalWorkflowHandle(parent.workflowId) : undefined;
  const send = handle && ((report: ChildProgress) => handle.signal(childProgress, report));
  if (!send) return new ProgressReporter<ChildProgress>(undefined, numbered);
  return new ProgressReporter<ChildProgress>(
    send,
    numbered,
    patched(CHILD_PROGRESS_ON_CHANGE_PATCH) ? parentActsOn : changedReport,
  );
}
