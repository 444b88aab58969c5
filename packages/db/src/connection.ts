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

const pools = new WeakMap<object, { pool: Pool; limit: number }>();

export function createDb(options: DbOptions): Db {
  const pool = createUtcPool(poolOptions(options.url, options.connectionLimit));
  const db = new Kysely<Database>({ dialect: new MysqlDialect({ pool }) });
  pools.set(db, { pool, limit: options.connectionLimit ?? 10 });
  return db;
}

export interface PoolUse {
  inUse: number;
  free: number;
  /** Queries waiting for a connection: the pool is too small for the load. */
  queued: number;
  limit: number;
}

/** How a process's pool is used right now (metrics); null for a Db not made by `createDb`. */
export function poolUse(db: Db): PoolUse | null {
  const entry = pools.get(db);
  if (!entry) return null;
  // mysql2 keeps these lists on the pool without typing them.
  const p = entry.pool as unknown as {
    _allConnections?: { length: number };
    _freeConnections?: { length: number };
    _connectionQueue?: { length: number };
  };
  const all = p._allConnections?.length ?? 0;
  const free = p._freeConnections?.length ?? 0;
  return { inUse: all - free, free, queued: p._connectionQueue?.length ?? 0, limit: entry.limit };
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
