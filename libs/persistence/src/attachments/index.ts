export * from './attachment.queries';
export * from './case-record.queries';
