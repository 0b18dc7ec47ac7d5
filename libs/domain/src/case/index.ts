export * from './dual-investigation';
export * from './human-task';
export * from './stages';
export * from './separation-of-duties';
export * from './recusal';
export * from './commission-posts';
export * from './participant-proposal';
export * from './participant-check';
