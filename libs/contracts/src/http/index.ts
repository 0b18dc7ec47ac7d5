export * from './admin';
export * from './audit';
export * from './auth';
export * from './cases';
export * from './health';
export * from './problem';
export * from './supervision';
export * from './tasks';
