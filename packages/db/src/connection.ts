import { Kysely, MysqlDialect } from 'kysely';
import { createPool, type Pool, type PoolOptions } from 'mysql2';
import type { Database } from './schema';

export type Db = Kysely<Database>;

export interface DbOptions {
  url: string;
  /** Pool size; the default suits one process on a small machine. */
  connectionLimit?: number;
}

/** mysql2 options shared by every pool: UTC everywhere, DATE as text, DECIMAL as text, TINYINT(1) as boolean. */
export function poolOptions(url: string, connectionLimit = 10): PoolOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
    database: u.pathname.replace(/^\//, '') || undefined,
    connectionLimit,
    timezone: 'Z',
    dateStrings: ['DATE'],
    decimalNumbers: false,
    supportBigNumbers: true,
    bigNumberStrings: false,
    charset: 'utf8mb4_unicode_ci',
    typeCast(field, next) {
      if (field.type === 'TINY' && field.length === 1) {
        const v = field.string();
        return v === null ? null : v === '1';
      }
      return next();
    },
  };
}

function createUtcPool(options: PoolOptions): Pool {
  const pool = createPool(options);
  pool.on('connection', (conn) => {
    conn.query("SET time_zone = '+00:00'");
  });
  return pool;
}

export function createDb(options: DbOptions): Db {
  return new Kysely<Database>({
    dialect: new MysqlDialect({ pool: createUtcPool(poolOptions(options.url, options.connectionLimit)) }),
  });
}

/** A URL to the same server without a database, to create or drop databases. */
export function serverUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/';
  return u.toString();
}

export function databaseName(url: string): string {
  const name = new URL(url).pathname.replace(/^\//, '');
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Database name must be letters, digits or _: "${name}"`);
  return name;
}
