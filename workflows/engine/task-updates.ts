import { setHandler } from '@temporalio/workflow';
import {
  getInvestigationState,
  reassignTask,
  requestClockSuspension,
  requestExtension,
  resumeClock,
  submitDecision,
  type DecisionInput,
  type InvestigationState,
  type TimelineEntry,
} from '@shuangcha/contracts';
import { copyOf } from './copy';
import type { DeadlineView } from './progress';
import { iso, type DecisionEffects, type TaskBoard } from './task-board';

/**
 * The Updates every workflow with human tasks answers the same way: extension and clock-suspension
 * requests (each opens an approval task one level up), resuming a clock, and reassignment. Decisions
 * differ per workflow and stay with it.
 */
export function registerTaskUpdates(board: TaskBoard): void {
  setHandler(
    requestExtension,
    async (req) => {
      const approval = await board.applyExtensionRequest(req);
      return {
        taskId: req.taskId,
        version: board.tasks.get(req.taskId)?.version ?? 0,
        approvalTaskId: approval.taskId,
      };
    },
    { validator: (req) => board.validateExtensionRequest(req) },
  );
  setHandler(
    requestClockSuspension,
    async (req) => {
      const approval = await board.applySuspensionRequest(req);
      return {
        taskId: req.taskId,
        version: board.tasks.get(req.taskId)?.version ?? 0,
        approvalTaskId: approval.taskId,
      };
    },
    { validator: (req) => board.validateSuspensionRequest(req) },
  );
  setHandler(
    resumeClock,
    async (req) => {
      const task = await board.applyResume(req);
      return { taskId: task.taskId, version: task.version };
    },
    { validator: (req) => board.validateResume(req) },
  );
  setHandler(
    reassignTask,
    async (req) => {
      const task = await board.applyReassign(req);
      return { taskId: task.taskId, version: task.version };
    },
    { validator: (req) => board.validateReassign(req) },
  );
}

/**
 * `submitDecision` as every investigation answers it: the board's own checks, then the workflow's rules
 * for the task at hand (`validate` throws to refuse; nothing is written when it does).
 */
export function registerDecisionUpdate(
  board: TaskBoard,
  validate?: (decision: DecisionInput) => void,
  effectsOf?: (decision: DecisionInput) => DecisionEffects,
): void {
  setHandler(
    submitDecision,
    async (decision) => {
      const task = await board.applyDecision(decision, effectsOf?.(decision));
      return { taskId: task.taskId, outcome: decision.outcome, stage: task.stage };
    },
    {
      validator: (decision) => {
        board.validateDecision(decision);
        validate?.(decision);
      },
    },
  );
}

/** What `getInvestigationState` reports of an investigation, besides its board's tasks. */
export interface InvestigationStateSource {
  workflowId: string;
  caseId: string;
  stage: () => string;
  timeline: TimelineEntry[];
  deadline: () => DeadlineView;
  concluded: () => boolean;
  /** The teams of preliminary verification and investigation, where the investigation has them. */
  teams?: () => Record<string, string[]>;
}

/** The one query supervisors and the case read of any investigation: stage, tasks, timeline and clock. */
export function registerInvestigationState(board: TaskBoard, source: InvestigationStateSource): void {
  setHandler(getInvestigationState, (): InvestigationState => {
    const view = source.deadline();
    return {
      workflowId: source.workflowId,
      caseId: source.caseId,
      stage: source.stage(),
      tasks: board.views(),
      timeline: copyOf(source.timeline),
      deadlineAt: view.deadlineAt === null ? null : iso(view.deadlineAt),
      overdue: view.overdue,
      escalationLevel: view.escalationLevel,
      concluded: source.concluded(),
      ...(source.teams && { teams: source.teams() }),
    };
  });
}
