export * from './attachment.queries';
export * from './case-record.queries';
export * from './case-file-export.queries';
