import { setHandler } from '@temporalio/workflow';
import { reassignTask, requestClockSuspension, requestExtension, resumeClock } from '@shuangcha/contracts';
import type { TaskBoard } from './task-board';

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
