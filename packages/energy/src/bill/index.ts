export * from './compare';
export * from './model';
