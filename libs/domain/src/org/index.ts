export * from './interval';
export * from './org-snapshot';
export * from './org-queries';
export * from './validate-org-snapshot';
export * from './parse-org-snapshot';
export * from './people-directory';
export * from './jurisdiction-units';
export * from './candidate-org-chart';
