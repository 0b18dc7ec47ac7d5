export * from './activities.module';
export * from './bind-activities';
export * from './projection.activities';
