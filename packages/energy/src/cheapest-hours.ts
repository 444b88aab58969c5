import { z } from 'zod';
import {
  type HourBucket,
  hourBucketsOfDay,
  type Instant,
  type InstantLike,
  type LocalDate,
  toInstant,
} from './calendar';

// Day-ahead prices per hour and the N cheapest hours of a Brussels day. Prices are compared exactly in integer
// cent·minutes (ENTSO-E prices have 2 decimals), so ties are real ties and the earliest hour wins them.

export const priceSlotSchema = z.object({
  /** Slot start, ISO 8601 UTC. */
  start: z.iso.datetime({ offset: true }),
  minutes: z.union([z.literal(15), z.literal(60)]),
  /** Day-ahead price, €/MWh (may be negative). */
  eurPerMwh: z.number().finite(),
});
export type PriceSlot = z.infer<typeof priceSlotSchema>;

export interface HourPrice extends HourBucket {
  /** Mean of the slot prices covering the hour (the EPEX hourly index for quarter prices), €/MWh. */
  eurPerMwh: number;
  /** Minutes of the hour that had a price (60 when complete). */
  minutesPriced: number;
  /** Σ price in cents × minutes: the exact comparison key (mean = centMinutes / minutesPriced / 100). */
  centMinutes: number;
}

/**
 * The hourly prices of a Brussels day (23, 24 or 25 hours) from 15- or 60-minute slots; slots outside the day are
 * ignored and slots must not overlap. An hour without any slot is left out.
 */
export function hourlyPrices(slots: readonly PriceSlot[], day: InstantLike | LocalDate): HourPrice[] {
  const hours = hourBucketsOfDay(day);
  if (hours.length === 0) return [];
  const dayStart = hours[0]!.start;
  const sums = new Array<number>(hours.length).fill(0);
  const minutes = new Array<number>(hours.length).fill(0);
  for (const slot of slots) {
    const start = Date.parse(slot.start);
    const index = Math.floor((start - dayStart) / 3_600_000);
    if (index < 0 || index >= hours.length) continue;
    sums[index]! += Math.round(slot.eurPerMwh * 100) * slot.minutes;
    minutes[index]! += slot.minutes;
  }
  const out: HourPrice[] = [];
  hours.forEach((hour, i) => {
    const m = minutes[i]!;
    if (m === 0) return;
    const centMinutes = sums[i]!;
    out.push({ ...hour, centMinutes, minutesPriced: m, eurPerMwh: centMinutes / m / 100 });
  });
  return out;
}

export interface CheapestHoursOptions {
  /** How many hours to plan ("Aantal uren"). */
  hours: number;
  /** Only hours that lie wholly inside `[from, to)` are candidates (e.g. before a departure deadline). */
  window?: { from?: InstantLike; to?: InstantLike };
  /** Leave out hours with fewer priced minutes than this (default 60: only complete hours). */
  minMinutesPriced?: number;
}

export interface CheapestHoursPlan {
  /** The chosen hours in time order. */
  hours: HourPrice[];
  /** How many were asked for. */
  requested: number;
  /** How many could not be planned because there were too few candidate hours. */
  missing: number;
  /** Mean price of the chosen hours, €/MWh (null when none). */
  meanEurPerMwh: number | null;
}

function compareMeans(a: HourPrice, b: HourPrice): number {
  // a.centMinutes / a.minutesPriced vs b.centMinutes / b.minutesPriced without division.
  return a.centMinutes * b.minutesPriced - b.centMinutes * a.minutesPriced;
}

/** The N cheapest hours of a set of hourly prices (ties: earliest first), returned in time order. */
export function cheapestHours(
  hourly: readonly HourPrice[],
  options: CheapestHoursOptions,
): CheapestHoursPlan {
  const n = Math.max(0, Math.floor(options.hours));
  const from: Instant =
    options.window?.from === undefined ? Number.NEGATIVE_INFINITY : toInstant(options.window.from);
  const to: Instant =
    options.window?.to === undefined ? Number.POSITIVE_INFINITY : toInstant(options.window.to);
  const minMinutes = options.minMinutesPriced ?? 60;
  const candidates = hourly.filter((h) => h.start >= from && h.end <= to && h.minutesPriced >= minMinutes);
  const chosen = candidates
    .toSorted((a, b) => compareMeans(a, b) || a.start - b.start)
    .slice(0, n)
    .sort((a, b) => a.start - b.start);
  let sum = 0;
  let mins = 0;
  for (const h of chosen) {
    sum += h.centMinutes;
    mins += h.minutesPriced;
  }
  return {
    hours: chosen,
    requested: n,
    missing: n - chosen.length,
    meanEurPerMwh: mins === 0 ? null : sum / mins / 100,
  };
}

/** Plan the N cheapest hours of a Brussels day straight from price slots. */
export function planCheapestHours(
  slots: readonly PriceSlot[],
  day: InstantLike | LocalDate,
  options: CheapestHoursOptions,
): CheapestHoursPlan {
  return cheapestHours(hourlyPrices(slots, day), options);
}
