import {
  executeChild,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  setHandler,
  WorkflowIdReusePolicy,
  type SignalDefinition,
} from '@temporalio/workflow';
import {
  childProgress,
  conflictsChanged,
  participantsChanged,
  type CaseStartInput,
  type CaseState,
  type ChildProgress,
  type FindingsInput,
  type Participants,
} from '@shuangcha/contracts';
import { caseStandingOf } from '@shuangcha/domain/case';
import { responsibilityTraceBack } from '../responsibility-trace-back.workflow';
import { violationInvestigation } from '../violation-investigation.workflow';
import type { AuditTrail } from './audit-trail';
import { iso } from './task-plumbing';
import type { VirtualClock } from './virtual-clock';

/** The case row shows both halves: a late trace-back makes the case late on the supervisors' views. */
const CASE_ROW_BOTH_CHILDREN_PATCH = 'case-row-both-children';

type Intervals = CaseStartInput['misconductIntervals'];

export interface CaseChildrenContext {
  input: CaseStartInput;
  state: CaseState;
  clock: VirtualClock;
  /** The case's start: children keep case time from it. */
  caseEpochMs: number;
  trail: AuditTrail;
  participants: () => Participants;
  /** The findings recorded so far: a trace-back opened after them starts from them. */
  findings: () => FindingsInput | null;
  changed: () => void;
}

/**
 * The two halves of 一案双查 as child workflows of the case: starting them, hearing their progress, and
 * passing on to them what changes at the case (participants, conflicts, the holiday calendar).
 */
export class CaseChildren {
  /** Each started child's completion, with its conclusion recorded; the case awaits them before it closes. */
  readonly running: Promise<unknown>[] = [];
  /** The misconduct intervals the trace-back was started with; the case row shows them. */
  traceBackIntervals: Intervals | null = null;

  constructor(private readonly ctx: CaseChildrenContext) {}

  /** The misconduct intervals as they now stand: the recorded findings' or the opening's. */
  currentIntervals(): Intervals {
    return this.ctx.findings()?.misconductIntervals ?? this.ctx.input.misconductIntervals;
  }

  /** Progress reports from the children set the case's stage, deadline and standing shown on the case row. */
  registerProgress(): void {
    const { state } = this.ctx;
    const appliedProgress: Partial<Record<ChildProgress['role'], number>> = {};
    const latestProgress: Partial<Record<ChildProgress['role'], ChildProgress>> = {};
    setHandler(childProgress, (progress: ChildProgress) => {
      // Progress signals can overtake each other: an older one must not undo a newer deadline or stage.
      const stale = progress.seq !== undefined && progress.seq <= (appliedProgress[progress.role] ?? 0);
      if (progress.seq !== undefined && !stale) appliedProgress[progress.role] = progress.seq;
      if (!stale) latestProgress[progress.role] = progress;
      if (!stale && patched(CASE_ROW_BOTH_CHILDREN_PATCH)) {
        Object.assign(state, caseStandingOf(state.kind, latestProgress, state));
      } else if (!stale && (progress.role === 'violation' || state.kind === 'accountabilityOnly')) {
        state.stage = progress.concluded && progress.role === 'violation' ? 'awaitingAccountability' : progress.stage;
        state.deadlineAt = progress.deadlineAt;
        state.overdue = progress.overdue;
        state.escalationLevel = progress.escalationLevel;
      }
      if (progress.timelineEntry)
        state.timeline.push({ ...progress.timelineEntry, stage: `${progress.role}:${progress.timelineEntry.stage}` });
      this.ctx.changed();
    });
  }

  start(role: 'violation' | 'traceBack'): void {
    const { input, state, clock } = this.ctx;
    const caseId = state.caseId;
    const childId = `${caseId}/${role === 'violation' ? 'violation' : 'trace-back'}`;
    state.children.push({ role, workflowId: childId, status: 'RUNNING' });
    const common = {
      workflowId: childId,
      // A case's children must outlive nothing: terminating the case (admin action) ends them too.
      parentClosePolicy: ParentClosePolicy.TERMINATE,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    };
    const childInput = {
      caseId,
      caseNo: input.caseNo,
      caseEpochMs: this.ctx.caseEpochMs,
      policyVersion: input.policyVersion,
      participants: this.ctx.participants(),
      subjectIds: input.subjectIds,
      conflicts: state.conflicts,
      ...(input.leadReceivedOn && { leadReceivedOn: input.leadReceivedOn }),
      subjectManagedBySameLevelCommittee: input.subjectManagedBySameLevelCommittee,
    };
    if (role === 'traceBack') this.traceBackIntervals = this.currentIntervals();
    const findings = this.ctx.findings();
    const done =
      role === 'violation'
        ? executeChild(violationInvestigation, { ...common, args: [childInput] })
        : executeChild(responsibilityTraceBack, {
            ...common,
            args: [
              {
                ...childInput,
                unitId: input.unitId,
                jurisdictionId: input.jurisdictionId,
                misconductIntervals: this.traceBackIntervals ?? input.misconductIntervals,
                domains: findings?.domains ?? input.domains,
                subjectIds: findings?.subjectIds ?? input.subjectIds,
              },
            ],
          });
    this.running.push(
      done.then(async (result) => {
        const child = state.children.find((c) => c.workflowId === childId);
        if (child) child.status = 'CONCLUDED';
        state.timeline.push({ at: iso(clock.now()), stage: role, action: 'CHILD_CONCLUDED', actorId: null });
        await this.ctx.trail.append('CHILD_CONCLUDED', null, { role, childId, result });
        this.ctx.changed();
      }),
    );
  }

  async broadcastParticipants(): Promise<void> {
    for (const child of this.runningChildren()) {
      await getExternalWorkflowHandle(child.workflowId)
        .signal(participantsChanged, this.ctx.participants())
        .catch(() => undefined);
    }
  }

  async broadcastConflicts(): Promise<void> {
    for (const child of this.runningChildren()) {
      await getExternalWorkflowHandle(child.workflowId)
        .signal(conflictsChanged, this.ctx.state.conflicts)
        .catch(() => undefined);
    }
  }

  /** Passes a signal on to every running child without waiting: a child that ended meanwhile is no error. */
  forward<Args extends unknown[]>(signal: SignalDefinition<Args>, ...args: Args): void {
    for (const child of this.runningChildren()) {
      getExternalWorkflowHandle(child.workflowId)
        .signal(signal, ...args)
        .catch(() => undefined);
    }
  }

  private runningChildren() {
    return this.ctx.state.children.filter((c) => c.status === 'RUNNING');
  }
}
