export * from './activities';
export * from './failures';
export * from './projection';
export * from './search-attributes';
export * from './task-queues';
export * from './case-workflow';
export * from './rectification';
export * from './accountability';
