import type { TaskProjection } from '@shuangcha/contracts';

type LiveTask = Omit<TaskProjection, 'projectionVersion'>;

/** An open task of a live workflow as the case and accountability views list it for whoever may act on it. */
export function openTaskView(t: LiveTask) {
  return {
    taskId: t.taskId,
    workflowId: t.workflowId,
    stage: t.stage,
    kind: t.kind,
    title: t.title,
    assigneeId: t.assigneeId,
    concernsPersonId: t.concernsPersonId ?? null,
    allowedOutcomes: t.allowedOutcomes,
    version: t.version,
    dueAt: t.dueAt,
    warningLevel: t.warningLevel,
    escalationLevel: t.escalationLevel,
  };
}
