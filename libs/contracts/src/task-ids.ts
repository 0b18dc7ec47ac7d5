/**
 * A task id names the workflow that owns it (issue 15 §2): `t-<uuid>.<workflow id with '/' as '~'>`, so
 * the gateway can deliver a decision while the read model that maps tasks to workflows is unreachable.
 * Workflow ids carry opaque ids only, so the task id reveals nothing a caller could not already see.
 * Tasks opened before the format, or of a workflow whose id the format cannot carry, stay `t-<uuid>` and
 * are found through the read model.
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const WORKFLOW_ID = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,199}$/;
const LOCATED_TASK_ID = new RegExp(`^t-${UUID}\\.([A-Za-z0-9][A-Za-z0-9~_.-]{0,199})$`);

/** The id of a task `uuid` opens in `workflowId`. */
export function taskIdFor(uuid: string, workflowId: string): string {
  return WORKFLOW_ID.test(workflowId) && !workflowId.includes('~')
    ? `t-${uuid}.${workflowId.replaceAll('/', '~')}`
    : `t-${uuid}`;
}

/** The workflow a task id names, or null for a task id that names none. */
export function workflowIdOfTask(taskId: string): string | null {
  const encoded = LOCATED_TASK_ID.exec(taskId)?.[1];
  return encoded === undefined ? null : encoded.replaceAll('~', '/');
}
