export * from './activities.module';
export * from './bind-activities';
export * from './calendar.activities';
export * from './projection.activities';
export * from './rectification.activities';
export * from './org.activities';
export * from './case-link.activities';
