import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase, listDatabases } from './admin';
import { createDb, type Db } from './connection';
import { migrateToLatest } from './migrator';

export interface TestDb {
  db: Db;
  url: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

const SERVER = process.env.TEST_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306/';

/**
 * A fresh, migrated database of its own for one test file (or one test worker), on the local MariaDB.
 * Names start with `t_` so stale ones from crashed runs can be swept by `sweepTestDatabases`.
 */
export async function createTestDb(
  label = 'test',
  options: { connectionLimit?: number } = {},
): Promise<TestDb> {
  const safe = label.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 30);
  const name = `t_${safe}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = new URL(name, SERVER).toString();
  await ensureDatabase(url);
  const db = createDb({ url, connectionLimit: options.connectionLimit ?? 5 });
  await migrateToLatest(db);
  return {
    db,
    url,
    async drop() {
      await db.destroy();
      await dropDatabase(url);
    },
  };
}

/** Drops test databases older than `maxAgeMs` (left behind by killed runs). */
export async function sweepTestDatabases(maxAgeMs = 6 * 3600_000): Promise<number> {
  const names = await listDatabases(SERVER, 't_');
  let dropped = 0;
  for (const name of names) {
    const stamp = name.split('_').at(-2);
    const created = stamp ? Number.parseInt(stamp, 36) : Number.NaN;
    if (Number.isFinite(created) && Date.now() - created > maxAgeMs) {
      await dropDatabase(new URL(name, SERVER).toString());
      dropped++;
    }
  }
  return dropped;
}
