import {
  brusselsOffsetMs,
  DAY_MS,
  type Instant,
  type LocalDate,
  type LocalMonth,
  localMonth,
  monthRange,
} from '../calendar';
import { rollingCapacity } from '../capacity-tariff';
import {
  type Bill,
  type BillInput,
  type BillQuarter,
  billOfDays,
  type Contract,
  type DayAheadIndex,
  registerByTime,
} from './model';

// Which contract fits the home, and what our control saved (decision 191): the home's own quarters of a period billed
// under each contract offer and under the home's own contracts, each twice: as measured, and as the grid would have
// seen it without the battery and without smart charging. Pure, no I/O.

/** A quarter of the home with what its devices did in it (Wh); absent device values count as 0. */
export interface HomeQuarter extends BillQuarter {
  productionWh?: number;
  batteryChargeWh?: number;
  batteryDischargeWh?: number;
  evWh?: number;
}

/** A charge session whose charging our control planned (smart), so the car may have charged later than plugged in. */
export interface SmartSession {
  start: Instant;
  end: Instant;
}

/** One contract to compare: an offer (its `effectiveFrom` is ignored: it is priced over the whole period). */
export interface ContractOffer {
  id: string;
  name: string;
  contract: Contract;
}

const QUARTER = 15 * 60_000;

/**
 * Applies a change of the home's net use to one quarter's exchange: more use first eats the injection then adds
 * import, less use first eats the import then adds injection (what the meter would have counted).
 */
function shift(q: { importWh: number; exportWh: number }, moreUseWh: number): void {
  if (moreUseWh > 0) {
    const fromExport = Math.min(q.exportWh, moreUseWh);
    q.exportWh -= fromExport;
    q.importWh += moreUseWh - fromExport;
  } else if (moreUseWh < 0) {
    const less = -moreUseWh;
    const fromImport = Math.min(q.importWh, less);
    q.importWh -= fromImport;
    q.exportWh += less - fromImport;
  }
}

/**
 * The quarters as the grid would have seen them without our control (decision 191): the battery's charge is taken out
 * of the use and its discharge put back in; each smart session's energy is charged from the moment the car was
 * plugged in, at the highest quarter the session reached (the charger's power as seen), instead of when the control
 * planned it. Quarters must be in time order.
 */
export function withoutControl(
  quarters: readonly HomeQuarter[],
  sessions: readonly SmartSession[],
): BillQuarter[] {
  const out: BillQuarter[] = quarters.map((q) => {
    const c: BillQuarter = {
      start: q.start,
      importWh: Math.max(0, q.importWh),
      exportWh: Math.max(0, q.exportWh),
    };
    if (q.register) c.register = q.register;
    if (q.exclusiveNightWh) c.exclusiveNightWh = q.exclusiveNightWh;
    shift(c, (q.batteryDischargeWh ?? 0) - (q.batteryChargeWh ?? 0));
    return c;
  });
  if (sessions.length === 0 || out.length === 0) return out;
  const first = quarters[0]!.start;
  const index = (t: Instant) => Math.floor((t - first) / QUARTER);
  // Quarters are contiguous in the common case; fall back to a lookup when some are missing.
  const contiguous = quarters.at(-1)!.start - first === (quarters.length - 1) * QUARTER;
  const byStart = contiguous ? null : new Map(quarters.map((q, i) => [q.start, i]));
  const at = (t: Instant): number | undefined => {
    if (byStart) return byStart.get(t);
    const i = index(t);
    return i >= 0 && i < quarters.length ? i : undefined;
  };
  for (const s of sessions) {
    const from = s.start - ((((s.start - first) % QUARTER) + QUARTER) % QUARTER);
    let total = 0;
    let power = 0;
    for (let t = from; t < s.end; t += QUARTER) {
      const i = at(t);
      if (i === undefined) continue;
      const ev = Math.max(0, quarters[i]!.evWh ?? 0);
      total += ev;
      power = Math.max(power, ev);
      shift(out[i]!, -ev);
    }
    for (let t = from; total > 0 && power > 0; t += QUARTER) {
      const i = at(t);
      if (i === undefined) {
        if (t > quarters.at(-1)!.start) break;
        continue;
      }
      const ev = Math.min(power, total);
      shift(out[i]!, ev);
      total -= ev;
    }
  }
  return out;
}

/** Self-consumption (the share of the production used at home) and self-sufficiency (the share of the use not taken from the grid), in %. */
export interface Shares {
  productionKwh: string;
  useKwh: string;
  importKwh: string;
  exportKwh: string;
  selfConsumptionPct: number | null;
  selfSufficiencyPct: number | null;
}

const kwh = (wh: number) => (wh / 1000).toFixed(3);
const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

/** Shares of quarters as measured; `grid` overrides the import/export (the quarters without our control). */
export function sharesOf(quarters: readonly HomeQuarter[], grid?: readonly BillQuarter[]): Shares {
  let p = 0;
  let imp = 0;
  let exp = 0;
  let battery = 0;
  for (const [i, q] of quarters.entries()) {
    const g = grid ? grid[i]! : q;
    p += Math.max(0, q.productionWh ?? 0);
    imp += Math.max(0, g.importWh);
    exp += Math.max(0, g.exportWh);
    if (!grid) battery += (q.batteryDischargeWh ?? 0) - (q.batteryChargeWh ?? 0);
  }
  // import + production + discharge = use + export + charge
  const use = Math.max(0, imp + p + battery - exp);
  return {
    productionKwh: kwh(p),
    useKwh: kwh(use),
    importKwh: kwh(imp),
    exportKwh: kwh(exp),
    selfConsumptionPct: pct(Math.max(0, p - exp), p),
    selfSufficiencyPct: pct(Math.max(0, use - imp), use),
  };
}

export interface ComparisonInput {
  firstDay: LocalDate;
  lastDay: LocalDate;
  /** The home's own contract history (the row "your contract"). */
  own: readonly Contract[];
  offers: readonly ContractOffer[];
  rates: BillInput['rates'];
  /** The period's quarters in time order. */
  quarters: readonly HomeQuarter[];
  sessions: readonly SmartSession[];
  dayAhead?: DayAheadIndex;
  /** Monthly peaks (W) of months before the period, for the capacity's rolling 12 months. */
  peaksBefore?: ReadonlyMap<LocalMonth, number>;
}

export interface ComparisonRow {
  id: string;
  name: string;
  kind: Contract['kind'] | 'own';
  /** As measured. */
  actual: Bill;
  /** Without the battery and smart charging. */
  without: Bill;
}

export interface Comparison {
  firstDay: LocalDate;
  lastDay: LocalDate;
  rows: ComparisonRow[];
  shares: Shares;
  sharesWithout: Shares;
  /** The highest quarter per month (W), measured and without our control. */
  peaks: Array<{ month: LocalMonth; actualW: number; withoutW: number }>;
}

function monthPeaks(quarters: readonly BillQuarter[], before?: ReadonlyMap<LocalMonth, number>) {
  const peaks = new Map<LocalMonth, number>(before ?? []);
  let month = '';
  let monthEnd = Number.NEGATIVE_INFINITY;
  let monthStart = Number.POSITIVE_INFINITY;
  for (const q of quarters) {
    if (q.start < monthStart || q.start >= monthEnd) {
      month = localMonth(q.start);
      const r = monthRange(`${month}-01`);
      monthStart = r.start;
      monthEnd = r.end;
      if (!peaks.has(month) || before?.has(month)) peaks.set(month, 0);
    }
    const w = Math.max(0, q.importWh) * 4;
    if (w > peaks.get(month)!) peaks.set(month, w);
  }
  return peaks;
}

/**
 * The quarters summed per Brussels day and register: a contract with fixed prices per register (single, day/night,
 * exclusive night, variable) bills these exactly as it bills every quarter (its per-kWh amounts are linear in the Wh),
 * in a fiftieth of the work. A dynamic contract needs every quarter's price and gets the quarters themselves.
 */
export function dayTotals(quarters: readonly BillQuarter[]): BillQuarter[] {
  const out: BillQuarter[] = [];
  let day = Number.NaN;
  const open: [BillQuarter | null, BillQuarter | null] = [null, null];
  const totalOf = (register: 1 | 2, start: number) => {
    let t = open[register - 1];
    if (!t) {
      t = { start, importWh: 0, exportWh: 0, register, exclusiveNightWh: 0 };
      open[register - 1] = t;
      out.push(t);
    }
    return t;
  };
  for (const q of quarters) {
    const d = Math.floor((q.start + brusselsOffsetMs(q.start)) / DAY_MS);
    if (d !== day) {
      day = d;
      open[0] = null;
      open[1] = null;
    }
    const importWh = Math.max(0, Math.round(q.importWh));
    // the meter's own split when it told it, else its one register, else the clock (as the model bills a quarter)
    const nightWh =
      q.importNightWh !== undefined
        ? Math.min(importWh, Math.max(0, Math.round(q.importNightWh)))
        : (q.register ?? registerByTime(q.start)) === 2
          ? importWh
          : 0;
    const register = q.register ?? (q.importNightWh !== undefined ? 1 : registerByTime(q.start));
    const t = totalOf(register, q.start);
    t.exportWh += Math.max(0, Math.round(q.exportWh));
    t.exclusiveNightWh! += Math.max(0, Math.round(q.exclusiveNightWh ?? 0));
    if (nightWh > 0) totalOf(2, q.start).importWh += nightWh;
    if (importWh - nightWh > 0) totalOf(1, q.start).importWh += importWh - nightWh;
  }
  return out;
}

/** The period billed under the home's own contracts and under each offer, measured and without our control. */
export function compareContracts(input: ComparisonInput): Comparison {
  const without = withoutControl(input.quarters, input.sessions);
  const actualPeaks = monthPeaks(input.quarters, input.peaksBefore);
  const withoutPeaks = monthPeaks(without, input.peaksBefore);
  const capacity = (peaks: Map<LocalMonth, number>) => {
    const cache = new Map<LocalMonth, number>();
    return (m: LocalMonth) => {
      let v = cache.get(m);
      if (v === undefined) {
        v = rollingCapacity(peaks, m).averageW;
        cache.set(m, v);
      }
      return v;
    };
  };
  const actualCapacity = capacity(actualPeaks);
  const withoutCapacity = capacity(withoutPeaks);
  const totals = new Map<readonly BillQuarter[], BillQuarter[]>();
  const totalsOf = (quarters: readonly BillQuarter[]) => {
    let t = totals.get(quarters);
    if (!t) {
      t = dayTotals(quarters);
      totals.set(quarters, t);
    }
    return t;
  };
  const bill = (contracts: readonly Contract[], quarters: readonly BillQuarter[], actual: boolean) =>
    billOfDays(
      {
        contracts,
        rates: input.rates,
        quarters: contracts.some((c) => c.kind === 'dynamic') ? quarters : totalsOf(quarters),
        ...(input.dayAhead ? { dayAhead: input.dayAhead } : {}),
        capacityW: actual ? actualCapacity : withoutCapacity,
      },
      input.firstDay,
      input.lastDay,
    );
  const rows: ComparisonRow[] = [];
  if (input.own.length > 0)
    rows.push({
      id: 'own',
      name: 'own',
      kind: 'own',
      actual: bill(input.own, input.quarters, true),
      without: bill(input.own, without, false),
    });
  for (const o of input.offers) {
    const contracts = [{ ...o.contract, effectiveFrom: input.firstDay }];
    rows.push({
      id: o.id,
      name: o.name,
      kind: o.contract.kind,
      actual: bill(contracts, input.quarters, true),
      without: bill(contracts, without, false),
    });
  }
  const months = [...new Set([...actualPeaks.keys()])].filter((m) => !input.peaksBefore?.has(m)).sort();
  return {
    firstDay: input.firstDay,
    lastDay: input.lastDay,
    rows,
    shares: sharesOf(input.quarters),
    sharesWithout: sharesOf(input.quarters, without),
    peaks: months.map((m) => ({
      month: m,
      actualW: actualPeaks.get(m) ?? 0,
      withoutW: withoutPeaks.get(m) ?? 0,
    })),
  };
}
