export * from './rectification-item';
export * from './rectification-list';
export * from './list-import';
export * from './supervision';
export * from './item-deadline';
export * from './cited-evidence';
export * from './recheck';
