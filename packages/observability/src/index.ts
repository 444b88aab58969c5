export * from './db-checks';
export * from './fleet';
export * from './health';
export * from './http';
export * from './metrics';
