import { type Database, type Db, type FluviusState, sql, type Transaction } from '@ilumen/db';
import { checkQuarter, type GridConnection, localDate, localMonth, monthRange } from '@ilumen/energy';
import type { RawBuilder, SqlBool } from 'kysely';
import { type Anomaly, gridConnections, recordAnomalies } from './anomalies';
import { effectiveGrid } from './precedence';

/**
 * Writing quarter-hour energy for trusted code (the MQTT ingest, the Fluvius sync): one place that merges the two
 * sources, applies the precedence rule and keeps the day and month rollups and the month's capacity peak in step, in
 * the caller's transaction. Writing the same values again changes nothing.
 */
export type Trx = Transaction<Database> | Db;

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
  state: FluviusState;
}

export type QuarterWrite = GatewayQuarter | FluviusQuarter;

interface Row {
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

const key = (siteId: number, ts: Date) => `${siteId}|${ts.getTime()}`;
const emptyRow = (siteId: number, ts: Date): Row => ({
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
  fl_state: null,
  production_wh: null,
  battery_charge_wh: null,
  battery_discharge_wh: null,
  ev_wh: null,
  heat_wh: null,
});

type Totals = Record<'import_wh' | 'export_wh' | EnergyField | 'grid_quarters', number>;
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
 * A condition for the rows of a table keyed on (site_id, ts) with one of the given keys, grouped by time:
 * `(ts = ? AND site_id IN (…)) OR …`. Keys of a batch share few times (a quarter boundary, its neighbours), so this
 * stays a handful of index ranges; an OR of one (site_id AND ts) pair per key makes MariaDB's optimizer give up on
 * the index past a few hundred keys and costs seconds for a thousand (decision 150). Never empty: no keys matches
 * nothing.
 */
export function siteTimeKeys(keys: Iterable<{ siteId: number; ts: Date }>): RawBuilder<SqlBool> {
  const byTime = new Map<number, Set<number>>();
  for (const k of keys) {
    const t = k.ts.getTime();
    const sites = byTime.get(t) ?? new Set<number>();
    sites.add(k.siteId);
    byTime.set(t, sites);
  }
  if (byTime.size === 0) return sql<SqlBool>`FALSE`;
  return sql<SqlBool>`(${sql.join(
    [...byTime].map(([t, sites]) => sql`(ts = ${new Date(t)} AND site_id IN (${sql.join([...sites])}))`),
    sql` OR `,
  )})`;
}

/** Splits `items` into chunks so one statement never grows past what the server takes comfortably. */
function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Grid energy above what the site's connection carries in a quarter (decision 090), from the gateway or from Fluvius,
 * is not energy: the value becomes a gap (so it makes no peak, no cost, no total) and the reason an anomaly event.
 */
async function screenQuarters(
  trx: Trx,
  writes: QuarterWrite[],
  known?: ReadonlyMap<number, GridConnection>,
): Promise<{ writes: QuarterWrite[]; anomalies: Anomaly[] }> {
  const connections =
    known ??
    (await gridConnections(
      trx,
      writes.map((w) => w.siteId),
    ));
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

export async function writeQuarters(
  trx: Trx,
  input: QuarterWrite[],
  /** The sites' grid connections when the caller has just read them (`gridConnections`) in this transaction. */
  options: { connections?: ReadonlyMap<number, GridConnection> } = {},
): Promise<{ changed: number; implausible: number }> {
  if (input.length === 0) return { changed: 0, implausible: 0 };
  const { writes, anomalies } = await screenQuarters(trx, input, options.connections);
  await recordAnomalies(trx, anomalies);
  // Same order for every writer, so two ingest processes lock rows in one order.
  const sorted = [...writes].sort((a, b) => a.siteId - b.siteId || a.ts.getTime() - b.ts.getTime());
  const existing = new Map<string, Row>();
  for (const part of chunks(sorted, 500)) {
    const rows = (await trx
      .selectFrom('energy_qh')
      .selectAll()
      .where(siteTimeKeys(part))
      .forUpdate()
      .execute()) as unknown as Row[];
    for (const r of rows) existing.set(key(r.site_id, r.ts), r);
  }

  const next = new Map<string, Row>();
  for (const w of sorted) {
    const k = key(w.siteId, w.ts);
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

  // What changed, per quarter, as deltas to the rollups; quarters that did not change are not written at all.
  const dayDeltas = new Map<string, { siteId: number; day: string; t: Totals }>();
  const monthDeltas = new Map<
    string,
    { siteId: number; month: string; t: Totals; peakW: number; peakAt: Date | null; lostPeakAt: Date[] }
  >();
  const changedRows: Row[] = [];
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
      'fl_state',
      'grid_source',
      'grid_quality',
    ] as const) {
      if (row[col] !== before[col]) changed = true;
    }
    if (!changed) continue;
    changedRows.push(row);
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
  if (changedRows.length === 0) return { changed: 0, implausible: anomalies.length };

  const now = new Date();
  for (const part of chunks(changedRows, 500)) {
    await trx
      .insertInto('energy_qh')
      .values(part.map((r) => ({ ...r, updated_at: now })))
      .onDuplicateKeyUpdate({
        import_wh: sql`VALUES(import_wh)`,
        export_wh: sql`VALUES(export_wh)`,
        grid_source: sql`VALUES(grid_source)`,
        grid_quality: sql`VALUES(grid_quality)`,
        gw_import_wh: sql`VALUES(gw_import_wh)`,
        gw_export_wh: sql`VALUES(gw_export_wh)`,
        fl_import_wh: sql`VALUES(fl_import_wh)`,
        fl_export_wh: sql`VALUES(fl_export_wh)`,
        fl_state: sql`VALUES(fl_state)`,
        production_wh: sql`VALUES(production_wh)`,
        battery_charge_wh: sql`VALUES(battery_charge_wh)`,
        battery_discharge_wh: sql`VALUES(battery_discharge_wh)`,
        ev_wh: sql`VALUES(ev_wh)`,
        heat_wh: sql`VALUES(heat_wh)`,
        updated_at: sql`VALUES(updated_at)`,
      })
      .execute();
  }

  const addTotals = {
    import_wh: sql<number>`import_wh + VALUES(import_wh)`,
    export_wh: sql<number>`export_wh + VALUES(export_wh)`,
    production_wh: sql<number>`production_wh + VALUES(production_wh)`,
    battery_charge_wh: sql<number>`battery_charge_wh + VALUES(battery_charge_wh)`,
    battery_discharge_wh: sql<number>`battery_discharge_wh + VALUES(battery_discharge_wh)`,
    ev_wh: sql<number>`ev_wh + VALUES(ev_wh)`,
    heat_wh: sql<number>`heat_wh + VALUES(heat_wh)`,
    grid_quarters: sql<number>`grid_quarters + VALUES(grid_quarters)`,
  };
  const days = [...dayDeltas.values()].sort((a, b) => a.siteId - b.siteId || a.day.localeCompare(b.day));
  for (const part of chunks(days, 500)) {
    await trx
      .insertInto('energy_day')
      .values(part.map((d) => ({ site_id: d.siteId, day: d.day, ...d.t })))
      .onDuplicateKeyUpdate(addTotals)
      .execute();
  }
  const months = [...monthDeltas.values()].sort(
    (a, b) => a.siteId - b.siteId || a.month.localeCompare(b.month),
  );
  for (const part of chunks(months, 500)) {
    await trx
      .insertInto('energy_month')
      .values(
        part.map((m) => ({
          site_id: m.siteId,
          month: m.month,
          ...m.t,
          qh_peak_w: m.peakW >= 0 ? m.peakW : null,
          qh_peak_at: m.peakW >= 0 ? m.peakAt : null,
        })),
      )
      .onDuplicateKeyUpdate({
        ...addTotals,
        // The peak's time is set before its value, so the comparison still sees the old value (MySQL assigns left to right).
        qh_peak_at: sql`IF(VALUES(qh_peak_w) IS NOT NULL AND (qh_peak_w IS NULL OR VALUES(qh_peak_w) > qh_peak_w OR (VALUES(qh_peak_w) = qh_peak_w AND VALUES(qh_peak_at) < qh_peak_at)), VALUES(qh_peak_at), qh_peak_at)`,
        qh_peak_w: sql`IF(VALUES(qh_peak_w) IS NOT NULL AND (qh_peak_w IS NULL OR VALUES(qh_peak_w) > qh_peak_w), VALUES(qh_peak_w), qh_peak_w)`,
      })
      .execute();
  }
  // A quarter that went down (a corrected value) may have been the month's peak: then recount that month's peak.
  for (const m of months) {
    if (m.lostPeakAt.length === 0) continue;
    const current = await trx
      .selectFrom('energy_month')
      .select(['qh_peak_at'])
      .where('site_id', '=', m.siteId)
      .where('month', '=', m.month)
      .executeTakeFirst();
    if (!current?.qh_peak_at || !m.lostPeakAt.some((t) => t.getTime() === current.qh_peak_at!.getTime()))
      continue;
    await recomputeMonthPeak(trx, m.siteId, m.month);
  }
  return { changed: changedRows.length, implausible: anomalies.length };
}

/** Recounts a month's capacity peak from its quarters (rare: only when the peak quarter itself went down). */
export async function recomputeMonthPeak(trx: Trx, siteId: number, month: string): Promise<void> {
  const range = monthRange(month);
  const top = await trx
    .selectFrom('energy_qh')
    .select(['ts', 'import_wh'])
    .where('site_id', '=', siteId)
    .where('ts', '>=', new Date(range.start))
    .where('ts', '<', new Date(range.end))
    .where('import_wh', 'is not', null)
    .orderBy('import_wh', 'desc')
    .orderBy('ts', 'asc')
    .limit(1)
    .executeTakeFirst();
  await trx
    .updateTable('energy_month')
    .set({ qh_peak_w: top ? Number(top.import_wh) * 4 : null, qh_peak_at: top?.ts ?? null })
    .where('site_id', '=', siteId)
    .where('month', '=', month)
    .execute();
}

/** The meter's own month peak (P1 1-0:1.6.0), as the gateway reports it live. */
export async function recordMeterPeak(trx: Trx, siteId: number, at: Date, peakW: number): Promise<void> {
  const month = `${localMonth(at)}-01`;
  await trx
    .insertInto('energy_month')
    .values({ site_id: siteId, month, meter_peak_w: peakW, meter_peak_at: at })
    .onDuplicateKeyUpdate({
      meter_peak_w: sql`VALUES(meter_peak_w)`,
      meter_peak_at: sql`VALUES(meter_peak_at)`,
    })
    .execute();
}

/**
 * The meter's own closed months (P1 0-0:98.1.0, sent by the gateway at start and daily): each month's peak filed
 * under its month, so the capacity value knows the months before the gateway came (decision 130). The current month
 * and later are left to the live 1-0:1.6.0; a month without a peak time (empty on the meter) or a peak dated outside
 * its month is not a source. Where our quarters exist the month's reconciled peak still takes the higher of the two
 * (decision 091).
 */
export async function recordMeterPeakHistory(
  trx: Trx,
  siteId: number,
  months: readonly { month: string; w: number; at: string | null }[],
  now: Date,
): Promise<number> {
  const current = localMonth(now.getTime());
  const rows = months.flatMap((m) => {
    if (m.at === null || m.month >= current) return [];
    const at = Date.parse(m.at);
    const range = monthRange(`${m.month}-01`);
    if (!(at >= range.start && at < range.end)) return [];
    return [{ site_id: siteId, month: `${m.month}-01`, meter_peak_w: m.w, meter_peak_at: new Date(at) }];
  });
  if (rows.length === 0) return 0;
  await trx
    .insertInto('energy_month')
    .values(rows)
    .onDuplicateKeyUpdate({
      meter_peak_w: sql`VALUES(meter_peak_w)`,
      meter_peak_at: sql`VALUES(meter_peak_at)`,
    })
    .execute();
  return rows.length;
}
