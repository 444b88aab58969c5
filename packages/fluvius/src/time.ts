export * from './time/brussels-time';
