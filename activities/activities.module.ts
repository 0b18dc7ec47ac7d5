import { Module, type Type } from '@nestjs/common';
import { CalendarActivitiesImpl } from './calendar.activities';
import { CaseLinkActivitiesImpl } from './case-link.activities';
import { OrgActivitiesImpl } from './org.activities';
import { ProjectionActivitiesImpl } from './projection.activities';
import { RectificationActivitiesImpl } from './rectification.activities';

/**
 * Every activity class the worker registers. Each is an @Injectable whose public methods are activities
 * (see bindActivities); add a new class here and the worker picks it up.
 */
export const ACTIVITY_CLASSES: Type<object>[] = [
  ProjectionActivitiesImpl,
  CalendarActivitiesImpl,
  RectificationActivitiesImpl,
  OrgActivitiesImpl,
  CaseLinkActivitiesImpl,
];

/**
 * Activity providers for the worker. Needs the `DataSource` that `PersistenceModule.forRootAsync()`
 * registers globally; import both in the worker's root module.
 */
@Module({
  providers: [...ACTIVITY_CLASSES],
  exports: [...ACTIVITY_CLASSES],
})
export class ActivitiesModule {}
