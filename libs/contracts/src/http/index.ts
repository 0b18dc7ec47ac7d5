export * from './admin';
export * from './auth';
export * from './cases';
export * from './health';
export * from './problem';
export * from './tasks';
