export * from './trace-back-candidate';
export * from './responsibility-trace-back';
