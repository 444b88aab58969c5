export * from './acl';
export * from './authorize';
export * from './config';
export * from './dynsec-admin';
export * from './password';
export * from './project-broker';
export * from './tls';
