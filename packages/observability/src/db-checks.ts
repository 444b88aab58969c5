import { type Db, poolUse, sql } from '@ilumen/db';
import { pendingMigrations } from '@ilumen/db/migrator';
import type { Check } from './health';
import type { Metrics } from './metrics';

/** MariaDB answers a query through the process's own pool. */
export const databaseCheck =
  (db: Db): Check =>
  async () => {
    await sql`SELECT 1`.execute(db);
  };

/**
 * The database has run every migration this code knows: a process of a newer release waits (unready) until the
 * upgrade's migration has run, instead of taking traffic against an older schema (docs/operations.md, upgrades).
 */
export const migrationsCheck =
  (db: Db): Check =>
  async () => {
    const pending = await pendingMigrations(db);
    if (pending.length > 0) throw new Error(`migrations not run: ${pending.join(', ')}`);
  };

/** The pool gauge, read at each scrape. */
export function watchPool(metrics: Metrics, db: Db): void {
  metrics.onScrape(async () => {
    const use = poolUse(db);
    if (!use) return;
    metrics.dbPool.set({ state: 'in_use' }, use.inUse);
    metrics.dbPool.set({ state: 'free' }, use.free);
    metrics.dbPool.set({ state: 'queued' }, use.queued);
    metrics.dbPool.set({ state: 'limit' }, use.limit);
  });
}
