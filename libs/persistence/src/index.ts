// data-source.ts is left out on purpose: it reads the environment at import, for the TypeORM CLI only.
export * from './audit';
export * from './create-data-source';
export * from './entities';
export { MIGRATIONS } from './migrations';
export * from './persistence.module';
export * from './read-model/need-to-know';
export * from './read-model/projection-writes';
export * from './read-model/projection.mapper';
export * from './read-model/supervision.queries';
export * from './read-model/notification.queries';
export * from './read-model/task-inbox.queries';
export * from './read-model/rectification-writes';
export * from './read-model/rectification.mapper';
export * from './read-model/rectification.queries';
export * from './schema';
export * from './org';
export * from './cases/case-numbers';
export * from './storage';
