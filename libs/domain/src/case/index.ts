export * from './dual-investigation';
export * from './human-task';
export * from './stages';
export * from './separation-of-duties';
export * from './recusal';
