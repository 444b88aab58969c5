export * from './registry';
export * from './queues';
