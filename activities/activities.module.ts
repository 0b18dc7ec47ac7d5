import { Module } from '@nestjs/common';
import { ProjectionActivitiesImpl } from './projection.activities';

/**
 * Activity providers for the worker. Needs the `DataSource` that `PersistenceModule.forRootAsync()`
 * registers globally; import both in the worker's root module.
 */
@Module({
  providers: [ProjectionActivitiesImpl],
  exports: [ProjectionActivitiesImpl],
})
export class ActivitiesModule {}
