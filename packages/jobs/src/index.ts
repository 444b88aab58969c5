export * from './queues';
export * from './registry';
