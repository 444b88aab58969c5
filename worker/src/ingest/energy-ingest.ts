import { type Database, type Db, readJson, sql, type Transaction, writeJson } from '@ilumen/db';
import type { GridConnection } from '@ilumen/energy';
import {
  gridConnections,
  recordAnomalies,
  siteTimeKeys,
  withRetry,
  writeQuarters,
} from '@ilumen/services/energy';
import {
  boundariesToRead,
  boundaryKey,
  type Counters,
  countersOf,
  type DerivedBatch,
  deriveBatch,
  type EnergyMessage,
  planEnergyBatch,
} from './derive-quarter';

export type { EnergyMessage } from './derive-quarter';

type Trx = Transaction<Database>;

export interface EnergyBatchResult {
  received: number;
  duplicates: number;
  quarters: number;
  anomalies: number;
}

/**
 * Stores a batch of `energy` messages and the quarters they complete, in one transaction. Each message is a snapshot of
 * cumulative counters at a boundary; what a boundary completes is derived in `deriveBatch` (pure), this function only
 * reads and writes. A repeated message (same site and boundary) changes nothing. The boundaries read are locked, so
 * two ingest processes (or two batches in flight) completing the same quarter serialise (a deadlock retries).
 *
 * Plausibility (decision 090): a boundary dated in the future is not stored (it would complete quarters that have
 * not happened); grid registers that moved more than the site's connection carries in a quarter, and counters that
 * went down, leave that value a gap. Each is kept as a `data.implausible` event for the support desk.
 */
export async function ingestEnergyBatch(
  db: Db,
  messages: EnergyMessage[],
  now: number = Date.now(),
): Promise<EnergyBatchResult> {
  const { batch, future } = planEnergyBatch(messages, now);
  if (future.length > 0) await withRetry(() => recordAnomalies(db, future));
  const received = messages.length;
  if (batch.length === 0)
    return { received, duplicates: received - future.length, quarters: 0, anomalies: future.length };

  return withRetry(() =>
    db.transaction().execute(async (trx) => {
      const stored = await readBoundaries(trx, batch);
      const fresh = batch.filter((m) => !stored.has(boundaryKey(m.siteId, Date.parse(m.payload.ts))));
      const duplicates = received - future.length - fresh.length;
      if (fresh.length === 0) return { received, duplicates, quarters: 0, anomalies: future.length };
      const connections = await gridConnections(
        trx,
        fresh.map((m) => m.siteId),
      );
      await insertBoundaries(trx, fresh);
      const derived = deriveBatch(
        fresh,
        stored,
        connections,
        await siteDeviceKeys(
          trx,
          fresh.map((m) => m.siteId),
        ),
      );
      const implausible = await writeDerived(trx, derived, connections);
      return {
        received,
        duplicates,
        quarters: derived.quarters.length,
        anomalies: future.length + derived.anomalies.length + implausible,
      };
    }),
  );
}

/** Per site and type (`<siteId>|battery`, `<siteId>|heat`): the key of the site's first device of that type. */
async function siteDeviceKeys(trx: Trx, siteIds: number[]): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  if (siteIds.length === 0) return keys;
  const rows = await trx
    .selectFrom('devices')
    .select(['site_id', 'type', 'device_key'])
    .where('site_id', 'in', [...new Set(siteIds)])
    .where('type', 'in', ['battery', 'heat'])
    .orderBy('id')
    .execute();
  for (const r of rows)
    if (!keys.has(`${r.site_id}|${r.type}`)) keys.set(`${r.site_id}|${r.type}`, r.device_key);
  return keys;
}

/** The stored boundaries the batch needs (its own and their neighbours), locked, in one statement. */
async function readBoundaries(trx: Trx, batch: EnergyMessage[]): Promise<Map<string, Counters>> {
  const keys = boundariesToRead(batch);
  const rows = await trx
    .selectFrom('energy_counters')
    .select(['site_id', 'ts', 'counters'])
    .where(siteTimeKeys(keys))
    .forUpdate()
    .execute();
  return new Map(rows.map((r) => [boundaryKey(r.site_id, r.ts.getTime()), readJson<Counters>(r.counters)!]));
}

async function insertBoundaries(trx: Trx, fresh: EnergyMessage[]): Promise<void> {
  await trx
    .insertInto('energy_counters')
    .values(
      fresh.map((m) => ({
        site_id: m.siteId,
        ts: new Date(m.payload.ts),
        gateway_id: m.gatewayId,
        seq: m.payload.seq,
        counters: writeJson(countersOf(m.payload))!,
      })),
    )
    .execute();
}

/** Quarters (with their rollups), device values and anomalies; returns how many quarter values were implausible. */
async function writeDerived(
  trx: Trx,
  derived: DerivedBatch,
  connections: Map<number, GridConnection>,
): Promise<number> {
  const written = await writeQuarters(trx, derived.quarters, { connections });
  if (derived.devices.length > 0)
    await trx
      .insertInto('device_qh')
      .values(derived.devices)
      .onDuplicateKeyUpdate({
        soc_pct: sql`VALUES(soc_pct)`,
        temp_c: sql`VALUES(temp_c)`,
        energy_wh: sql`VALUES(energy_wh)`,
      })
      .execute();
  await recordAnomalies(trx, derived.anomalies);
  return written.implausible;
}
