import { z } from 'zod';
import {
  type Instant,
  type LocalMonth,
  localMonth,
  localMonthSchema,
  monthRange,
  shiftPeriod,
} from './calendar';
import { divRound, formatDecimal, parseDecimal } from './decimal';

// The Flemish capacity tariff (since 2023): the quarter-hour average import power, its monthly maximum, and the
// average of the last 12 monthly maxima with each month counted at least 2.5 kW. Facts and sources:
// shared/domain/prices-and-capacity-tariff.md.

/** A monthly peak below this counts as this much (VREG FAQ "nieuwe nettarieven"). */
export const CAPACITY_MINIMUM_W = 2500;
export const ROLLING_MONTHS = 12;

export interface QuarterImport {
  /** Start of the quarter-hour (epoch ms). */
  start: Instant;
  /** Energy imported from the grid in that quarter, Wh. */
  importWh: number;
}

export interface CapacityPeak {
  /** Start of the quarter that made the peak (the earliest one when several are equal). */
  start: Instant;
  /** Average import power over that quarter, W. */
  averageW: number;
}

export interface MonthPeak extends CapacityPeak {
  month: LocalMonth;
}

/** Average power over a quarter-hour from its energy: Wh per ¼ h × 4 = W. */
export function quarterAverageW(importWh: number): number {
  return importWh * 4;
}

/** The highest quarter average among the quarters (ties: earliest quarter), or null when there are none. */
export function peakOf(quarters: Iterable<QuarterImport>): CapacityPeak | null {
  let best: CapacityPeak | null = null;
  for (const q of quarters) {
    const w = quarterAverageW(q.importWh);
    if (best === null || w > best.averageW || (w === best.averageW && q.start < best.start)) {
      best = { start: q.start, averageW: w };
    }
  }
  return best;
}

/** The peak of each Brussels month the quarters fall in, oldest month first. */
export function monthlyPeaks(quarters: Iterable<QuarterImport>): MonthPeak[] {
  const byMonth = new Map<LocalMonth, MonthPeak>();
  let monthEnd = Number.NEGATIVE_INFINITY;
  let monthStart = Number.POSITIVE_INFINITY;
  let month = '';
  for (const q of quarters) {
    // Quarters usually arrive in order, so keep the current month's range and look it up again only on leaving it.
    if (q.start < monthStart || q.start >= monthEnd) {
      const m = monthRange(q.start);
      month = m.key;
      monthStart = m.start;
      monthEnd = m.end;
    }
    const w = quarterAverageW(q.importWh);
    const best = byMonth.get(month);
    if (!best || w > best.averageW || (w === best.averageW && q.start < best.start)) {
      byMonth.set(month, { month, start: q.start, averageW: w });
    }
  }
  return [...byMonth.values()].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
}

/** The 12 months that end with `month`, oldest first. */
export function rollingMonths(month: LocalMonth): LocalMonth[] {
  const last = monthRange(`${localMonthSchema.parse(month)}-01`);
  return Array.from({ length: ROLLING_MONTHS }, (_, i) => shiftPeriod(last, i - (ROLLING_MONTHS - 1)).key);
}

export interface RollingCapacityMonth {
  month: LocalMonth;
  /** The month's measured peak, or null when there is none (no data yet). */
  peakW: number | null;
  /** What the bill counts: max(peak, 2500 W); null for a month without a peak (it is left out of the average). */
  countedW: number | null;
}

export interface RollingCapacity {
  months: RollingCapacityMonth[];
  /** Average of the counted monthly peaks of the known months, rounded to whole W (= kW with 3 decimals). */
  averageW: number;
  /** How many of the 12 months have a peak (the average is over these). */
  knownMonths: number;
}

/**
 * The capacity value the bill uses: the average of the known monthly peaks, each counted at least 2500 W. A month
 * without a peak (null: before the meter or the gateway came, or no data) is left out, so three months at 8 kW bill
 * 8 kW, as the grid operator averages the months it has measured; with no month known at all the value is the
 * 2500 W minimum (what a customer without a digital meter pays). Decision 130.
 */
export function billedAverageW(peaksW: readonly (number | null)[]): number {
  let sum = 0;
  let known = 0;
  for (const p of peaksW) {
    if (p === null) continue;
    sum += Math.max(p, CAPACITY_MINIMUM_W);
    known++;
  }
  if (known === 0) return CAPACITY_MINIMUM_W;
  return Number(divRound(BigInt(Math.round(sum)), BigInt(known)));
}

/**
 * The rolling 12-month capacity value for the bill of `month`: that month and the 11 before it. `peaks` maps
 * `YYYY-MM` to the month's peak in W (from `monthlyPeaks`, or the meter's own 1.6.0 register).
 */
export function rollingCapacity(
  peaks: ReadonlyMap<LocalMonth, number> | Readonly<Record<LocalMonth, number>>,
  month: LocalMonth,
): RollingCapacity {
  const get = (m: LocalMonth): number | null =>
    (peaks instanceof Map ? peaks.get(m) : (peaks as Record<string, number>)[m]) ?? null;
  const months = rollingMonths(month).map((m) => {
    const peakW = get(m);
    return { month: m, peakW, countedW: peakW === null ? null : Math.max(peakW, CAPACITY_MINIMUM_W) };
  });
  return {
    months,
    averageW: billedAverageW(months.map((m) => m.peakW)),
    knownMonths: months.filter((m) => m.peakW !== null).length,
  };
}

export const eurPerKwYearSchema = z
  .string()
  .regex(/^\d{1,6}(\.\d{1,5})?$/, 'expected a decimal €/kW/year rate with at most 5 decimals');

export interface CapacityCostEstimate {
  /** The capacity value used, W. */
  averageW: number;
  eurPerKwYear: string;
  /** averageW / 1000 × rate, rounded to cents. */
  eurPerYear: string;
  /** The year's cost / 12, rounded to cents (what one monthly bill shows at this average). */
  eurPerMonth: string;
}

/** The year's capacity cost at a €/kW/year rate (excl. VAT, as grid operators publish it). */
export function capacityCostEstimate(averageW: number, eurPerKwYear: string): CapacityCostEstimate {
  const rate = parseDecimal(eurPerKwYearSchema.parse(eurPerKwYear), 5);
  // W × (10^-5 €/kW) = 10^-8 € per year.
  const units8 = BigInt(Math.round(averageW)) * rate;
  return {
    averageW,
    eurPerKwYear,
    eurPerYear: formatDecimal(divRound(units8, 1_000_000n), 2),
    eurPerMonth: formatDecimal(divRound(units8, 12_000_000n), 2),
  };
}

/**
 * Capacity rates per grid operator, €/kW/year excl. VAT. ASSUMPTION: only the Flemish 2023 average is filled in
 * (≈ €40.4/kW/year, domain doc); the rate differs per DSO and per year, so the platform lets staff configure it per
 * grid operator and uses this value only as a default.
 */
export const CAPACITY_RATES_EUR_PER_KW_YEAR: Readonly<
  Record<string, { eurPerKwYear: string; source: string }>
> = {
  'flanders-average-2023': {
    eurPerKwYear: '40.40000',
    source: 'Flemish average 2023, excl. VAT (shared/domain/prices-and-capacity-tariff.md)',
  },
};

/** The Brussels month a quarter belongs to — exported so storage keys monthly peaks the same way. */
export const monthOfQuarter = (start: Instant): LocalMonth => localMonth(start);
