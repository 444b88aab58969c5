export * from './schema';
export { createDb, databaseName, poolOptions, serverUrl, type Db, type DbOptions } from './connection';
export { readJson, writeJson } from './json';
export { isDuplicateKey, isForeignKeyViolation, ER_DUP_ENTRY } from './errors';
export { sql, type Transaction } from 'kysely';
