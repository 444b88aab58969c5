import { type Database, type Db, readJson, type Transaction } from '@ilumen/db';
import {
  addDays,
  type Bill,
  type BillInput,
  billOfDays,
  type Comparison,
  type Contract,
  type ContractOffer,
  compareContracts,
  contractSchema,
  dayTotals,
  formatDecimal,
  type HomeQuarter,
  type LocalDate,
  type LocalMonth,
  localDate,
  monthRange,
  parseDecimal,
  rollingMonths,
  type Shares,
  sharesOf,
  shiftPeriod,
  startOfLocalDay,
} from '@ilumen/energy';
import { siteBillInputs, siteCapacity, siteDayAhead, sitePeaks, siteQuarters } from './site-bill';

// Which contract fits the home and what our control saved, on its own last 12 months (decision 191, 240): the loader
// around the pure `compareContracts`, and the months beside the same months a year before.

type Conn = Db | Transaction<Database>;

/** A bill's figures the comparison shows (€ with 2 decimals as text, kWh with 3). */
export interface BillFigures {
  netEur: string;
  energyEur: string;
  networkEur: string;
  leviesEur: string;
  vatEur: string;
  inclVatEur: string;
  injectionEur: string;
  importKwh: string;
  injectionKwh: string;
  quartersWithoutPrice: number;
  /** Months of a variable contract with energy taken and no price entered: that energy is not priced. */
  monthsWithoutPrice: LocalMonth[];
}

export interface ComparisonRowView {
  /** `own` for the home's own contract, else the offer's id. */
  id: string;
  name: string;
  kind: Contract['kind'] | 'own';
  /** The own contract's kind (the newest in the period), for its label. */
  ownKind?: Contract['kind'];
  actual: BillFigures;
  without: BillFigures;
  /** What our battery and smart charging saved under this contract: without − actual (negative: it cost). */
  savedEur: string;
  cheapest: boolean;
}

export interface MonthFigures {
  netEur: string;
  importKwh: string;
  exportKwh: string;
  productionKwh: string;
}

export interface MonthRow {
  month: LocalMonth;
  thisYear: MonthFigures;
  /** The same month a year before, or null when nothing is known of it. */
  lastYear: MonthFigures | null;
}

export type SiteComparison =
  | { state: 'empty'; firstDay: null; lastDay: LocalDate }
  | {
      state: 'ready';
      firstDay: LocalDate;
      lastDay: LocalDate;
      /** Months the period touches (12 when a whole year is known). */
      months: number;
      /** Whether the period is whole months; not while the home has no whole month yet (then it is `days` days). */
      wholeMonths: boolean;
      /** Days the period holds. */
      days: number;
      /** The home bills on the manual's all-in simple tariff: the offers are priced with the area's network rates. */
      simpleTariff: boolean;
      area: string | null;
      rows: ComparisonRowView[];
      shares: Shares;
      sharesWithout: Shares;
      peaks: Comparison['peaks'];
      monthly: MonthRow[];
      /** The home has neither a supply contract nor a simple tariff: no row of its own. */
      noOwnContract: boolean;
    };

const cents = (eur: string) => parseDecimal(eur, 2);
const eur = (c: bigint) => formatDecimal(c, 2);

function figures(b: Bill): BillFigures {
  return {
    netEur: b.netEur,
    energyEur: b.energyEur,
    networkEur: b.networkEur,
    leviesEur: b.leviesEur,
    vatEur: b.vatEur,
    inclVatEur: b.inclVatEur,
    injectionEur: b.injectionEur,
    importKwh: b.importKwh,
    injectionKwh: b.injectionKwh,
    quartersWithoutPrice: b.quartersWithoutPrice,
    monthsWithoutPrice: b.monthsWithoutPrice,
  };
}

/**
 * The offers staff keep (`contract_offers`, not retired: decision 303), priced over the whole period; exclusive night
 * only for such a meter.
 */
export async function contractOffers(db: Conn, withExclusiveNight: boolean): Promise<ContractOffer[]> {
  const rows = await db
    .selectFrom('contract_offers')
    .select(['id', 'name', 'kind', 'terms'])
    .where('retired_at', 'is', null)
    .orderBy('id')
    .execute();
  const offers: ContractOffer[] = [];
  for (const r of rows) {
    const parsed = contractSchema.safeParse({
      ...(readJson<object>(r.terms) ?? {}),
      kind: r.kind,
      effectiveFrom: '2000-01-01',
    });
    // An offer that no longer reads as a contract is left out rather than failing the homeowner's page.
    if (!parsed.success) continue;
    if (parsed.data.kind === 'exclusiveNight' && !withExclusiveNight) continue;
    offers.push({ id: String(r.id), name: r.name, contract: parsed.data });
  }
  return offers;
}

/** The first Brussels day with a measured quarter of the site, or null. */
/**
 * Where the comparison starts: the first day of the home's first whole month of data (a history that starts on the
 * 7th leaves that month out: counted as one of the twelve, it made the page say "12 months (from 07/12)" beside 12 rows
 * of which the first was three weeks; a first day whose quarters start after midnight is not whole either). A home
 * without a whole month yet is compared on its days so far, which the page then names as days (`wholeMonths: false`).
 */
async function comparisonStart(
  db: Conn,
  siteId: number,
  lastDay: LocalDate,
): Promise<{ firstDay: LocalDate; wholeMonths: boolean } | null> {
  const row = await db
    .selectFrom('energy_qh')
    .select((eb) => eb.fn.min('ts').as('first'))
    .where('site_id', '=', siteId)
    .where('import_wh', 'is not', null)
    .executeTakeFirst();
  const first = row?.first as Date | null | undefined;
  if (!first) return null;
  const day = localDate(first);
  const wholeDay = first.getTime() === startOfLocalDay(day) ? day : addDays(day, 1);
  const wholeMonth = wholeDay.endsWith('-01') ? wholeDay : `${shiftMonth(wholeDay.slice(0, 7), 1)}-01`;
  return wholeMonth <= lastDay
    ? { firstDay: wholeMonth, wholeMonths: true }
    : { firstDay: day, wholeMonths: false };
}

/** The smart charge sessions of [from, to): their energy is what the control moved (decision 191). */
async function smartSessions(db: Conn, siteId: number, from: number, to: number) {
  const rows = await db
    .selectFrom('charge_sessions')
    .select(['started_at', 'ended_at'])
    .where('site_id', '=', siteId)
    .where('mode', '=', 'smart')
    .where('ended_at', 'is not', null)
    .where('started_at', '<', new Date(to))
    .where('ended_at', '>', new Date(from))
    .orderBy('started_at')
    .execute();
  return rows.map((r) => ({ start: r.started_at.getTime(), end: r.ended_at!.getTime() }));
}

/** How many days [first, last] holds. */
function daysFrom(first: LocalDate, last: LocalDate): number {
  return Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The months a period of whole days touches, oldest first. */
function monthsOf(firstDay: LocalDate, lastDay: LocalDate): LocalMonth[] {
  const out: LocalMonth[] = [];
  for (let m = firstDay.slice(0, 7); m <= lastDay.slice(0, 7); m = shiftMonth(m, 1)) out.push(m);
  return out;
}

export function shiftMonth(month: LocalMonth, n: number): LocalMonth {
  return shiftPeriod(monthRange(`${month}-01`), n).key;
}

/** A site's own bill of each month (the stored capacity values, as the bill page), with kWh, from given quarters. */
function monthFigures(
  input: Omit<BillInput, 'quarters'>,
  quarters: readonly HomeQuarter[],
  months: readonly LocalMonth[],
): Map<LocalMonth, MonthFigures> {
  const dynamic = input.contracts.some((c) => c.kind === 'dynamic');
  const byMonth = new Map<LocalMonth, HomeQuarter[]>();
  for (const q of quarters) {
    const m = localDate(q.start).slice(0, 7);
    let list = byMonth.get(m);
    if (!list) {
      list = [];
      byMonth.set(m, list);
    }
    list.push(q);
  }
  const out = new Map<LocalMonth, MonthFigures>();
  for (const m of months) {
    const list = byMonth.get(m);
    if (!list || list.length === 0) continue;
    const range = monthRange(`${m}-01`);
    const bill = billOfDays(
      { ...input, quarters: dynamic ? list : dayTotals(list) },
      range.firstDay,
      range.lastDay,
    );
    const shares = sharesOf(list);
    out.set(m, {
      netEur: bill.netEur,
      importKwh: shares.importKwh,
      exportKwh: shares.exportKwh,
      productionKwh: shares.productionKwh,
    });
  }
  return out;
}

/**
 * The comparison of a home's last 12 whole Brussels months before `today`'s month (fewer when its data starts later):
 * its own contract and every offer, as measured and without our battery and smart charging, the shares, and each
 * month beside the same month a year before.
 */
export async function siteComparison(db: Conn, siteId: number, today: LocalDate): Promise<SiteComparison> {
  const thisMonth = monthRange(today);
  const lastDay = addDays(thisMonth.firstDay, -1);
  const yearStart = shiftPeriod(thisMonth, -12).firstDay;
  const start = await comparisonStart(db, siteId, lastDay);
  if (!start || start.firstDay > lastDay) return { state: 'empty', firstDay: null, lastDay };
  const firstDay = [start.firstDay, yearStart].sort()[1]!;
  const from = startOfLocalDay(firstDay);
  const to = startOfLocalDay(addDays(lastDay, 1));
  const firstMonth = firstDay.slice(0, 7);
  const lastMonth = lastDay.slice(0, 7);
  const inputs = await siteBillInputs(db, siteId);
  const offers = await contractOffers(
    db,
    inputs.contracts.some((c) => c.kind === 'exclusiveNight'),
  );
  const allContracts = [...inputs.contracts, ...offers.map((o) => o.contract)];
  // The same months a year before, whole.
  const before = {
    first: monthRange(`${shiftMonth(firstMonth, -12)}-01`),
    last: monthRange(`${shiftMonth(lastMonth, -12)}-01`),
  };
  const [quarters, sessions, dayAhead, peaksBefore, quartersBefore, dayAheadBefore, capacityW] =
    await Promise.all([
      siteQuarters(db, siteId, from, to),
      smartSessions(db, siteId, from, to),
      siteDayAhead(db, allContracts, firstDay, lastDay),
      sitePeaks(db, siteId, rollingMonths(firstMonth)[0]!, shiftMonth(firstMonth, -1)),
      siteQuarters(db, siteId, before.first.start, before.last.end),
      siteDayAhead(db, inputs.contracts, before.first.firstDay, before.last.lastDay),
      siteCapacity(db, siteId, shiftMonth(firstMonth, -12), lastMonth),
    ]);
  const base = { firstDay, lastDay, quarters, sessions, dayAhead, peaksBefore };
  // The own contract is priced as its bill is (a simple tariff is all-in, without the area's rates, decision 180);
  // the offers always with the area's network rates and levies.
  const own = compareContracts({ ...base, own: inputs.contracts, offers: [], rates: inputs.rates });
  const priced = inputs.simpleTariff
    ? compareContracts({ ...base, own: [], offers, rates: inputs.areaRates })
    : null;
  const rows = [
    ...own.rows,
    ...(priced ? priced.rows : compareContracts({ ...base, own: [], offers, rates: inputs.rates }).rows),
  ];
  // Only a contract priced for every quarter can be the cheapest: energy without a price costs nothing on paper.
  const whole = (b: Bill) => b.quartersWithoutPrice === 0 && b.monthsWithoutPrice.length === 0;
  const cheapest = rows.reduce<bigint | null>((min, r) => {
    if (!whole(r.actual)) return min;
    const v = cents(r.actual.netEur);
    return min === null || v < min ? v : min;
  }, null);
  const ownKind = inputs.contracts.filter((c) => c.effectiveFrom <= lastDay).at(-1)?.kind;
  const views: ComparisonRowView[] = rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    ...(r.kind === 'own' && ownKind ? { ownKind } : {}),
    actual: figures(r.actual),
    without: figures(r.without),
    savedEur: eur(cents(r.without.netEur) - cents(r.actual.netEur)),
    cheapest: cheapest !== null && whole(r.actual) && cents(r.actual.netEur) === cheapest,
  }));
  const months = monthsOf(firstDay, lastDay);
  const monthInput = { contracts: inputs.contracts, rates: inputs.rates, capacityW };
  const thisYear = monthFigures({ ...monthInput, dayAhead }, quarters, months);
  const lastYear = monthFigures(
    { ...monthInput, dayAhead: dayAheadBefore },
    quartersBefore,
    months.map((m) => shiftMonth(m, -12)),
  );
  return {
    state: 'ready',
    firstDay,
    lastDay,
    months: months.length,
    wholeMonths: start.wholeMonths,
    days: daysFrom(firstDay, lastDay),
    simpleTariff: inputs.simpleTariff,
    area: inputs.area,
    rows: views,
    shares: own.shares,
    sharesWithout: own.sharesWithout,
    peaks: own.peaks,
    monthly: months.map((m) => ({
      month: m,
      thisYear: thisYear.get(m) ?? {
        netEur: '0.00',
        importKwh: '0.000',
        exportKwh: '0.000',
        productionKwh: '0.000',
      },
      lastYear: lastYear.get(shiftMonth(m, -12)) ?? null,
    })),
    noOwnContract: own.rows.length === 0,
  };
}
