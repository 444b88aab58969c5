export { sql, type Transaction } from 'kysely';
export {
  createDb,
  type Db,
  type DbOptions,
  databaseName,
  type PoolUse,
  poolOptions,
  poolUse,
  serverUrl,
} from './connection';
export { ER_DUP_ENTRY, isDuplicateKey, isForeignKeyViolation, isTransientDbError } from './errors';
export { readJson, writeJson } from './json';
export * from './schema';
