import { ApplicationFailure } from '@temporalio/common';
import sampleOrg from '../../infra/seed/sample-org.json';
import type {
  AccountabilitySummaryProjection,
  AuditEvent,
  CaseActivities,
  CaseLinkRecord,
  CaseNumberRequest,
  CaseProjection,
  DecisionCommit,
  DecisionProjection,
  MeasureProjection,
  NotificationRecord,
  OrgSnapshotResult,
  TaskProjection,
} from '../../libs/contracts/src';
import { parseOrgSnapshot, type OrgSnapshot } from '../../libs/domain/src/org';
import { sameTraceBackPeriod } from '../../libs/domain/src/case';
import { orgSnapshotHash, redactedOrgSnapshot } from '../../libs/persistence/src/org/org-snapshot-hash';
import { chineseDaysSchedules, type YearSchedule } from '../../libs/domain/src/calendar';
import type {
  AccountabilitySuggestionRecord,
  RectificationItemProjection,
  RectificationListProjection,
} from '../../libs/contracts/src';

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
  readonly rectificationLists = new Map<string, RectificationListProjection>();
  readonly rectificationItems = new Map<string, RectificationItemProjection>();
  readonly accountabilitySuggestions = new Map<string, AccountabilitySuggestionRecord>();
  readonly accountabilitySummaries = new Map<string, AccountabilitySummaryProjection>();
  /** Numbers allocated for cases a workflow opens, by request key; counted from 900001 per jurisdiction. */
  readonly allocatedCases = new Map<string, { caseId: string; caseNo: string }>();
  readonly caseLinks = new Map<string, CaseLinkRecord>();
  readonly measures = new Map<string, MeasureProjection>();
  /**
   * Writes the database would refuse (NUL in a text, issue 16 §1): a matching decision or audit entry fails
   * the way `rejectingUnstorable` fails it, non-retryable, and nothing is stored.
   */
  refuseDecision: ((d: DecisionProjection) => boolean) | null = null;
  refuseAudit: ((e: AuditEvent) => boolean) | null = null;
  /** The org model the fake serves: infra/seed/sample-org.json unless a test swaps it. */
  orgModel: OrgSnapshot | null = sampleOrgSnapshot();

  async projectCase(p: CaseProjection): Promise<void> {
    const existing = this.cases.get(p.caseId);
    if (!existing || existing.projectionVersion < p.projectionVersion) this.cases.set(p.caseId, p);
  }
  /** The read model's answer, from the cases this fake has projected. */
  async findFiledTraceBack(q: {
    caseId: string;
    unitId: string;
    misconductIntervals: { from: string; to: string }[];
  }): Promise<{ caseId: string; caseNo: string } | null> {
    const match = [...this.cases.values()].find(
      (c) =>
        c.caseId !== q.caseId &&
        c.unitId === q.unitId &&
        sameTraceBackPeriod(c.traceBackIntervals ?? [], q.misconductIntervals),
    );
    return match ? { caseId: match.caseId, caseNo: match.caseNo } : null;
  }
  async projectTask(p: TaskProjection): Promise<void> {
    const key = `${p.workflowId}|${p.taskId}`;
    const existing = this.tasks.get(key);
    if (!existing || existing.projectionVersion < p.projectionVersion) this.tasks.set(key, p);
  }
  async recordDecision(d: DecisionProjection): Promise<void> {
    if (this.refuseDecision?.(d)) throw unstorable(`decision ${d.decisionKey}`);
    if (!this.decisions.has(d.decisionKey)) this.decisions.set(d.decisionKey, d);
  }
  async recordNotification(n: NotificationRecord): Promise<void> {
    if (!this.notifications.has(n.notificationKey)) this.notifications.set(n.notificationKey, n);
  }
  async appendAudit(e: AuditEvent): Promise<void> {
    if (this.refuseAudit?.(e)) throw unstorable(`audit entry ${e.eventKey}`);
    if (!this.audit.has(e.eventKey)) this.audit.set(e.eventKey, e);
  }
  /** All or nothing, as the real transaction: a refused part stores none of the commit. */
  async commitDecision(c: DecisionCommit): Promise<void> {
    if (this.refuseDecision?.(c.decision)) throw unstorable(`decision ${c.decision.decisionKey}`);
    const refused = c.audit.find((e) => this.refuseAudit?.(e));
    if (refused) throw unstorable(`audit entry ${refused.eventKey}`);
    await this.recordDecision(c.decision);
    for (const e of c.audit) await this.appendAudit(e);
    await this.projectTask(c.task);
  }
  async projectMeasure(p: MeasureProjection): Promise<void> {
    const existing = this.measures.get(p.measureId);
    if (!existing || existing.projectionVersion < p.projectionVersion) this.measures.set(p.measureId, p);
  }
  async loadHolidaySchedules(): Promise<YearSchedule[]> {
    return [...chineseDaysSchedules(2004, 2100), ...this.extraSchedules];
  }

  async loadOrgSnapshot({ asOf }: { asOf: string }): Promise<OrgSnapshotResult> {
    if (!this.orgModel)
      throw ApplicationFailure.create({ type: 'OrgModelMissing', message: 'no org model loaded', nonRetryable: true });
    const snapshot = redactedOrgSnapshot({ ...this.orgModel, asOf });
    return { snapshot, hash: orgSnapshotHash(snapshot) };
  }
  async projectAccountabilitySummary(p: AccountabilitySummaryProjection): Promise<void> {
    const existing = this.accountabilitySummaries.get(p.caseId);
    if (!existing || existing.projectionVersion < p.projectionVersion) this.accountabilitySummaries.set(p.caseId, p);
  }

  async projectRectificationList(p: RectificationListProjection): Promise<void> {
    const existing = this.rectificationLists.get(p.listId);
    if (!existing || existing.projectionVersion < p.projectionVersion) this.rectificationLists.set(p.listId, p);
  }
  async projectRectificationItem(p: RectificationItemProjection): Promise<void> {
    const key = `${p.listId}|${p.itemKey}`;
    const existing = this.rectificationItems.get(key);
    if (!existing || existing.projectionVersion < p.projectionVersion) this.rectificationItems.set(key, p);
  }
  async recordAccountabilitySuggestion(s: AccountabilitySuggestionRecord): Promise<void> {
    if (!this.accountabilitySuggestions.has(s.suggestionKey)) this.accountabilitySuggestions.set(s.suggestionKey, s);
  }

  async allocateCaseNumber(r: CaseNumberRequest): Promise<{ caseId: string; caseNo: string }> {
    const earlier = this.allocatedCases.get(r.requestKey);
    if (earlier) return earlier;
    const caseNo = `2026-${900001 + this.allocatedCases.size}`;
    const allocated = { caseId: `case-${r.jurisdictionId}-${caseNo}`, caseNo };
    this.allocatedCases.set(r.requestKey, allocated);
    return allocated;
  }
  async linkCases(l: CaseLinkRecord): Promise<void> {
    if (!this.caseLinks.has(l.linkKey)) this.caseLinks.set(l.linkKey, l);
  }

  /** The activity map a Worker registers (it reads own properties, not prototype methods). */
  asActivities(): CaseActivities {
    return {
      projectCase: (p) => this.projectCase(p),
      findFiledTraceBack: (q) => this.findFiledTraceBack(q),
      projectTask: (p) => this.projectTask(p),
      recordDecision: (d) => this.recordDecision(d),
      recordNotification: (n) => this.recordNotification(n),
      appendAudit: (e) => this.appendAudit(e),
      commitDecision: (c) => this.commitDecision(c),
      projectMeasure: (p) => this.projectMeasure(p),
      loadHolidaySchedules: () => this.loadHolidaySchedules(),
      projectRectificationList: (p) => this.projectRectificationList(p),
      projectRectificationItem: (p) => this.projectRectificationItem(p),
      recordAccountabilitySuggestion: (s) => this.recordAccountabilitySuggestion(s),
      loadOrgSnapshot: (i) => this.loadOrgSnapshot(i),
      projectAccountabilitySummary: (p) => this.projectAccountabilitySummary(p),
      allocateCaseNumber: (r) => this.allocateCaseNumber(r),
      linkCases: (l) => this.linkCases(l),
    };
  }

  auditActions(caseId: string): string[] {
    return [...this.audit.values()].filter((e) => e.caseId === caseId).map((e) => e.action);
  }
  notificationsFor(taskId: string): NotificationRecord[] {
    return [...this.notifications.values()].filter((n) => n.taskId === taskId).sort((a, b) => a.level - b.level);
  }
}

function sampleOrgSnapshot(): OrgSnapshot {
  const parsed = parseOrgSnapshot(sampleOrg);
  if (!('snapshot' in parsed))
    throw new Error(`infra/seed/sample-org.json is invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.snapshot;
}

function unstorable(what: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'ProjectionRejected',
    message: `SQLSTATE 22021: ${what} holds a byte sequence the database refuses`,
    nonRetryable: true,
  });
}
