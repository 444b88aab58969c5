import {
  connectionQuarterLimitWh,
  counterDelta,
  DEVICE_QUARTER_MAX_WH,
  futureTime,
  type GridConnection,
  type Implausibility,
} from '@ilumen/energy';
import type { EnergyPayload } from '@ilumen/mqtt-contract';
import type { Anomaly, GatewayQuarter } from '@ilumen/services/energy';

/** The counters of one `energy` message, as stored in energy_counters. */
export type Counters = Omit<EnergyPayload, 'v' | 'ts' | 'seq'>;

export interface DerivedQuarter {
  importWh: number | null;
  exportWh: number | null;
  productionWh: number | null;
  batteryChargeWh: number | null;
  batteryDischargeWh: number | null;
  evWh: number | null;
  heatWh: number | null;
  /** Registers whose counter went down or jumped impossibly: a reset or a swapped meter; that value stays a gap. */
  anomalies: Implausibility[];
}

/**
 * The energy of the quarter between two consecutive boundaries: the later counters minus the earlier ones, register by
 * register. Pure; gaps and anomalies give `null` for that value rather than an invented number. The grid registers
 * may move at most what the site's connection carries in a quarter (decision 090); without a known connection, and
 * for the devices behind the meter, at most `DEVICE_QUARTER_MAX_WH`.
 */
export function deriveQuarter(prev: Counters, next: Counters, connection?: GridConnection): DerivedQuarter {
  const anomalies: Implausibility[] = [];
  const gridMax = connection ? connectionQuarterLimitWh(connection) : DEVICE_QUARTER_MAX_WH;
  const grid = connection ? ('over-connection' as const) : ('counter-jump' as const);
  const delta = (
    field: string,
    from: number | undefined,
    to: number | undefined,
    max = DEVICE_QUARTER_MAX_WH,
    overCode: 'counter-jump' | 'over-connection' = 'counter-jump',
  ) => {
    const d = counterDelta(field, from, to, max, overCode);
    if (d.anomaly) anomalies.push(d.anomaly);
    return d.wh;
  };
  const sum = (a?: number, b?: number) => (a === undefined || b === undefined ? undefined : a + b);
  const importWh = delta(
    'meter.import',
    sum(prev.meter?.importT1Wh, prev.meter?.importT2Wh),
    sum(next.meter?.importT1Wh, next.meter?.importT2Wh),
    gridMax,
    grid,
  );
  const exportWh = delta(
    'meter.export',
    sum(prev.meter?.exportT1Wh, prev.meter?.exportT2Wh),
    sum(next.meter?.exportT1Wh, next.meter?.exportT2Wh),
    gridMax,
    grid,
  );
  const productionWh = delta('pv', prev.pv?.wh, next.pv?.wh);
  const batteryChargeWh = delta('battery.charged', prev.battery?.chargedWh, next.battery?.chargedWh);
  const batteryDischargeWh = delta(
    'battery.discharged',
    prev.battery?.dischargedWh,
    next.battery?.dischargedWh,
  );
  const heatWh = delta('heat', prev.heat?.wh, next.heat?.wh);
  let evWh: number | null = null;
  if (next.chargers && prev.chargers) {
    let total = 0;
    let any = false;
    for (const c of next.chargers) {
      const before = prev.chargers.find((p) => p.id === c.id);
      const d = delta(`charger.${c.id}`, before?.wh, c.wh);
      if (d !== null) {
        total += d;
        any = true;
      }
    }
    evWh = any ? total : null;
  }
  return { importWh, exportWh, productionWh, batteryChargeWh, batteryDischargeWh, evWh, heatWh, anomalies };
}

export const QUARTER_MS = 15 * 60 * 1000;

/** One `energy` message of a known gateway on a site. */
export interface EnergyMessage {
  siteId: number;
  gatewayId: number;
  payload: EnergyPayload;
}

/** A boundary: a site's counters at the start of a quarter (ms since the epoch). */
export const boundaryKey = (siteId: number, t: number) => `${siteId}|${t}`;

export function countersOf(p: EnergyPayload): Counters {
  const { v: _v, ts: _ts, seq: _seq, ...counters } = p;
  return counters;
}

/** A quarter's device values: state at the quarter's end, and the device's own energy in it. */
export interface DeviceQuarterRow {
  site_id: number;
  device_key: string;
  ts: Date;
  soc_pct: number | null;
  temp_c: number | null;
  energy_wh: number | null;
}

/** What a batch of new boundaries completes: quarters, their device values and what was implausible in them. */
export interface DerivedBatch {
  quarters: GatewayQuarter[];
  devices: DeviceQuarterRow[];
  anomalies: Anomaly[];
}

/**
 * The batch as it will be written: one message per site and boundary (a repeat within the batch changes nothing),
 * sorted by site and time (so every writer locks rows in one order), and the boundaries dated in the future, which
 * are not stored (decision 090) but kept as anomalies.
 */
export function planEnergyBatch(
  messages: readonly EnergyMessage[],
  now: number,
): { batch: EnergyMessage[]; future: Anomaly[] } {
  const unique = new Map<string, EnergyMessage>();
  const future: Anomaly[] = [];
  for (const m of messages) {
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
    else {
      const key = boundaryKey(m.siteId, Date.parse(m.payload.ts));
      if (!unique.has(key)) unique.set(key, m);
    }
  }
  const batch = [...unique.values()].sort(
    (a, b) => a.siteId - b.siteId || Date.parse(a.payload.ts) - Date.parse(b.payload.ts),
  );
  return { batch, future };
}

/** The stored boundaries a batch needs: its own (a stored one is a repeat) and each one's two neighbours. */
export function boundariesToRead(batch: readonly EnergyMessage[]): Array<{ siteId: number; ts: Date }> {
  const wanted = new Map<string, { siteId: number; ts: Date }>();
  for (const m of batch) {
    const t = Date.parse(m.payload.ts);
    for (const n of [t - QUARTER_MS, t, t + QUARTER_MS])
      wanted.set(boundaryKey(m.siteId, n), { siteId: m.siteId, ts: new Date(n) });
  }
  return [...wanted.values()];
}

/**
 * The quarters new boundaries complete (`fresh`, not stored before), with their stored neighbours (`stored`, by
 * `boundaryKey`): a quarter is derived when both of its boundaries are known, whichever arrived last (out-of-order
 * safe); a missing boundary leaves a gap. Pure.
 */
export function deriveBatch(
  fresh: readonly EnergyMessage[],
  stored: ReadonlyMap<string, Counters>,
  connections: ReadonlyMap<number, GridConnection>,
  /** `<siteId>|battery`, `<siteId>|heat` → the key of the site's (first) device of that type. */
  deviceKeys: ReadonlyMap<string, string> = new Map(),
): DerivedBatch {
  const snapshots = new Map(stored);
  for (const m of fresh)
    snapshots.set(boundaryKey(m.siteId, Date.parse(m.payload.ts)), countersOf(m.payload));
  const quarters = new Map<string, { write: GatewayQuarter; from: Counters; to: Counters }>();
  const anomalies: Anomaly[] = [];
  for (const m of fresh) {
    const t = Date.parse(m.payload.ts);
    for (const start of [t - QUARTER_MS, t]) {
      const from = snapshots.get(boundaryKey(m.siteId, start));
      const to = snapshots.get(boundaryKey(m.siteId, start + QUARTER_MS));
      if (!from || !to || quarters.has(boundaryKey(m.siteId, start))) continue;
      const d = deriveQuarter(from, to, connections.get(m.siteId));
      for (const a of d.anomalies)
        anomalies.push({
          ...a,
          siteId: m.siteId,
          gatewayId: m.gatewayId,
          ts: new Date(start),
          source: 'gateway',
        });
      quarters.set(boundaryKey(m.siteId, start), {
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
  // Each under the device's own key (decision 071): the message names its chargers, but gives the battery and the
  // boiler as the site's one value each, which belong to the site's (first) battery and boiler. A site without such a
  // device on the platform keeps no per-device history for it.
  const devices: DeviceQuarterRow[] = [];
  for (const { write, from, to } of quarters.values()) {
    const row = { site_id: write.siteId, ts: write.ts, soc_pct: null, temp_c: null, energy_wh: null };
    const battery = deviceKeys.get(`${write.siteId}|battery`);
    const heat = deviceKeys.get(`${write.siteId}|heat`);
    if (to.battery && battery) devices.push({ ...row, device_key: battery, soc_pct: to.battery.socPct });
    if (to.heat && heat)
      devices.push({ ...row, device_key: heat, temp_c: to.heat.tempC, energy_wh: write.heatWh ?? null });
    for (const c of to.chargers ?? []) {
      const before = from.chargers?.find((p) => p.id === c.id);
      const wh = before && c.wh >= before.wh ? c.wh - before.wh : null;
      devices.push({ ...row, device_key: c.id, energy_wh: wh });
    }
  }
  return { quarters: [...quarters.values()].map((q) => q.write), devices, anomalies };
}
