import { allHandlersFinished, condition, getExternalWorkflowHandle, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  calendarUpdated,
  childProgress,
  conflictsChanged,
  getInvestigationState,
  reassignTask,
  requestClockSuspension,
  requestExtension,
  resumeClock,
  submitDecision,
  type CalendarActivities,
  type ConflictEntry,
  type InvestigationState,
  type TimelineEntry,
  type ViolationInvestigationInput,
} from '@shuangcha/contracts';
import type { StageDefinition } from '@shuangcha/domain/case';
import { HolidayCalendar } from '@shuangcha/domain/calendar';
import { policyByVersion } from '@shuangcha/domain/policy';
import { copyOf } from './engine/copy';
import { buildDeadlineRules } from './engine/deadline-rules.factory';
import { participantRoutes } from './engine/routes';
import { runStage } from './engine/run-stage';
import { iso, TaskBoard, toProjection } from './engine/task-board';
import { VirtualClock } from './engine/virtual-clock';

const calendarActivities = proxyActivities<CalendarActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

export interface TraceBackInput extends ViolationInvestigationInput {
  unitId: string;
  misconductIntervals: { from: string; to: string }[];
  domains: string[];
}

/**
 * 责任倒查 as the case's accountability child: the accountability investigation runs under its own time
 * limit (acc_investigation) and concludes with an approved accountability decision. Per-person
 * responsibility reviews over the org model are tracked in issue 5.
 */
const ACCOUNTABILITY_STAGE: StageDefinition = {
  stage: 'accountabilityInvestigation' as StageDefinition['stage'],
  title: 'Accountability investigation (问责调查)',
  proposer: 'caseOfficer',
  outcomes: ['CONCLUDED', 'NO_ACCOUNTABILITY'],
  approvers: ['leaderInCharge', 'principalLeader'],
  limitKey: 'accountabilityInvestigation',
  next: {},
  basis: 'AR art. 9',
};

export async function responsibilityTraceBack(input: TraceBackInput): Promise<{ outcome: string }> {
  const { workflowId, parent } = workflowInfo();
  const policy = policyByVersion(input.policyVersion);
  let calendar = HolidayCalendar.fromSchedules(await calendarActivities.loadHolidaySchedules());
  const clock = new VirtualClock(input.caseEpochMs, policy.timeScale);
  let conflicts: ConflictEntry[] = input.conflicts;
  const routes = participantRoutes(input.participants);
  const timeline: TimelineEntry[] = [];
  let stage = ACCOUNTABILITY_STAGE.stage as string;
  const parentHandle = parent ? getExternalWorkflowHandle(parent.workflowId) : undefined;
  const board: TaskBoard = new TaskBoard({
    caseId: input.caseId,
    workflowId,
    clock,
    rules: () => buildDeadlineRules(calendar, policy),
    isConflicted: (personId) => conflicts.some((c) => c.personId === personId),
    recipientFor: routes.recipientFor,
    approverAbove: routes.approverAbove,
    supervisors: () => routes.supervisors,
    onChange: () => undefined,
  });
  const record = (entry: Omit<TimelineEntry, 'at'>) => {
    const full = { at: iso(clock.now()), ...entry };
    timeline.push(full);
    parentHandle
      ?.signal(childProgress, { role: 'traceBack', stage, deadlineAt: null, overdue: false, escalationLevel: 0, concluded: stage === 'concluded', timelineEntry: full })
      .catch(() => undefined);
  };

  setHandler(getInvestigationState, (): InvestigationState => ({
    workflowId,
    caseId: input.caseId,
    stage,
    tasks: [...board.tasks.values()].map((t) => {
      const { projectionVersion: _v, ...rest } = toProjection(t, { caseId: input.caseId, workflowId }, 0);
      return copyOf(rest);
    }),
    timeline: copyOf(timeline),
    deadlineAt: board.openTasks().length ? iso(Math.min(...board.openTasks().map((t) => t.deadline.dueAtMs))) : null,
    overdue: board.openTasks().some((t) => t.warningLevel === 'overdue'),
    escalationLevel: Math.max(0, ...board.openTasks().map((t) => t.escalationLevel)),
    concluded: stage === 'concluded',
  }));
  setHandler(submitDecision, async (d) => {
    const task = await board.applyDecision(d);
    return { taskId: task.taskId, outcome: d.outcome, stage: task.stage };
  }, { validator: (d) => board.validateDecision(d) });
  setHandler(requestExtension, async (r) => {
    const approval = await board.applyExtensionRequest(r);
    return { taskId: r.taskId, version: board.tasks.get(r.taskId)?.version ?? 0, approvalTaskId: approval.taskId };
  }, { validator: (r) => board.validateExtensionRequest(r) });
  setHandler(requestClockSuspension, async (r) => {
    const approval = await board.applySuspensionRequest(r);
    return { taskId: r.taskId, version: board.tasks.get(r.taskId)?.version ?? 0, approvalTaskId: approval.taskId };
  }, { validator: (r) => board.validateSuspensionRequest(r) });
  setHandler(resumeClock, async (r) => {
    const task = await board.applyResume(r);
    return { taskId: task.taskId, version: task.version };
  }, { validator: (r) => board.validateResume(r) });
  setHandler(reassignTask, async (r) => {
    const task = await board.applyReassign(r);
    return { taskId: task.taskId, version: task.version };
  }, { validator: (r) => board.validateReassign(r) });
  setHandler(conflictsChanged, (entries) => {
    conflicts = entries;
    void board.rerouteConflicted((task) => routes.routeFor(task.candidateRole));
  });
  setHandler(calendarUpdated, (schedule) => {
    calendar = calendar.withYear(schedule);
    void board.recomputeProvisional();
  });

  const { outcome } = await runStage(board, routes, ACCOUNTABILITY_STAGE, record);
  stage = 'concluded';
  record({ stage, action: 'STAGE_ENTERED', actorId: null, outcome });
  await board.drain();
  await condition(allHandlersFinished);
  return { outcome };
}
