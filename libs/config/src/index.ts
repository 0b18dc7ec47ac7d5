export * from './app-config';
export * from './app-config.token';
export * from './payload-codec';
export * from './payload-keys';
export * from './tracing';
export * from './checkout-root';
export * from './temporal-connection';
