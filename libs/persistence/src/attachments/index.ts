export * from './attachment.queries';
