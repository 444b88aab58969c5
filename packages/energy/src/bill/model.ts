import { z } from 'zod';
import {
  addDays,
  brusselsOffsetMs,
  DAY_MS,
  type Instant,
  type LocalDate,
  type LocalMonth,
  localDate,
  localDateSchema,
  localEpochDay,
  meterRegister,
  monthRange,
  periodOf,
  startOfLocalDay,
} from '../calendar';
import { divRound, formatDecimal, parseDecimal } from '../decimal';

// The Belgian (Flemish) household electricity bill as a pure model: a supply contract with history, network costs
// and levies as dated rate tables per grid operator area, and the costs of a quarter, a day, a month and a year.
// Facts: shared/domain/belgian-bill.md. Decision 131.
//
// Money is exact: every amount is kept in pico-euro (10^-12 €) bigints and each bill line is rounded to cents once,
// at the end. Energy is in Wh. Prices are € per kWh with up to 5 decimals, excl. VAT; day-ahead prices € per MWh with
// up to 2 decimals; the dynamic factor has up to 4 decimals.

const PICO_PER_EURO_CENT = 10_000_000_000n; // 10^-12 € → 10^-2 €

// The messages are the i18n catalog's keys: a form shows them next to the field (nl, fr, en).
const price = z.string().regex(/^-?\d{1,4}(\.\d{1,5})?$/, 'bill.field.price');
const yearly = z.string().regex(/^\d{1,6}(\.\d{1,2})?$/, 'bill.field.yearly');
const factor = z.string().regex(/^-?\d{1,3}(\.\d{1,4})?$/, 'bill.field.factor');
/** A price in € per kWh as the forms take it (up to 5 decimals, excl. VAT). */
export const eurPerKwhField = price;
const localMonthKey = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'bill.field.month');

const contractBase = {
  effectiveFrom: localDateSchema,
  /** The supplier's fixed fee, € a year excl. VAT. */
  fixedEurPerYear: yearly,
};

/** Injection of a contract with fixed prices: € per kWh injected. */
const fixedInjection = { exportEurPerKwh: price };

export const contractSchema = z.discriminatedUnion('kind', [
  z.object({ ...contractBase, kind: z.literal('single'), importEurPerKwh: price, ...fixedInjection }),
  z.object({
    ...contractBase,
    kind: z.literal('dayNight'),
    dayEurPerKwh: price,
    nightEurPerKwh: price,
    ...fixedInjection,
  }),
  z.object({
    ...contractBase,
    kind: z.literal('exclusiveNight'),
    dayEurPerKwh: price,
    nightEurPerKwh: price,
    /** The separate exclusive-night register (storage heaters, boilers). */
    exclusiveNightEurPerKwh: price,
    ...fixedInjection,
  }),
  z.object({
    ...contractBase,
    kind: z.literal('variable'),
    /**
     * The supplier's published price per month (its index formula), as the homeowner or staff enter it. A month
     * without its price is not priced and the bill names it (`monthsWithoutPrice`): never a guess.
     */
    monthlyEurPerKwh: z.record(localMonthKey, price),
    ...fixedInjection,
  }),
  z.object({
    ...contractBase,
    kind: z.literal('dynamic'),
    /** Import per settlement period: importFactor × day-ahead (€/MWh → €/kWh) + importAdderEurPerKwh. */
    importFactor: factor,
    importAdderEurPerKwh: price,
    /** Injection per settlement period: exportFactor × day-ahead − exportCostEurPerKwh. */
    exportFactor: factor,
    exportCostEurPerKwh: price,
  }),
]);
export type Contract = z.infer<typeof contractSchema>;
export type ContractKind = Contract['kind'];
export const CONTRACT_KINDS = ['single', 'dayNight', 'exclusiveNight', 'variable', 'dynamic'] as const;

/** Network costs and levies of a grid operator area from a day on, excl. VAT (VREG's yearly tariffs). */
export const networkRatesSchema = z.object({
  area: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'bill.area.code'),
  effectiveFrom: localDateSchema,
  /** Capacity component, € per kW per year on the rolling 12-month average peak. */
  capacityEurPerKwYear: z.string().regex(/^\d{1,6}(\.\d{1,5})?$/, 'bill.field.capacity'),
  /** Offtake component, € per kWh taken from the grid. */
  offtakeEurPerKwh: price,
  /** Data management, € a year. */
  dataManagementEurPerYear: yearly,
  /** Transmission (Elia), € per kWh taken. */
  transmissionEurPerKwh: price,
  /** Flemish energy fund contribution, € a year (a household pays it monthly). */
  energyFundEurPerYear: yearly,
  /** Federal excise, € per kWh taken. */
  exciseEurPerKwh: price,
  /** VAT percentage on the bill (6 for households). */
  vatPct: z.string().regex(/^\d{1,2}(\.\d{1,2})?$/, 'bill.field.vat'),
});
export type NetworkRates = z.infer<typeof networkRatesSchema>;

/** One quarter of the home's grid exchange, as the meter split it. */
export interface BillQuarter {
  start: Instant;
  importWh: number;
  exportWh: number;
  /**
   * Of `importWh`, what the meter counted on its night register (register 2: P1 `1-0:1.8.2`, Fluvius' "Afname
   * Nacht"); the rest is day (register 1). The meter switches its register itself (some areas at 21:00–06:00, a
   * holiday, a switch within a quarter), so this is the truth a day/night contract is billed by.
   */
  importNightWh?: number;
  /** The register that ran the whole quarter (1 = day, 2 = night), when only that is known. */
  register?: 1 | 2;
  /** Energy through the exclusive-night register, Wh. */
  exclusiveNightWh?: number;
}

/** A day-ahead settlement period: hourly before 1 Oct 2025, quarter-hourly since. */
export interface DayAheadSlot {
  start: Instant;
  minutes: number;
  eurPerMwh: number | string;
}

/** The day-ahead price per quarter start, in units of 10^-2 €/MWh (= 10^-5 €/kWh). */
export type DayAheadIndex = ReadonlyMap<Instant, bigint>;

const QUARTER = 15 * 60_000;

export function dayAheadIndex(slots: Iterable<DayAheadSlot>): DayAheadIndex {
  const out = new Map<Instant, bigint>();
  for (const s of slots) {
    const v = typeof s.eurPerMwh === 'number' ? s.eurPerMwh.toFixed(2) : s.eurPerMwh;
    const units = parseDecimal(v, 2);
    for (let t = s.start; t < s.start + s.minutes * 60_000; t += QUARTER) out.set(t, units);
  }
  return out;
}

/** Belgian day/night by the clock (the calendar's one rule): for quarters whose meter register is not known. */
export const registerByTime = (start: Instant): 1 | 2 => meterRegister(start);

/** The entry of a dated list in force on a day (the latest `effectiveFrom` ≤ day; of equal ones the last given), or null. */
export function inForce<T extends { effectiveFrom: LocalDate }>(
  history: readonly T[],
  day: LocalDate,
): T | null {
  let best: T | null = null;
  for (const e of history)
    if (e.effectiveFrom <= day && (!best || e.effectiveFrom >= best.effectiveFrom)) best = e;
  return best;
}

/** Every amount of a bill, exact (pico-euro); positive = the home pays. */
interface Units {
  energyFixed: bigint;
  energyDay: bigint;
  energyNight: bigint;
  energyExclusiveNight: bigint;
  energySingle: bigint;
  injection: bigint;
  networkCapacity: bigint;
  networkOfftake: bigint;
  networkDataManagement: bigint;
  transmission: bigint;
  energyFund: bigint;
  excise: bigint;
  importWh: { day: number; night: number; exclusiveNight: number; single: number };
  exportWh: number;
  /** Everything taken from the grid (the per-kWh network costs and levies run on it, contract or not). */
  takenWh: number;
  quartersWithoutPrice: number;
  /** Months of a variable contract with energy taken and no monthly price entered. */
  monthsWithoutPrice: Set<string>;
  /** The quarters with energy taken in those months. */
  quartersWithoutMonthPrice: number;
  /** Quarters of a day/night contract with energy taken whose register the meter did not tell: split by the clock. */
  quartersByClock: number;
  daysWithoutContract: number;
  daysWithoutRates: number;
  /** VAT-able total per VAT rate (rates may change within a period), in pico-euro × 100 × pct units. */
  vatBase: Map<string, bigint>;
}

function zero(): Units {
  return {
    energyFixed: 0n,
    energyDay: 0n,
    energyNight: 0n,
    energyExclusiveNight: 0n,
    energySingle: 0n,
    injection: 0n,
    networkCapacity: 0n,
    networkOfftake: 0n,
    networkDataManagement: 0n,
    transmission: 0n,
    energyFund: 0n,
    excise: 0n,
    importWh: { day: 0, night: 0, exclusiveNight: 0, single: 0 },
    exportWh: 0,
    takenWh: 0,
    quartersWithoutPrice: 0,
    monthsWithoutPrice: new Set(),
    quartersWithoutMonthPrice: 0,
    quartersByClock: 0,
    daysWithoutContract: 0,
    daysWithoutRates: 0,
    vatBase: new Map(),
  };
}

/** €/kWh (5 decimals) × Wh → pico-euro: 10^-5 € × 10^-3 = 10^-8 €, × 10^4. */
const perKwh = (eurPerKwh: bigint, wh: number) => eurPerKwh * BigInt(wh) * 10_000n;
const p5 = (v: string) => parseDecimal(v, 5);

export interface CompiledContract {
  contract: Contract;
  fixed: bigint;
  day: bigint;
  night: bigint;
  exclusiveNight: bigint;
  single: bigint;
  monthly: Map<string, bigint>;
  exportFixed: bigint;
  importFactor: bigint;
  importAdder: bigint;
  exportFactor: bigint;
  exportCost: bigint;
}

function compile(c: Contract): CompiledContract {
  const out: CompiledContract = {
    contract: c,
    fixed: parseDecimal(c.fixedEurPerYear, 2) * PICO_PER_EURO_CENT,
    day: 0n,
    night: 0n,
    exclusiveNight: 0n,
    single: 0n,
    monthly: new Map(),
    exportFixed: 0n,
    importFactor: 0n,
    importAdder: 0n,
    exportFactor: 0n,
    exportCost: 0n,
  };
  switch (c.kind) {
    case 'single':
      out.single = p5(c.importEurPerKwh);
      out.exportFixed = p5(c.exportEurPerKwh);
      break;
    case 'dayNight':
      out.day = p5(c.dayEurPerKwh);
      out.night = p5(c.nightEurPerKwh);
      out.exportFixed = p5(c.exportEurPerKwh);
      break;
    case 'exclusiveNight':
      out.day = p5(c.dayEurPerKwh);
      out.night = p5(c.nightEurPerKwh);
      out.exclusiveNight = p5(c.exclusiveNightEurPerKwh);
      out.exportFixed = p5(c.exportEurPerKwh);
      break;
    case 'variable':
      for (const [m, v] of Object.entries(c.monthlyEurPerKwh)) out.monthly.set(m, p5(v));
      out.exportFixed = p5(c.exportEurPerKwh);
      break;
    case 'dynamic':
      out.importFactor = parseDecimal(c.importFactor, 4);
      out.importAdder = p5(c.importAdderEurPerKwh);
      out.exportFactor = parseDecimal(c.exportFactor, 4);
      out.exportCost = p5(c.exportCostEurPerKwh);
      break;
  }
  return out;
}

interface CompiledRates {
  rates: NetworkRates;
  /** Accumulated within one bill: Wh taken while these rates were in force, and the energy amount VAT runs on. */
  takenWh: number;
  vatEnergy: bigint;
  capacity: bigint;
  offtake: bigint;
  dataManagement: bigint;
  transmission: bigint;
  energyFund: bigint;
  excise: bigint;
}

function compileRates(r: NetworkRates): CompiledRates {
  return {
    rates: r,
    takenWh: 0,
    vatEnergy: 0n,
    // € per kW per year, 5 decimals: × W → 10^-5 × 10^-3 € = 10^-8 €, × 10^4
    capacity: parseDecimal(r.capacityEurPerKwYear, 5),
    offtake: p5(r.offtakeEurPerKwh),
    dataManagement: parseDecimal(r.dataManagementEurPerYear, 2) * PICO_PER_EURO_CENT,
    transmission: p5(r.transmissionEurPerKwh),
    energyFund: parseDecimal(r.energyFundEurPerYear, 2) * PICO_PER_EURO_CENT,
    excise: p5(r.exciseEurPerKwh),
  };
}

/**
 * Dynamic price of a settlement period, in 10^-9 € per kWh: factor (10^-4) × day-ahead (10^-5 €/kWh) + adder
 * (10^-5 €/kWh × 10^4). Multiplied by Wh this is 10^-12 €.
 */
function dynamicNano(factorUnits: bigint, dayAheadUnits: bigint, adderUnits: bigint): bigint {
  return factorUnits * dayAheadUnits + adderUnits * 10_000n;
}

export interface BillInput {
  /** The site's contracts, each from its day (the latest one not after a day is in force that day). */
  contracts: readonly Contract[];
  /** The site's area's network rates, each from its day. */
  rates: readonly NetworkRates[];
  /** Quarters of the period (any order); a quarter outside the period is ignored. */
  quarters: Iterable<BillQuarter>;
  /** Day-ahead prices for dynamic contracts. */
  dayAhead?: DayAheadIndex;
  /** The rolling 12-month capacity value (W) per month, from `rollingCapacity` (decision 130). */
  capacityW: (month: LocalMonth) => number;
}

function daysInYear(day: LocalDate): bigint {
  return BigInt(periodOf('year', day).days);
}

/**
 * The exact amounts of whole Brussels days [first, last]. `perKwhOnly` leaves out the parts that belong to days
 * (fixed fees, data management, energy fund, capacity): what energy taken at a moment costs.
 */
function accumulate(input: BillInput, firstDay: LocalDate, lastDay: LocalDate, perKwhOnly = false): Units {
  const u = zero();
  const contracts = new Map<Contract, CompiledContract>();
  const rates = new Map<NetworkRates, CompiledRates>();
  const contractOf = (day: LocalDate) => {
    const c = inForce(input.contracts, day);
    if (!c) return null;
    let k = contracts.get(c);
    if (!k) {
      k = compile(c);
      contracts.set(c, k);
    }
    return k;
  };
  const ratesOf = (day: LocalDate) => {
    const r = inForce(input.rates, day);
    if (!r) return null;
    let k = rates.get(r);
    if (!k) {
      k = compileRates(r);
      rates.set(r, k);
    }
    return k;
  };
  const addVat = (r: CompiledRates | null, amount: bigint) => {
    if (!r) return;
    u.vatBase.set(r.rates.vatPct, (u.vatBase.get(r.rates.vatPct) ?? 0n) + amount);
  };
  // Per day: the fixed parts (supplier fee, data management, energy fund) and the capacity share; the day's contract
  // and rates are kept by Brussels epoch day for the quarters below.
  const perDay = new Map<number, { c: CompiledContract | null; r: CompiledRates | null; month: string }>();
  for (let day = firstDay; day <= lastDay; day = addDays(day, 1)) {
    const c = contractOf(day);
    const r = ratesOf(day);
    const month = day.slice(0, 7);
    perDay.set(localEpochDay(startOfLocalDay(day)), { c, r, month });
    if (!c) u.daysWithoutContract++;
    if (!r) u.daysWithoutRates++;
    if (perKwhOnly) continue;
    const perYear = daysInYear(day);
    if (c) {
      const fixed = divRound(c.fixed, perYear);
      u.energyFixed += fixed;
      addVat(r, fixed);
    }
    if (r) {
      const dm = divRound(r.dataManagement, perYear);
      const fund = divRound(r.energyFund, perYear);
      // capacity: the month's rolling value × rate / 12, spread over the month's days
      const daysInMonth = BigInt(monthRange(`${month}-01`).days);
      const capacity = divRound(
        r.capacity * BigInt(Math.round(input.capacityW(month))) * 10_000n,
        12n * daysInMonth,
      );
      u.networkDataManagement += dm;
      u.energyFund += fund;
      u.networkCapacity += capacity;
      addVat(r, dm + fund + capacity);
    }
  }
  // Per quarter: energy, injection and the per-kWh network costs and levies.
  for (const q of input.quarters) {
    const local = q.start + brusselsOffsetMs(q.start);
    const epochDay = Math.floor(local / DAY_MS);
    const today = perDay.get(epochDay);
    if (!today) continue;
    const { c, r } = today;
    const importWh = Math.max(0, Math.round(q.importWh));
    const exportWh = Math.max(0, Math.round(q.exportWh));
    const exclWh = Math.max(0, Math.round(q.exclusiveNightWh ?? 0));
    u.exportWh += exportWh;
    let energy = 0n;
    if (c) {
      const k = c.contract.kind;
      if (k === 'single' || k === 'variable') {
        const p = k === 'variable' ? c.monthly.get(today.month) : c.single;
        if (p === undefined) {
          if (importWh > 0) {
            u.monthsWithoutPrice.add(today.month);
            u.quartersWithoutMonthPrice++;
          }
        } else {
          energy = perKwh(p, importWh);
          u.energySingle += energy;
          u.importWh.single += importWh;
        }
      } else if (k === 'dayNight' || k === 'exclusiveNight') {
        let nightWh: number;
        if (q.importNightWh !== undefined)
          nightWh = Math.min(importWh, Math.max(0, Math.round(q.importNightWh)));
        else if (q.register !== undefined) nightWh = q.register === 2 ? importWh : 0;
        else {
          nightWh = meterRegister(q.start) === 2 ? importWh : 0;
          if (importWh > 0) u.quartersByClock++;
        }
        const dayWh = importWh - nightWh;
        const eDay = perKwh(c.day, dayWh);
        const eNight = perKwh(c.night, nightWh);
        u.energyDay += eDay;
        u.importWh.day += dayWh;
        u.energyNight += eNight;
        u.importWh.night += nightWh;
        energy = eDay + eNight;
      } else {
        const da = input.dayAhead?.get(q.start);
        if (da === undefined) {
          if (importWh > 0 || exportWh > 0) u.quartersWithoutPrice++;
        } else {
          energy = dynamicNano(c.importFactor, da, c.importAdder) * BigInt(importWh);
          u.energySingle += energy;
          u.importWh.single += importWh;
          if (exportWh > 0) u.injection -= (c.exportFactor * da - c.exportCost * 10_000n) * BigInt(exportWh);
        }
      }
      if (k === 'exclusiveNight' && exclWh > 0) {
        const e = perKwh(c.exclusiveNight, exclWh);
        u.energyExclusiveNight += e;
        u.importWh.exclusiveNight += exclWh;
        energy += e;
      }
      if (k !== 'dynamic' && exportWh > 0) u.injection -= perKwh(c.exportFixed, exportWh);
    }
    const taken = importWh + exclWh;
    u.takenWh += taken;
    if (r && taken > 0) {
      // offtake, transmission and excise per kWh taken, kept as Wh here and priced once below
      r.takenWh += taken;
    }
    if (r) r.vatEnergy += energy;
  }
  // The per-kWh network costs and levies, and their VAT, per rate table.
  for (const r of rates.values()) {
    const offtake = perKwh(r.offtake, r.takenWh);
    const transmission = perKwh(r.transmission, r.takenWh);
    const excise = perKwh(r.excise, r.takenWh);
    u.networkOfftake += offtake;
    u.transmission += transmission;
    u.excise += excise;
    addVat(r, r.vatEnergy + offtake + transmission + excise);
    r.takenWh = 0;
    r.vatEnergy = 0n;
  }
  return u;
}

const cents = (pico: bigint) => divRound(pico, PICO_PER_EURO_CENT);
const eur = (centsValue: bigint) => formatDecimal(centsValue, 2);

export interface BillLine {
  /** Stable key the pages translate. */
  key:
    | 'energy.fixed'
    | 'energy.single'
    | 'energy.day'
    | 'energy.night'
    | 'energy.exclusiveNight'
    | 'network.capacity'
    | 'network.offtake'
    | 'network.dataManagement'
    | 'network.transmission'
    | 'levies.energyFund'
    | 'levies.excise';
  group: 'energy' | 'network' | 'levies';
  /** kWh with 3 decimals where the line is per kWh. */
  kwh: string | null;
  eur: string;
}

export interface Bill {
  firstDay: LocalDate;
  lastDay: LocalDate;
  lines: BillLine[];
  /** Per group, € excl. VAT. */
  energyEur: string;
  networkEur: string;
  leviesEur: string;
  exclVatEur: string;
  vatEur: string;
  /** What the home pays before injection: excl. VAT + VAT. */
  inclVatEur: string;
  /** Earned for injection (negative with negative dynamic prices), no VAT for a household. */
  injectionEur: string;
  injectionKwh: string;
  /** inclVat − injection: the bill's bottom line. */
  netEur: string;
  importKwh: string;
  quartersWithoutPrice: number;
  /** Months of a variable contract whose price is missing: their energy is not priced (add the price to the contract). */
  monthsWithoutPrice: LocalMonth[];
  /** Day/night quarters the meter did not say the register of (no counters, no register rows): split by the clock. */
  quartersByClock: number;
  daysWithoutContract: number;
  daysWithoutRates: number;
}

const kwh = (wh: number) => formatDecimal(BigInt(wh), 3);

function toBill(u: Units, firstDay: LocalDate, lastDay: LocalDate): Bill {
  const lines: BillLine[] = [];
  const add = (
    key: BillLine['key'],
    group: BillLine['group'],
    pico: bigint,
    wh: number | null,
    always = false,
  ) => {
    if (!always && pico === 0n && (wh ?? 0) === 0) return 0n;
    const c = cents(pico);
    lines.push({ key, group, kwh: wh === null ? null : kwh(wh), eur: eur(c) });
    return c;
  };
  const energy =
    add('energy.fixed', 'energy', u.energyFixed, null, true) +
    add('energy.single', 'energy', u.energySingle, u.importWh.single) +
    add('energy.day', 'energy', u.energyDay, u.importWh.day) +
    add('energy.night', 'energy', u.energyNight, u.importWh.night) +
    add('energy.exclusiveNight', 'energy', u.energyExclusiveNight, u.importWh.exclusiveNight);
  const taken = u.takenWh;
  const network =
    add('network.capacity', 'network', u.networkCapacity, null, true) +
    add('network.offtake', 'network', u.networkOfftake, taken, true) +
    add('network.dataManagement', 'network', u.networkDataManagement, null, true) +
    add('network.transmission', 'network', u.transmission, taken, true);
  const levies =
    add('levies.energyFund', 'levies', u.energyFund, null, true) +
    add('levies.excise', 'levies', u.excise, taken, true);
  const exclVat = energy + network + levies;
  // VAT on the exact amounts per VAT rate, rounded once: 10^-12 € × pct (2 decimals) / 100 / 100.
  let vatPico = 0n;
  for (const [pct, base] of u.vatBase) vatPico += divRound(base * parseDecimal(pct, 2), 10_000n);
  const vat = cents(vatPico);
  const injection = cents(-u.injection);
  return {
    firstDay,
    lastDay,
    lines,
    energyEur: eur(energy),
    networkEur: eur(network),
    leviesEur: eur(levies),
    exclVatEur: eur(exclVat),
    vatEur: eur(vat),
    inclVatEur: eur(exclVat + vat),
    injectionEur: eur(injection),
    injectionKwh: kwh(u.exportWh),
    netEur: eur(exclVat + vat - injection),
    importKwh: kwh(taken),
    quartersWithoutPrice: u.quartersWithoutPrice,
    monthsWithoutPrice: [...u.monthsWithoutPrice].sort(),
    quartersByClock: u.quartersByClock,
    daysWithoutContract: u.daysWithoutContract,
    daysWithoutRates: u.daysWithoutRates,
  };
}

/** The bill of whole Brussels days, first to last (inclusive). */
export function billOfDays(input: BillInput, firstDay: LocalDate, lastDay: LocalDate): Bill {
  return toBill(accumulate(input, firstDay, lastDay), firstDay, lastDay);
}

/** The bill of a Brussels day. */
export function billOfDay(input: BillInput, day: LocalDate): Bill {
  return billOfDays(input, day, day);
}

/** The month's bill, as the supplier's monthly statement reads. */
export function billOfMonth(input: BillInput, month: LocalMonth): Bill {
  const p = monthRange(`${month}-01`);
  return billOfDays(input, p.firstDay, p.lastDay);
}

/** The year's bill (the annual settlement). */
export function billOfYear(input: BillInput, year: number): Bill {
  return billOfDays(input, `${year}-01-01`, `${year}-12-31`);
}

/** The energy and per-kWh network and levy lines, excl. VAT. */
const perKwhLines = (u: Units): bigint =>
  u.energySingle +
  u.energyDay +
  u.energyNight +
  u.energyExclusiveNight +
  u.networkOfftake +
  u.transmission +
  u.excise;

/**
 * What one quarter costs on the energy and per-kWh network lines, excl. VAT and without the fixed parts (those belong
 * to days): the price a charge session or a controller decision is weighed at. Pico-euro; negative = earned.
 */
export function quarterCostPico(
  input: Pick<BillInput, 'contracts' | 'rates' | 'dayAhead'>,
  q: BillQuarter,
): { importPico: bigint; exportPico: bigint; priced: boolean } {
  const day = localDate(q.start);
  const u = accumulate({ ...input, quarters: [q], capacityW: () => 0 }, day, day);
  return {
    importPico: perKwhLines(u),
    exportPico: u.injection,
    priced: u.quartersWithoutPrice === 0 && u.monthsWithoutPrice.size === 0,
  };
}

export interface EnergyValue {
  /** What the energy taken costs: energy and per-kWh network lines and levies, with their VAT. Pico-euro. */
  importPico: bigint;
  /** What the energy given earns (negative with negative dynamic prices), no VAT. Pico-euro. */
  exportPico: bigint;
  /**
   * Quarters with energy without a price (a dynamic contract without the day-ahead price, a variable contract's month
   * without its price): not counted, never guessed.
   */
  quartersWithoutPrice: number;
  /** Days without a contract in force: their energy is not priced. */
  daysWithoutContract: number;
}

/**
 * The value of energy at the moments it was taken or given, at the real price of each quarter (the contract in force,
 * its day/night register or the day-ahead price, the per-kWh network costs and levies, VAT): a charge session, a
 * battery's stored energy. The parts that belong to days (fixed fees, capacity) are not in it. Decision 180.
 */
export function valueOfQuarters(
  input: Pick<BillInput, 'contracts' | 'rates' | 'dayAhead'>,
  quarters: readonly BillQuarter[],
): EnergyValue {
  if (quarters.length === 0)
    return { importPico: 0n, exportPico: 0n, quartersWithoutPrice: 0, daysWithoutContract: 0 };
  let first = localDate(quarters[0]!.start);
  let last = first;
  const days = new Set<LocalDate>();
  for (const q of quarters) {
    const d = localDate(q.start);
    days.add(d);
    if (d < first) first = d;
    if (d > last) last = d;
  }
  const u = accumulate({ ...input, quarters, capacityW: () => 0 }, first, last, true);
  let vat = 0n;
  for (const [pct, base] of u.vatBase) vat += divRound(base * parseDecimal(pct, 2), 10_000n);
  const exclVat = perKwhLines(u);
  let daysWithoutContract = 0;
  for (const d of days) if (!inForce(input.contracts, d)) daysWithoutContract++;
  return {
    importPico: exclVat + vat,
    exportPico: -u.injection,
    quartersWithoutPrice: u.quartersWithoutPrice + u.quartersWithoutMonthPrice,
    daysWithoutContract,
  };
}

export const picoToEur = (pico: bigint): string => eur(cents(pico));
export { PICO_PER_EURO_CENT };
