import type { AuditEvent, CaseProjection, DecisionProjection, NotificationRecord, TaskProjection } from './projection';

/** Every activity a case workflow may call. Implemented by @Injectable classes in activities/. */
export interface ProjectionActivities {
  projectCase(projection: CaseProjection): Promise<void>;
  projectTask(projection: TaskProjection): Promise<void>;
  recordDecision(decision: DecisionProjection): Promise<void>;
  recordNotification(notification: NotificationRecord): Promise<void>;
  appendAudit(event: AuditEvent): Promise<void>;
}

export type CaseActivities = ProjectionActivities;
