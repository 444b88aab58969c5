import { type Db, readJson, sql, writeJson } from '@ilumen/db';
import { futureTime } from '@ilumen/energy';
import type { EnergyPayload } from '@ilumen/mqtt-contract';
import {
  type Anomaly,
  type GatewayQuarter,
  gridConnections,
  recordAnomalies,
  withRetry,
  writeQuarters,
} from '@ilumen/services/energy';
import { type Counters, deriveQuarter } from './derive-quarter';

const QUARTER = 15 * 60 * 1000;

export interface EnergyMessage {
  siteId: number;
  gatewayId: number;
  payload: EnergyPayload;
}

export interface EnergyBatchResult {
  received: number;
  duplicates: number;
  quarters: number;
  anomalies: number;
}

const k = (siteId: number, t: number) => `${siteId}|${t}`;

function countersOf(p: EnergyPayload): Counters {
  const { v: _v, ts: _ts, seq: _seq, ...counters } = p;
  return counters;
}

/** Per site and type (`<siteId>|battery`, `<siteId>|heat`): the key of the site's first device of that type. */
async function siteDeviceKeys(db: Db, siteIds: number[]): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  if (siteIds.length === 0) return keys;
  const rows = await db
    .selectFrom('devices')
    .select(['site_id', 'type', 'device_key'])
    .where('site_id', 'in', siteIds)
    .where('type', 'in', ['battery', 'heat'])
    .orderBy('id')
    .execute();
  for (const r of rows)
    if (!keys.has(`${r.site_id}|${r.type}`)) keys.set(`${r.site_id}|${r.type}`, r.device_key);
  return keys;
}

/**
 * Stores a batch of `energy` messages and the quarters they complete, in one transaction. Each message is a snapshot of
 * cumulative counters at a boundary; a quarter is derived when both of its boundaries are stored, whichever arrives
 * last (out-of-order safe). A repeated message (same site and boundary) changes nothing; a missing boundary leaves a
 * gap. The neighbour lookups lock, so two ingest processes completing the same quarter serialise (a deadlock retries).
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
  const unique = new Map<string, EnergyMessage>();
  const future: Anomaly[] = [];
  for (const m of messages) {
    const key = k(m.siteId, Date.parse(m.payload.ts));
    const ahead = futureTime('ts', m.payload.ts, now);
    if (ahead)
      future.push({
        ...ahead,
        siteId: m.siteId,
        gatewayId: m.gatewayId,
        ts: new Date(now),
        source: 'gateway',
        key: `energy|${m.payload.ts}`,
      });
    else if (!unique.has(key)) unique.set(key, m);
  }
  if (future.length > 0) await withRetry(() => recordAnomalies(db, future));
  const batch = [...unique.values()].sort(
    (a, b) => a.siteId - b.siteId || Date.parse(a.payload.ts) - Date.parse(b.payload.ts),
  );
  if (batch.length === 0)
    return {
      received: messages.length,
      duplicates: messages.length - future.length,
      quarters: 0,
      anomalies: future.length,
    };

  return withRetry(() =>
    db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('energy_counters')
        .select(['site_id', 'ts'])
        .where((eb) =>
          eb.or(
            batch.map((m) => eb.and([eb('site_id', '=', m.siteId), eb('ts', '=', new Date(m.payload.ts))])),
          ),
        )
        .forUpdate()
        .execute();
      const seen = new Set(existing.map((r) => k(r.site_id, r.ts.getTime())));
      const fresh = batch.filter((m) => !seen.has(k(m.siteId, Date.parse(m.payload.ts))));
      const duplicates = messages.length - future.length - fresh.length;
      if (fresh.length === 0)
        return { received: messages.length, duplicates, quarters: 0, anomalies: future.length };
      const connections = await gridConnections(
        trx,
        fresh.map((m) => m.siteId),
      );

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

      // Every boundary next to a new one, from the database (locked) and from this batch.
      const snapshots = new Map<string, Counters>();
      for (const m of fresh) snapshots.set(k(m.siteId, Date.parse(m.payload.ts)), countersOf(m.payload));
      const wanted = new Map<string, { siteId: number; t: number }>();
      for (const m of fresh) {
        const t = Date.parse(m.payload.ts);
        for (const n of [t - QUARTER, t + QUARTER])
          if (!snapshots.has(k(m.siteId, n))) wanted.set(k(m.siteId, n), { siteId: m.siteId, t: n });
      }
      if (wanted.size > 0) {
        const neighbours = await trx
          .selectFrom('energy_counters')
          .select(['site_id', 'ts', 'counters'])
          .where((eb) =>
            eb.or(
              [...wanted.values()].map((w) =>
                eb.and([eb('site_id', '=', w.siteId), eb('ts', '=', new Date(w.t))]),
              ),
            ),
          )
          .forUpdate()
          .execute();
        for (const n of neighbours)
          snapshots.set(k(n.site_id, n.ts.getTime()), readJson<Counters>(n.counters)!);
      }

      const quarters = new Map<string, { write: GatewayQuarter; from: Counters; to: Counters }>();
      const anomalies: Anomaly[] = [];
      for (const m of fresh) {
        const t = Date.parse(m.payload.ts);
        for (const start of [t - QUARTER, t]) {
          const from = snapshots.get(k(m.siteId, start));
          const to = snapshots.get(k(m.siteId, start + QUARTER));
          if (!from || !to || quarters.has(k(m.siteId, start))) continue;
          const d = deriveQuarter(from, to, connections.get(m.siteId));
          for (const a of d.anomalies)
            anomalies.push({
              ...a,
              siteId: m.siteId,
              gatewayId: m.gatewayId,
              ts: new Date(start),
              source: 'gateway',
            });
          quarters.set(k(m.siteId, start), {
            from,
            to,
            write: {
              source: 'gateway',
              siteId: m.siteId,
              ts: new Date(start),
              importWh: d.importWh,
              exportWh: d.exportWh,
              productionWh: d.productionWh,
              batteryChargeWh: d.batteryChargeWh,
              batteryDischargeWh: d.batteryDischargeWh,
              evWh: d.evWh,
              heatWh: d.heatWh,
            },
          });
        }
      }
      const written = await writeQuarters(
        trx,
        [...quarters.values()].map((q) => q.write),
      );

      // Device values per quarter: state at the quarter's end, and the device's own energy in it.
      const deviceRows: Array<{
        site_id: number;
        device_key: string;
        ts: Date;
        soc_pct: number | null;
        temp_c: number | null;
        energy_wh: number | null;
      }> = [];
      // Each under the device's own key (decision 071): the message names its chargers, but gives the battery and
      // the boiler as the site's one value each, which belong to the site's (first) battery and boiler. A site
      // without such a device on the platform keeps no per-device history for it.
      const keys = await siteDeviceKeys(trx, [...new Set([...quarters.values()].map((q) => q.write.siteId))]);
      for (const q of quarters.values()) {
        const { write, from, to } = q;
        const battery = keys.get(`${write.siteId}|battery`);
        const heat = keys.get(`${write.siteId}|heat`);
        if (to.battery && battery)
          deviceRows.push({
            site_id: write.siteId,
            device_key: battery,
            ts: write.ts,
            soc_pct: to.battery.socPct,
            temp_c: null,
            energy_wh: null,
          });
        if (to.heat && heat)
          deviceRows.push({
            site_id: write.siteId,
            device_key: heat,
            ts: write.ts,
            soc_pct: null,
            temp_c: to.heat.tempC,
            energy_wh: write.heatWh ?? null,
          });
        for (const c of to.chargers ?? []) {
          const before = from.chargers?.find((p) => p.id === c.id);
          const wh = before && c.wh >= before.wh ? c.wh - before.wh : null;
          deviceRows.push({
            site_id: write.siteId,
            device_key: c.id,
            ts: write.ts,
            soc_pct: null,
            temp_c: null,
            energy_wh: wh,
          });
        }
      }
      if (deviceRows.length > 0) {
        await trx
          .insertInto('device_qh')
          .values(deviceRows)
          .onDuplicateKeyUpdate({
            soc_pct: sql`VALUES(soc_pct)`,
            temp_c: sql`VALUES(temp_c)`,
            energy_wh: sql`VALUES(energy_wh)`,
          })
          .execute();
      }
      await recordAnomalies(trx, anomalies);
      return {
        received: messages.length,
        duplicates,
        quarters: quarters.size,
        anomalies: future.length + anomalies.length + written.implausible,
      };
    }),
  );
}
