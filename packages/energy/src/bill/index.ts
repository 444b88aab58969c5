export * from './compare';
export * from './model';
export * from './session';
