import type { YearSchedule } from '@shuangcha/domain/calendar';
import type { MeasureProjection } from './investigative-measures';
import type { AccountabilitySummaryProjection, OrgSnapshotResult } from './accountability';
import type {
  AuditEvent,
  CaseLinkRecord,
  CaseNumberRequest,
  CaseProjection,
  DecisionCommit,
  DecisionProjection,
  FiledTraceBack,
  NotificationRecord,
  TaskProjection,
} from './projection';
import type {
  AccountabilitySuggestionRecord,
  RectificationItemProjection,
  RectificationListProjection,
} from './rectification-views';

/** Every activity a case workflow may call. Implemented by @Injectable classes in activities/. */
export interface ProjectionActivities {
  projectCase(projection: CaseProjection): Promise<void>;
  /**
   * Another case of `unitId` whose trace-back covers a period overlapping `misconductIntervals`, or null. Read
   * only, so any retry is safe.
   */
  findFiledTraceBack(query: {
    caseId: string;
    unitId: string;
    misconductIntervals: { from: string; to: string }[];
  }): Promise<FiledTraceBack | null>;
  projectTask(projection: TaskProjection): Promise<void>;
  recordDecision(decision: DecisionProjection): Promise<void>;
  recordNotification(notification: NotificationRecord): Promise<void>;
  appendAudit(event: AuditEvent): Promise<void>;
  /** One transaction for a decision (issue 17): the decision row, its audit entries and the task row. */
  commitDecision(commit: DecisionCommit): Promise<void>;
  /** An investigative measure's row, keeping the highest projectionVersion. */
  projectMeasure(projection: MeasureProjection): Promise<void>;
}

/** Holiday schedules reach workflows through an activity so replays never depend on the package version. */
export interface CalendarActivities {
  loadHolidaySchedules(): Promise<YearSchedule[]>;
}

/** The org model with history (DOMAIN §4) and the accountability read model. */
export interface OrgActivities {
  loadOrgSnapshot(input: { asOf: string }): Promise<OrgSnapshotResult>;
  projectAccountabilitySummary(projection: AccountabilitySummaryProjection): Promise<void>;
}

/** 整改 read model; audit goes through `appendAudit` with the list's workflow id as the chain id. */
export interface RectificationActivities {
  projectRectificationList(projection: RectificationListProjection): Promise<void>;
  projectRectificationItem(projection: RectificationItemProjection): Promise<void>;
  recordAccountabilitySuggestion(suggestion: AccountabilitySuggestionRecord): Promise<void>;
}

/** Cases a workflow opens for another (DOMAIN §4: DIRECT responsibility spawns a violation case). */
export interface CaseLinkActivities {
  /** Registers the next number of the jurisdiction's count for the request; a retry gets the same one. */
  allocateCaseNumber(request: CaseNumberRequest): Promise<FiledTraceBack>;
  linkCases(link: CaseLinkRecord): Promise<void>;
}

export type CaseActivities = ProjectionActivities &
  CalendarActivities &
  OrgActivities &
  RectificationActivities &
  CaseLinkActivities;
