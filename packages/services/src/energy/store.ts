import { type Database, type Db, sql, type Transaction } from '@ilumen/db';
import { type GridConnection, localMonth, monthRange } from '@ilumen/energy';
import type { RawBuilder, SqlBool } from 'kysely';
import { gridConnections, recordAnomalies } from './anomalies';
import {
  type DayDelta,
  lockOrder,
  type MonthDelta,
  mergeQuarters,
  type QuarterRow,
  type QuarterWrite,
  quarterChanges,
  quarterKey,
  screenQuarters,
} from './merge-quarters';

export type { FluviusQuarter, GatewayQuarter, QuarterWrite } from './merge-quarters';

/**
 * Writing quarter-hour energy for trusted code (the MQTT ingest, the Fluvius sync): one place that merges the two
 * sources, applies the precedence rule and keeps the day and month rollups and the month's capacity peak in step, in
 * the caller's transaction. Writing the same values again changes nothing.
 */
export type Trx = Transaction<Database> | Db;

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
 * Writes the quarters: screens them against the sites' connections, merges them into the stored rows and adds what
 * changed to the day and month rollups and the month's peak; the deciding is `merge-quarters.ts`, this is the reads
 * and writes around it.
 */
export async function writeQuarters(
  trx: Trx,
  input: QuarterWrite[],
  /** The sites' grid connections when the caller has just read them (`gridConnections`) in this transaction. */
  options: { connections?: ReadonlyMap<number, GridConnection> } = {},
): Promise<{ changed: number; implausible: number }> {
  if (input.length === 0) return { changed: 0, implausible: 0 };
  const connections =
    options.connections ??
    (await gridConnections(
      trx,
      input.map((w) => w.siteId),
    ));
  const { writes, anomalies } = screenQuarters(input, connections);
  await recordAnomalies(trx, anomalies);
  const sorted = lockOrder(writes);
  const existing = await lockQuarters(trx, sorted);
  const changes = quarterChanges(existing, mergeQuarters(existing, sorted));
  if (changes.rows.length === 0) return { changed: 0, implausible: anomalies.length };
  await upsertQuarters(trx, changes.rows);
  await addToDays(trx, changes.days);
  await addToMonths(trx, changes.months);
  await recountLostPeaks(trx, changes.months);
  return { changed: changes.rows.length, implausible: anomalies.length };
}

/** The stored quarters the writes touch, locked for this transaction, by `quarterKey`. */
async function lockQuarters(trx: Trx, sorted: QuarterWrite[]): Promise<Map<string, QuarterRow>> {
  const existing = new Map<string, QuarterRow>();
  for (const part of chunks(sorted, 500)) {
    const rows = (await trx
      .selectFrom('energy_qh')
      .selectAll()
      .where(siteTimeKeys(part))
      .forUpdate()
      .execute()) as unknown as QuarterRow[];
    for (const r of rows) existing.set(quarterKey(r.site_id, r.ts), r);
  }
  return existing;
}

async function upsertQuarters(trx: Trx, rows: QuarterRow[]): Promise<void> {
  const now = new Date();
  for (const part of chunks(rows, 500)) {
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
        fl_import_night_wh: sql`VALUES(fl_import_night_wh)`,
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

async function addToDays(trx: Trx, days: DayDelta[]): Promise<void> {
  for (const part of chunks(days, 500)) {
    await trx
      .insertInto('energy_day')
      .values(part.map((d) => ({ site_id: d.siteId, day: d.day, ...d.t })))
      .onDuplicateKeyUpdate(addTotals)
      .execute();
  }
}

async function addToMonths(trx: Trx, months: MonthDelta[]): Promise<void> {
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
}

/** A quarter that went down (a corrected value) may have been the month's peak: then recount that month's peak. */
async function recountLostPeaks(trx: Trx, months: MonthDelta[]): Promise<void> {
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
