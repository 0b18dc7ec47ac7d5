import type {
  AuditEvent,
  CaseActivities,
  CaseProjection,
  DecisionProjection,
  NotificationRecord,
  TaskProjection,
} from '../../libs/contracts/src';
import { chineseDaysSchedules, type YearSchedule } from '../../libs/domain/src/calendar';

/**
 * In-memory activities for workflow-tier tests (STYLE §8: workflow tests mock activities). They keep the
 * same idempotency rules as the real ones, so a test can also see a retried write land once.
 */
export class RecordingActivities implements CaseActivities {
  readonly cases = new Map<string, CaseProjection>();
  readonly tasks = new Map<string, TaskProjection>();
  readonly decisions = new Map<string, DecisionProjection>();
  readonly notifications = new Map<string, NotificationRecord>();
  readonly audit = new Map<string, AuditEvent>();
  extraSchedules: YearSchedule[] = [];

  async projectCase(p: CaseProjection): Promise<void> {
    const existing = this.cases.get(p.caseId);
    if (!existing || existing.projectionVersion < p.projectionVersion) this.cases.set(p.caseId, p);
  }
  async projectTask(p: TaskProjection): Promise<void> {
    const key = `${p.workflowId}|${p.taskId}`;
    const existing = this.tasks.get(key);
    if (!existing || existing.projectionVersion < p.projectionVersion) this.tasks.set(key, p);
  }
  async recordDecision(d: DecisionProjection): Promise<void> {
    if (!this.decisions.has(d.decisionKey)) this.decisions.set(d.decisionKey, d);
  }
  async recordNotification(n: NotificationRecord): Promise<void> {
    if (!this.notifications.has(n.notificationKey)) this.notifications.set(n.notificationKey, n);
  }
  async appendAudit(e: AuditEvent): Promise<void> {
    if (!this.audit.has(e.eventKey)) this.audit.set(e.eventKey, e);
  }
  async loadHolidaySchedules(): Promise<YearSchedule[]> {
    return [...chineseDaysSchedules(2004, 2100), ...this.extraSchedules];
  }

  /** The activity map a Worker registers (it reads own properties, not prototype methods). */
  asActivities(): CaseActivities {
    return {
      projectCase: (p) => this.projectCase(p),
      projectTask: (p) => this.projectTask(p),
      recordDecision: (d) => this.recordDecision(d),
      recordNotification: (n) => this.recordNotification(n),
      appendAudit: (e) => this.appendAudit(e),
      loadHolidaySchedules: () => this.loadHolidaySchedules(),
    };
  }

  auditActions(caseId: string): string[] {
    return [...this.audit.values()].filter((e) => e.caseId === caseId).map((e) => e.action);
  }
  notificationsFor(taskId: string): NotificationRecord[] {
    return [...this.notifications.values()].filter((n) => n.taskId === taskId).sort((a, b) => a.level - b.level);
  }
}
