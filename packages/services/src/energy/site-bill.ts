import { type Database, type Db, type GridQuality, readJson, type Transaction } from '@ilumen/db';
import {
  addDays,
  type Bill,
  billOfDays,
  type Contract,
  contractSchema,
  type DayAheadIndex,
  dayAheadIndex,
  type HomeQuarter,
  type LocalDate,
  type LocalMonth,
  monthRange,
  type NetworkRates,
  networkRatesSchema,
  rollingCapacity,
  rollingMonths,
  startOfLocalDay,
} from '@ilumen/energy';
import { gridConnections } from './anomalies';
import { monthPeakOf } from './month-peak';

// Everything a site's € figures are computed from, read once for any period: the bill page, the monthly net cost,
// the period totals, iLubat's saving and charge sessions all price through `@ilumen/energy/bill` with these
// (decisions 131, 180).

type Conn = Db | Transaction<Database>;

/** The price zone the day-ahead prices are stored under. */
const PRICE_ZONE = 'BE';
const QUARTER_MS = 15 * 60_000;

/**
 * The Flemish grid operator areas by postal code, as far as a postal code tells (decision 131). ASSUMPTION: areas
 * follow the province ranges (Fluvius Antwerpen, Halle-Vilvoorde, Zenne-Dijle/Iverlek for Flemish Brabant east,
 * Limburg, West, and Imewo for East Flanders); a municipality served otherwise is set by its installer on the site.
 */
export function gridAreaOfPostalCode(postalCode: string): string | null {
  const n = Number.parseInt(postalCode, 10);
  if (!Number.isFinite(n)) return null;
  if (n >= 1500 && n <= 1999) return 'fluvius-halle-vilvoorde';
  if (n >= 2000 && n <= 2999) return 'fluvius-antwerpen';
  if (n >= 3000 && n <= 3499) return 'fluvius-iverlek';
  if (n >= 3500 && n <= 3999) return 'fluvius-limburg';
  if (n >= 8000 && n <= 8999) return 'fluvius-west';
  if (n >= 9000 && n <= 9999) return 'fluvius-imewo';
  return null;
}

export interface SiteBillInputs {
  contracts: Contract[];
  rates: NetworkRates[];
  area: string | null;
  /** The area's rate tables whatever the home's contract (a contract offer is priced with them). */
  areaRates: NetworkRates[];
  /** True when the home has no supply contract and its bill uses the manual's all-in simple tariff. */
  simpleTariff: boolean;
}

export async function storedContracts(db: Conn, siteId: number): Promise<Contract[]> {
  const rows = await db
    .selectFrom('supply_contracts')
    .select(['effective_from', 'kind', 'terms'])
    .where('site_id', '=', siteId)
    .orderBy('effective_from')
    .execute();
  return rows.map((r) =>
    contractSchema.parse({
      ...(readJson<object>(r.terms) ?? {}),
      kind: r.kind,
      effectiveFrom: r.effective_from,
    }),
  );
}

/** The manual's simple tariff as single-rate contracts without a fixed fee (the quick way in). */
async function simpleTariffContracts(db: Conn, siteId: number): Promise<Contract[]> {
  const rows = await db
    .selectFrom('tariffs')
    .select(['effective_from', 'import_eur_per_kwh', 'export_eur_per_kwh'])
    .where('site_id', '=', siteId)
    .orderBy('effective_from')
    .orderBy('id')
    .execute();
  return rows.map((t) => ({
    kind: 'single' as const,
    effectiveFrom: t.effective_from,
    fixedEurPerYear: '0',
    importEurPerKwh: t.import_eur_per_kwh,
    exportEurPerKwh: t.export_eur_per_kwh,
  }));
}

/** What a site's bill is computed from: contracts (or the simple tariff), its area and that area's rates. */
export async function siteBillInputs(db: Conn, siteId: number): Promise<SiteBillInputs> {
  const site = await db
    .selectFrom('sites')
    .select(['postal_code', 'grid_area'])
    .where('id', '=', siteId)
    .executeTakeFirstOrThrow();
  const area = site.grid_area ?? gridAreaOfPostalCode(site.postal_code);
  const stored = await storedContracts(db, siteId);
  const contracts: Contract[] = stored.length > 0 ? stored : await simpleTariffContracts(db, siteId);
  // The manual's simple tariff is what the homeowner pays per kWh, all in: network costs, levies and VAT are inside
  // it, so they are added only to a supply contract's prices (decision 180).
  const rateRows = area
    ? await db
        .selectFrom('network_rates')
        .select(['area', 'effective_from', 'rates'])
        .where('area', '=', area)
        .orderBy('effective_from')
        .execute()
    : [];
  const areaRates = rateRows.map((r) =>
    networkRatesSchema.parse({
      ...(readJson<object>(r.rates) ?? {}),
      area: r.area,
      effectiveFrom: r.effective_from,
    }),
  );
  return {
    contracts,
    rates: stored.length > 0 ? areaRates : [],
    area,
    areaRates,
    simpleTariff: stored.length === 0,
  };
}

/** The stored day-ahead prices of the days [first, last], when a contract is dynamic (else none are needed). */
export async function siteDayAhead(
  db: Conn,
  contracts: readonly Contract[],
  firstDay: LocalDate,
  lastDay: LocalDate,
): Promise<DayAheadIndex> {
  if (!contracts.some((c) => c.kind === 'dynamic')) return new Map();
  const rows = await db
    .selectFrom('day_ahead_prices')
    .select(['slots'])
    .where('zone', '=', PRICE_ZONE)
    .where('day', '>=', firstDay)
    .where('day', '<=', lastDay)
    .execute();
  return dayAheadIndex(
    rows.flatMap((p) =>
      (readJson<Array<{ start: string; minutes: number; eurPerMwh: number }>>(p.slots) ?? []).map((s) => ({
        start: Date.parse(s.start),
        minutes: s.minutes,
        eurPerMwh: s.eurPerMwh,
      })),
    ),
  );
}

/** A stored quarter: the grid exchange, what the devices did, and how the grid values were obtained (null: none). */
export interface SiteQuarter extends HomeQuarter {
  quality: GridQuality | null;
}

/**
 * The quarters of [from, to) with the part of each quarter's import the meter counted on its night register: the
 * difference of its night counter (P1 `1-0:1.8.2`) between the quarter's two boundaries, of the day and night
 * counters' sum (decision 250). A quarter whose import came from Fluvius takes Fluvius' own night register ("Afname
 * Nacht", decision 300), else the counters' share of it; a gateway quarter without counters takes Fluvius' share.
 * With neither the model splits by the clock and counts the quarter (`quartersByClock`).
 */
export async function siteQuarters(
  db: Conn,
  siteId: number,
  from: number,
  to: number,
): Promise<SiteQuarter[]> {
  const [qh, counters] = await Promise.all([
    db
      .selectFrom('energy_qh')
      .select([
        'ts',
        'import_wh',
        'export_wh',
        'production_wh',
        'battery_charge_wh',
        'battery_discharge_wh',
        'ev_wh',
        'grid_quality',
        'grid_source',
        'fl_import_wh',
        'fl_import_night_wh',
      ])
      .orderBy('ts')
      .where('site_id', '=', siteId)
      .where('ts', '>=', new Date(from))
      .where('ts', '<', new Date(to))
      .execute(),
    db
      .selectFrom('energy_counters')
      .select(['ts', 'counters'])
      .where('site_id', '=', siteId)
      .where('ts', '>=', new Date(from))
      .where('ts', '<=', new Date(to))
      .orderBy('ts')
      .execute(),
  ]);
  const registers = registerSplits(counters);
  return qh.map((r) => {
    const start = r.ts.getTime();
    const importWh = Number(r.import_wh ?? 0);
    const split = registers.get(start);
    const q: SiteQuarter = {
      start,
      importWh,
      exportWh: Number(r.export_wh ?? 0),
      quality: r.import_wh === null ? null : r.grid_quality,
    };
    const importNightWh = nightOf(importWh, r, split);
    if (importNightWh !== undefined) q.importNightWh = importNightWh;
    // What the devices did, for the comparison without our control (decision 191); the bill reads none of it.
    if (r.production_wh) q.productionWh = Number(r.production_wh);
    if (r.battery_charge_wh) q.batteryChargeWh = Number(r.battery_charge_wh);
    if (r.battery_discharge_wh) q.batteryDischargeWh = Number(r.battery_discharge_wh);
    if (r.ev_wh) q.evWh = Number(r.ev_wh);
    return q;
  });
}

/**
 * The night part of a stored quarter's import: Fluvius' night register when the import is Fluvius', the gateway's
 * counters when they moved, else the other source's share; unknown when neither told a split.
 */
function nightOf(
  importWh: number,
  r: { grid_source: string | null; fl_import_wh: number | null; fl_import_night_wh: number | null },
  counters: { dayWh: number; nightWh: number } | undefined,
): number | undefined {
  const fluvius =
    r.fl_import_wh !== null && r.fl_import_night_wh !== null
      ? {
          dayWh: Number(r.fl_import_wh) - Number(r.fl_import_night_wh),
          nightWh: Number(r.fl_import_night_wh),
        }
      : undefined;
  const first = r.grid_source === 'fluvius' ? (fluvius ?? counters) : (counters ?? fluvius);
  return first ? nightShare(importWh, first) : undefined;
}

/** Per quarter start, what the meter's day (1.8.1) and night (1.8.2) import counters moved over the quarter. */
export function registerSplits(
  counters: ReadonlyArray<{ ts: Date; counters: unknown }>,
): Map<number, { dayWh: number; nightWh: number }> {
  const out = new Map<number, { dayWh: number; nightWh: number }>();
  let previous: { ts: number; t1: number; t2: number } | null = null;
  for (const c of counters) {
    const meter = readJson<{ meter?: { importT1Wh: number; importT2Wh: number } }>(c.counters)?.meter;
    if (!meter) {
      previous = null;
      continue;
    }
    const now = { ts: c.ts.getTime(), t1: meter.importT1Wh, t2: meter.importT2Wh };
    if (previous && now.ts - previous.ts === QUARTER_MS) {
      const dayWh = now.t1 - previous.t1;
      const nightWh = now.t2 - previous.t2;
      // a counter that went back is a swapped meter or a reset: no split rather than a wrong one
      if (dayWh >= 0 && nightWh >= 0) out.set(previous.ts, { dayWh, nightWh });
    }
    previous = now;
  }
  return out;
}

/**
 * The night part of a quarter's import by the registers' own split: the night counter's move when the quarter's import
 * is the counters' (the gateway's), else their share of it (whole Wh); unknown when the counters did not move.
 */
export function nightShare(importWh: number, split: { dayWh: number; nightWh: number }): number | undefined {
  const total = split.dayWh + split.nightWh;
  if (total === importWh) return split.nightWh;
  if (total === 0) return undefined;
  return Math.round((importWh * split.nightWh) / total);
}

/** The month peaks (W) that count (decision 091) of the months from `first` to `last`, as stored. */
export async function sitePeaks(
  db: Conn,
  siteId: number,
  first: LocalMonth,
  last: LocalMonth,
): Promise<Map<LocalMonth, number>> {
  const [rows, connections] = await Promise.all([
    db
      .selectFrom('energy_month')
      .select(['month', 'qh_peak_w', 'qh_peak_at', 'meter_peak_w', 'meter_peak_at'])
      .where('site_id', '=', siteId)
      .where('month', '>=', `${first}-01`)
      .where('month', '<=', `${last}-01`)
      .execute(),
    gridConnections(db, [siteId]),
  ]);
  const connection = connections.get(siteId) ?? null;
  const peaks = new Map<LocalMonth, number>();
  for (const r of rows) {
    const m = r.month.slice(0, 7);
    const p = monthPeakOf(r, connection, m);
    if (p) peaks.set(m, p.w);
  }
  return peaks;
}

/** The rolling 12-month capacity value (decision 130) of each month from `first` to `last`. */
export async function siteCapacity(
  db: Conn,
  siteId: number,
  first: LocalMonth,
  last: LocalMonth,
): Promise<(month: LocalMonth) => number> {
  const peaks = await sitePeaks(db, siteId, rollingMonths(first)[0]!, last);
  const memo = new Map<LocalMonth, number>();
  return (month) => {
    let v = memo.get(month);
    if (v === undefined) {
      v = rollingCapacity(peaks, month).averageW;
      memo.set(month, v);
    }
    return v;
  };
}

/**
 * The days of a month a bill covers: the whole month once it is over, up to today while it runs (a bill never counts
 * a fixed fee or a capacity share for days still to come). `through` is the last day when the month still runs.
 */
export function billDaysOfMonth(
  month: LocalMonth,
  today: LocalDate,
): { firstDay: LocalDate; lastDay: LocalDate; through: LocalDate | null } {
  const range = monthRange(`${month}-01`);
  return range.lastDay > today
    ? { firstDay: range.firstDay, lastDay: today, through: today }
    : { firstDay: range.firstDay, lastDay: range.lastDay, through: null };
}

/** The bill of a site's whole Brussels days [first, last] from what is stored. */
export async function siteBillOfDays(
  db: Conn,
  siteId: number,
  inputs: SiteBillInputs,
  firstDay: LocalDate,
  lastDay: LocalDate,
): Promise<Bill> {
  const [quarters, dayAhead, capacityW] = await Promise.all([
    siteQuarters(db, siteId, startOfLocalDay(firstDay), startOfLocalDay(addDays(lastDay, 1))),
    siteDayAhead(db, inputs.contracts, firstDay, lastDay),
    siteCapacity(db, siteId, firstDay.slice(0, 7), lastDay.slice(0, 7)),
  ]);
  return billOfDays(
    { contracts: inputs.contracts, rates: inputs.rates, quarters, dayAhead, capacityW },
    firstDay,
    lastDay,
  );
}
