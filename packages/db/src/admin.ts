import { createConnection } from 'mysql2/promise';
import { databaseName, poolOptions } from './connection';

async function withServer<T>(
  url: string,
  fn: (run: (sql: string) => Promise<unknown>) => Promise<T>,
): Promise<T> {
  const { host, port, user, password } = poolOptions(url);
  const conn = await createConnection({ host, port, user, password });
  try {
    return await fn((sql) => conn.query(sql));
  } finally {
    await conn.end();
  }
}

export async function ensureDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await withServer(url, (run) =>
    run(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`),
  );
}

export async function dropDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await withServer(url, (run) => run(`DROP DATABASE IF EXISTS \`${name}\``));
}

export async function listDatabases(url: string, prefix: string): Promise<string[]> {
  return withServer(url, async (run) => {
    const [rows] = (await run('SHOW DATABASES')) as [Array<{ Database: string }>];
    return rows.map((r) => r.Database).filter((n) => n.startsWith(prefix));
  });
}
