import { AuditEntryEntity } from './audit-entry.entity';
import { CaseDecisionEntity } from './case-decision.entity';
import { CaseNotificationEntity } from './case-notification.entity';
import { CaseTaskEntity } from './case-task.entity';
import { CaseEntity } from './case.entity';
import { HolidayYearEntity } from './holiday-year.entity';
import { NotificationReadEntity } from './notification-read.entity';
import { ORG_MODEL_ENTITIES } from './org-model.entity';
import { AccountabilitySummaryEntity } from './accountability-summary.entity';
import { RECTIFICATION_ENTITIES } from './rectification.entity';

export * from './org-model.entity';
export * from './rectification.entity';
export { AccountabilitySummaryEntity } from './accountability-summary.entity';
export {
  AuditEntryEntity,
  CaseDecisionEntity,
  CaseNotificationEntity,
  CaseTaskEntity,
  CaseEntity,
  HolidayYearEntity,
  NotificationReadEntity,
};

/** Listed explicitly (no globs) so the same list works from ts-node, jest and a compiled build. */
export const ENTITIES = [
  CaseEntity,
  CaseTaskEntity,
  CaseDecisionEntity,
  CaseNotificationEntity,
  NotificationReadEntity,
  AuditEntryEntity,
  HolidayYearEntity,
  ...ORG_MODEL_ENTITIES,
  AccountabilitySummaryEntity,
  ...RECTIFICATION_ENTITIES,
] as const;
