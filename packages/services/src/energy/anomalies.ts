import { createHash } from 'node:crypto';
import { type Database, type Db, readJson, type Transaction, writeJson } from '@ilumen/db';
import type { GridConnection, Implausibility } from '@ilumen/energy';

type Trx = Transaction<Database> | Db;

/** The event type of an implausible value (decision 090): on the site's timeline and the support desk's anomaly list. */
export const IMPLAUSIBLE_EVENT = 'data.implausible';

/** Where an implausible value came from. */
export type AnomalySource = 'live' | 'gateway' | 'fluvius';

export interface Anomaly extends Implausibility {
  siteId: number;
  gatewayId?: number | null;
  /** The instant the value was for (a quarter's start, a reading's time as received). */
  ts: Date;
  source: AnomalySource;
  /** What makes noticing the same thing again a no-op (default: site, time, source, field). */
  key?: string;
}

/** A stable event id for something the platform noticed, so noticing it again writes nothing new. */
export function derivedEventUid(...parts: Array<string | number>): string {
  const h = createHash('sha1').update(parts.join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Keeps implausible values as events for the support desk; the same one noticed again writes nothing. */
export async function recordAnomalies(trx: Trx, anomalies: readonly Anomaly[]): Promise<void> {
  if (anomalies.length === 0) return;
  await trx
    .insertInto('events')
    .ignore()
    .values(
      anomalies.map((a) => ({
        site_id: a.siteId,
        gateway_id: a.gatewayId ?? null,
        uid: derivedEventUid(
          IMPLAUSIBLE_EVENT,
          a.siteId,
          a.key ?? `${a.ts.getTime()}|${a.source}|${a.field}`,
        ),
        ts: a.ts,
        type: IMPLAUSIBLE_EVENT,
        payload: writeJson({
          code: a.code,
          field: a.field,
          value: a.value,
          limit: a.limit ?? null,
          source: a.source,
        })!,
      })),
    )
    .execute();
}

/** The sites' grid connections, by site id. */
export async function gridConnections(
  trx: Trx,
  siteIds: readonly number[],
): Promise<Map<number, GridConnection>> {
  if (siteIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('sites')
    .select(['id', 'grid_phases', 'main_fuse_a'])
    .where('id', 'in', [...new Set(siteIds)])
    .execute();
  return new Map(rows.map((r) => [r.id, { gridPhases: r.grid_phases, mainFuseA: r.main_fuse_a }]));
}

/** One implausible value as the support desk reads it. */
export interface AnomalyEntry {
  id: number;
  ts: Date;
  code: Implausibility['code'];
  field: string;
  value: number | string;
  limit: number | string | null;
  source: AnomalySource;
}

/** A site's latest implausible values, newest first. */
export async function recentAnomalies(db: Db, siteId: number, limit = 50): Promise<AnomalyEntry[]> {
  const rows = await db
    .selectFrom('events')
    .select(['id', 'ts', 'payload'])
    .where('site_id', '=', siteId)
    .where('type', '=', IMPLAUSIBLE_EVENT)
    .orderBy('ts', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.flatMap((r) => {
    const p = readJson<Omit<AnomalyEntry, 'id' | 'ts'>>(r.payload);
    return p ? [{ id: r.id, ts: r.ts, ...p, limit: p.limit ?? null }] : [];
  });
}
