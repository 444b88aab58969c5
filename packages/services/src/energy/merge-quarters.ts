import type { FluviusState } from '@ilumen/db';
import { checkQuarter, type GridConnection, localDate, localMonth } from '@ilumen/energy';
import type { Anomaly } from './anomalies';
import { effectiveGrid } from './precedence';

/**
 * What `writeQuarters` decides, without a database: which values are refused as implausible, how a write merges into
 * the stored quarter under the precedence rule, and what the changed quarters add to the day and month rollups.
 * `store.ts` only reads the rows these take and writes the rows they return.
 */

export const ENERGY_FIELDS = [
  'production_wh',
  'battery_charge_wh',
  'battery_discharge_wh',
  'ev_wh',
  'heat_wh',
] as const;
type EnergyField = (typeof ENERGY_FIELDS)[number];

export interface GatewayQuarter {
  source: 'gateway';
  siteId: number;
  /** The quarter's start (UTC, on :00/:15/:30/:45). */
  ts: Date;
  importWh?: number | null;
  exportWh?: number | null;
  productionWh?: number | null;
  batteryChargeWh?: number | null;
  batteryDischargeWh?: number | null;
  evWh?: number | null;
  heatWh?: number | null;
}

export interface FluviusQuarter {
  source: 'fluvius';
  siteId: number;
  ts: Date;
  importWh: number | null;
  exportWh: number | null;
  /**
   * Of `importWh`, what the meter's night register counted ("Afname Nacht", the API's `night`); absent or null when
   * Fluvius gave the quarter as one total register (decision 300).
   */
  importNightWh?: number | null;
  state: FluviusState;
}

export type QuarterWrite = GatewayQuarter | FluviusQuarter;

/** A stored `energy_qh` row. */
export interface QuarterRow {
  site_id: number;
  ts: Date;
  import_wh: number | null;
  export_wh: number | null;
  grid_source: 'gateway' | 'fluvius' | null;
  grid_quality: 'measured' | 'read' | 'validated' | 'estimated' | 'not_validated' | null;
  gw_import_wh: number | null;
  gw_export_wh: number | null;
  fl_import_wh: number | null;
  fl_export_wh: number | null;
  fl_import_night_wh: number | null;
  fl_state: FluviusState | null;
  production_wh: number | null;
  battery_charge_wh: number | null;
  battery_discharge_wh: number | null;
  ev_wh: number | null;
  heat_wh: number | null;
}

const GATEWAY_FIELD: Record<EnergyField, keyof GatewayQuarter> = {
  production_wh: 'productionWh',
  battery_charge_wh: 'batteryChargeWh',
  battery_discharge_wh: 'batteryDischargeWh',
  ev_wh: 'evWh',
  heat_wh: 'heatWh',
};

export const quarterKey = (siteId: number, ts: Date) => `${siteId}|${ts.getTime()}`;

/** A quarter nothing was written to yet. */
export const emptyRow = (siteId: number, ts: Date): QuarterRow => ({
  site_id: siteId,
  ts,
  import_wh: null,
  export_wh: null,
  grid_source: null,
  grid_quality: null,
  gw_import_wh: null,
  gw_export_wh: null,
  fl_import_wh: null,
  fl_export_wh: null,
  fl_import_night_wh: null,
  fl_state: null,
  production_wh: null,
  battery_charge_wh: null,
  battery_discharge_wh: null,
  ev_wh: null,
  heat_wh: null,
});

/** What a set of quarters adds to a day's or a month's totals. */
export type Totals = Record<'import_wh' | 'export_wh' | EnergyField | 'grid_quarters', number>;
const zeroTotals = (): Totals => ({
  import_wh: 0,
  export_wh: 0,
  production_wh: 0,
  battery_charge_wh: 0,
  battery_discharge_wh: 0,
  ev_wh: 0,
  heat_wh: 0,
  grid_quarters: 0,
});

/**
 * Grid energy above what the site's connection carries in a quarter (decision 090), from the gateway or from Fluvius,
 * is not energy: the value becomes a gap (so it makes no peak, no cost, no total) and the reason an anomaly event.
 */
export function screenQuarters(
  writes: readonly QuarterWrite[],
  connections: ReadonlyMap<number, GridConnection>,
): { writes: QuarterWrite[]; anomalies: Anomaly[] } {
  const anomalies: Anomaly[] = [];
  const screened = writes.map((w) => {
    const connection = connections.get(w.siteId);
    const found = connection ? checkQuarter(w, connection) : [];
    if (found.length === 0) return w;
    for (const f of found) anomalies.push({ ...f, siteId: w.siteId, ts: w.ts, source: w.source });
    const refused = new Set(found.map((f) => f.field));
    return {
      ...w,
      ...(refused.has('importWh') ? { importWh: null } : {}),
      ...(refused.has('exportWh') ? { exportWh: null } : {}),
    };
  });
  return { writes: screened, anomalies };
}

/** The writes in the one order every writer uses, so two ingest processes lock rows in one order. */
export function lockOrder(writes: readonly QuarterWrite[]): QuarterWrite[] {
  return [...writes].sort((a, b) => a.siteId - b.siteId || a.ts.getTime() - b.ts.getTime());
}

/**
 * Each quarter as it stands after the writes (keyed by `quarterKey`): the gateway's values where it sent one, the
 * Fluvius values and state, and the effective grid values and their source by the precedence rule (decision 005).
 * Later writes for the same quarter apply on top of earlier ones.
 */
export function mergeQuarters(
  existing: ReadonlyMap<string, QuarterRow>,
  writes: readonly QuarterWrite[],
): Map<string, QuarterRow> {
  const next = new Map<string, QuarterRow>();
  for (const w of writes) {
    const k = quarterKey(w.siteId, w.ts);
    const base = next.get(k) ?? { ...(existing.get(k) ?? emptyRow(w.siteId, w.ts)) };
    if (w.source === 'gateway') {
      if (w.importWh !== undefined) base.gw_import_wh = w.importWh;
      if (w.exportWh !== undefined) base.gw_export_wh = w.exportWh;
      for (const f of ENERGY_FIELDS) {
        const v = w[GATEWAY_FIELD[f]] as number | null | undefined;
        if (v !== undefined) base[f] = v;
      }
    } else {
      base.fl_import_wh = w.importWh;
      base.fl_export_wh = w.exportWh;
      base.fl_import_night_wh = w.importWh === null ? null : (w.importNightWh ?? null);
      base.fl_state = w.state;
    }
    const eff = effectiveGrid({
      gwImportWh: base.gw_import_wh,
      gwExportWh: base.gw_export_wh,
      flImportWh: base.fl_import_wh,
      flExportWh: base.fl_export_wh,
      flState: base.fl_state,
    });
    base.import_wh = eff.importWh;
    base.export_wh = eff.exportWh;
    base.grid_source = eff.source;
    base.grid_quality = eff.quality;
    next.set(k, base);
  }
  return next;
}

export interface DayDelta {
  siteId: number;
  /** The Brussels day, `YYYY-MM-DD`. */
  day: string;
  t: Totals;
}

export interface MonthDelta {
  siteId: number;
  /** The Brussels month's first day, `YYYY-MM-01`. */
  month: string;
  t: Totals;
  /** The highest average import power (W) among the changed quarters; -1 when none has an import value. */
  peakW: number;
  peakAt: Date | null;
  /** Changed quarters whose import went down: if one was the month's peak, the peak must be recounted. */
  lostPeakAt: Date[];
}

export interface QuarterChanges {
  /** The quarters that differ from what is stored, in lock order; the others are not written at all. */
  rows: QuarterRow[];
  /** What the changed quarters add to each day, by site and day. */
  days: DayDelta[];
  /** What they add to each month, with the month's candidate peak, by site and month. */
  months: MonthDelta[];
}

/** What changed, per quarter, as deltas to the day and month rollups (Europe/Brussels days and months). */
export function quarterChanges(
  existing: ReadonlyMap<string, QuarterRow>,
  next: ReadonlyMap<string, QuarterRow>,
): QuarterChanges {
  const dayDeltas = new Map<string, DayDelta>();
  const monthDeltas = new Map<string, MonthDelta>();
  const rows: QuarterRow[] = [];
  for (const [k, row] of next) {
    const before = existing.get(k) ?? emptyRow(row.site_id, row.ts);
    const delta = zeroTotals();
    let changed = false;
    for (const col of ['import_wh', 'export_wh', ...ENERGY_FIELDS] as const) {
      delta[col] = (row[col] ?? 0) - (before[col] ?? 0);
      if (row[col] !== before[col]) changed = true;
    }
    delta.grid_quarters = (row.import_wh !== null ? 1 : 0) - (before.import_wh !== null ? 1 : 0);
    for (const col of [
      'gw_import_wh',
      'gw_export_wh',
      'fl_import_wh',
      'fl_export_wh',
      'fl_import_night_wh',
      'fl_state',
      'grid_source',
      'grid_quality',
    ] as const) {
      if (row[col] !== before[col]) changed = true;
    }
    if (!changed) continue;
    rows.push(row);
    const day = localDate(row.ts);
    const month = `${localMonth(row.ts)}-01`;
    const dk = `${row.site_id}|${day}`;
    const mk = `${row.site_id}|${month}`;
    const d = dayDeltas.get(dk) ?? { siteId: row.site_id, day, t: zeroTotals() };
    const m = monthDeltas.get(mk) ?? {
      siteId: row.site_id,
      month,
      t: zeroTotals(),
      peakW: -1,
      peakAt: null,
      lostPeakAt: [],
    };
    for (const col of Object.keys(delta) as Array<keyof Totals>) {
      d.t[col] += delta[col];
      m.t[col] += delta[col];
    }
    const avgW = row.import_wh === null ? -1 : row.import_wh * 4;
    if (avgW > m.peakW || (avgW === m.peakW && m.peakAt && row.ts < m.peakAt)) {
      m.peakW = avgW;
      m.peakAt = row.ts;
    }
    if (before.import_wh !== null && (row.import_wh ?? -1) < before.import_wh) m.lostPeakAt.push(row.ts);
    dayDeltas.set(dk, d);
    monthDeltas.set(mk, m);
  }
  return {
    rows,
    days: [...dayDeltas.values()].sort((a, b) => a.siteId - b.siteId || a.day.localeCompare(b.day)),
    months: [...monthDeltas.values()].sort((a, b) => a.siteId - b.siteId || a.month.localeCompare(b.month)),
  };
}
