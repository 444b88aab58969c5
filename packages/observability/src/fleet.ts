import { type Db, sql } from '@ilumen/db';
import type { Metrics } from './metrics';

/**
 * Gateways online/offline and rollouts by state, counted in MariaDB at most every `everyMs` however often Prometheus
 * scrapes (a count over 100,000 gateways is not free). A rollout the engine paused by itself (no user paused it) is
 * `auto_paused`, what an operator is woken for.
 */
export function watchFleet(metrics: Metrics, db: Db, everyMs = 15_000): void {
  let last = 0;
  metrics.onScrape(async () => {
    if (Date.now() - last < everyMs) return;
    last = Date.now();
    const gateways = await sql<{ online: number; n: number }>`
      SELECT online, COUNT(*) AS n FROM gateways WHERE site_id IS NOT NULL GROUP BY online`.execute(db);
    metrics.gateways.set({ state: 'online' }, 0);
    metrics.gateways.set({ state: 'offline' }, 0);
    for (const r of gateways.rows)
      metrics.gateways.set({ state: r.online ? 'online' : 'offline' }, Number(r.n));
    const rollouts = await sql<{ state: string; n: number }>`
      SELECT IF(status = 'paused' AND paused_by_user_id IS NULL, 'auto_paused', status) AS state, COUNT(*) AS n
      FROM rollouts GROUP BY state`.execute(db);
    for (const state of ['running', 'paused', 'auto_paused', 'completed', 'aborted'])
      metrics.rollouts.set({ state }, 0);
    for (const r of rollouts.rows) metrics.rollouts.set({ state: r.state }, Number(r.n));
  });
}
