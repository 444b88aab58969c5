import { z } from 'zod';
import { addDays, type InstantLike, type LocalDate, localDate, localDateSchema } from './calendar';
import { formatDecimal, parseDecimal, rescale } from './decimal';

/** Prices are €/kWh with at most 5 decimals (DESIGN §4), as strings so they never pass through a float. */
export const PRICE_SCALE = 5;
/** Wh × (10^-5 €/kWh) = 10^-8 €: the unit every cost is summed in before the one final rounding. */
const COST_SCALE = 8;
const MONEY_SCALE = 2;

export const eurPerKwhSchema = z
  .string()
  .regex(/^-?\d{1,6}(\.\d{1,5})?$/, 'expected a decimal €/kWh price with at most 5 decimals');

export const tariffEntrySchema = z.object({
  /** The first Brussels day this tariff applies to. */
  effectiveFrom: localDateSchema,
  importEurPerKwh: eurPerKwhSchema,
  exportEurPerKwh: eurPerKwhSchema,
});
export type TariffEntry = z.infer<typeof tariffEntrySchema>;

export const tariffHistorySchema = z.array(tariffEntrySchema);
export type TariffHistory = z.infer<typeof tariffHistorySchema>;

export const dayEnergySchema = z.object({
  date: localDateSchema,
  importWh: z.number().int().nonnegative(),
  exportWh: z.number().int().nonnegative(),
});
/** A day's metered energy (the day rollup). */
export type DayEnergy = z.infer<typeof dayEnergySchema>;

export interface DayCost {
  date: LocalDate;
  /** The tariff in force that day, or null when the history has none yet (the day is then not costed). */
  tariff: TariffEntry | null;
  importEur: string;
  exportEur: string;
  /** Import cost minus export revenue, rounded to cents on its own (for a per-day display). */
  netEur: string;
}

export interface PeriodCost {
  /** Σ import cost, rounded to cents once from the exact sum. */
  importEur: string;
  /** Σ export revenue, rounded to cents once from the exact sum. */
  exportEur: string;
  /** Σ (import Wh × import price − export Wh × export price), rounded to cents once. Negative = net revenue. */
  netEur: string;
  days: DayCost[];
  /** Days that could not be costed because no tariff was in force yet. */
  daysWithoutTariff: LocalDate[];
}

/** A tariff saved at this instant applies from the next Brussels day on (the manual, "Tarieven"). */
export function effectiveFromForSaveAt(savedAt: InstantLike): LocalDate {
  return addDays(localDate(savedAt), 1);
}

/**
 * History sorted by `effectiveFrom`. Entries with the same `effectiveFrom` keep their input order, so the one saved
 * last (given last) wins — pass the history in save order.
 */
function sortHistory(history: readonly TariffEntry[]): TariffEntry[] {
  return history
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) =>
      a.entry.effectiveFrom < b.entry.effectiveFrom
        ? -1
        : a.entry.effectiveFrom > b.entry.effectiveFrom
          ? 1
          : a.i - b.i,
    )
    .map((x) => x.entry);
}

/** The tariff in force on a Brussels day: the latest entry with `effectiveFrom` ≤ day, or null. */
export function tariffForDay(history: readonly TariffEntry[], day: LocalDate): TariffEntry | null {
  let best: TariffEntry | null = null;
  for (const entry of history) {
    if (entry.effectiveFrom <= day && (best === null || entry.effectiveFrom >= best.effectiveFrom))
      best = entry;
  }
  return best;
}

function money(units8: bigint): string {
  return formatDecimal(rescale(units8, COST_SCALE, MONEY_SCALE), MONEY_SCALE);
}

/**
 * The cost of a period from its days' energy, each day at the tariff in force that day. All sums are exact (bigint
 * in 10^-8 €); only the returned strings are rounded to cents.
 */
export function costOfDays(history: readonly TariffEntry[], days: readonly DayEnergy[]): PeriodCost {
  const sorted = sortHistory(history);
  const prices = sorted.map((t) => ({
    tariff: t,
    importUnits: parseDecimal(t.importEurPerKwh, PRICE_SCALE),
    exportUnits: parseDecimal(t.exportEurPerKwh, PRICE_SCALE),
  }));
  let importTotal = 0n;
  let exportTotal = 0n;
  const out: DayCost[] = [];
  const daysWithoutTariff: LocalDate[] = [];
  for (const day of days) {
    // Binary search for the last entry with effectiveFrom ≤ date (days may come in any order).
    let lo = 0;
    let hi = prices.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (prices[mid]!.tariff.effectiveFrom <= day.date) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const p = prices[found];
    if (!p) {
      daysWithoutTariff.push(day.date);
      out.push({ date: day.date, tariff: null, importEur: '0.00', exportEur: '0.00', netEur: '0.00' });
      continue;
    }
    const importCost = BigInt(day.importWh) * p.importUnits;
    const exportRevenue = BigInt(day.exportWh) * p.exportUnits;
    importTotal += importCost;
    exportTotal += exportRevenue;
    out.push({
      date: day.date,
      tariff: p.tariff,
      importEur: money(importCost),
      exportEur: money(exportRevenue),
      netEur: money(importCost - exportRevenue),
    });
  }
  return {
    importEur: money(importTotal),
    exportEur: money(exportTotal),
    netEur: money(importTotal - exportTotal),
    days: out,
    daysWithoutTariff,
  };
}

/**
 * What energy taken on one day cost (a car's charge session): the part from the grid at that day's import price, the
 * part from one's own panels at that day's injection price — what it would have earned had it been injected. Exact,
 * rounded to cents once; null when no tariff is in force that day.
 */
export function costOfCharge(
  history: readonly TariffEntry[],
  day: LocalDate,
  energy: { gridWh: number; solarWh: number },
): { importEurPerKwh: string; exportEurPerKwh: string; costEur: string } | null {
  const tariff = tariffForDay(history, day);
  if (!tariff) return null;
  const units =
    BigInt(Math.max(0, Math.round(energy.gridWh))) * parseDecimal(tariff.importEurPerKwh, PRICE_SCALE) +
    BigInt(Math.max(0, Math.round(energy.solarWh))) * parseDecimal(tariff.exportEurPerKwh, PRICE_SCALE);
  return {
    importEurPerKwh: tariff.importEurPerKwh,
    exportEurPerKwh: tariff.exportEurPerKwh,
    costEur: money(units),
  };
}
