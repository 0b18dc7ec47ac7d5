export * from './accountability-summary.writes';
export * from './org-snapshot-hash';
export * from './org.mapper';
export * from './org.repository';
export * from './sample-org.seed';
export * from './people.queries';
