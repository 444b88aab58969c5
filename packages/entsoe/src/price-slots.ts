import { dayRange, type LocalDate, type PriceSlot } from '@ilumen/energy';
import { EntsoeParseError } from './entsoe-errors';
import type { PricePeriod, PriceSeries, PublicationDocument } from './market-document';

/** A slot with its start as epoch ms, for selection before it is turned into the ISO `PriceSlot`. */
interface TimedSlot {
  start: number;
  minutes: 15 | 60;
  eurPerMwh: number;
}

/**
 * The slots of one period. Curve type A03 leaves out positions whose price equals the previous one; the previous
 * price then carries forward, up to the period end. A01 gives each position; a missing one stays missing.
 */
export function expandPeriod(period: PricePeriod, curveType: PriceSeries['curveType']): TimedSlot[] {
  const stepMs = period.minutes * 60_000;
  const count = (period.end - period.start) / stepMs;
  if (!Number.isInteger(count) || count <= 0) {
    throw new EntsoeParseError(
      `period ${period.start}–${period.end} is not a whole number of ${period.minutes}-minute slots`,
    );
  }
  const prices = new Array<number | undefined>(count);
  for (const point of period.points) {
    if (point.position > count) {
      throw new EntsoeParseError(`position ${point.position} lies past the period end (${count} positions)`);
    }
    if (prices[point.position - 1] !== undefined)
      throw new EntsoeParseError(`position ${point.position} appears twice`);
    prices[point.position - 1] = Number(point.amount);
  }
  const out: TimedSlot[] = [];
  let carried: number | undefined;
  for (let i = 0; i < count; i++) {
    const given = prices[i];
    if (given !== undefined) carried = given;
    const price = curveType === 'A03' ? carried : given;
    if (price !== undefined)
      out.push({ start: period.start + i * stepMs, minutes: period.minutes, eurPerMwh: price });
  }
  return out;
}

/** Every slot of a document, each resolution kept apart, in time order (first document occurrence wins). */
export function documentSlots(doc: PublicationDocument, inDomain?: string): Map<15 | 60, TimedSlot[]> {
  const byMinutes = new Map<15 | 60, Map<number, TimedSlot>>();
  for (const series of doc.series) {
    if (inDomain !== undefined && series.inDomain !== undefined && series.inDomain !== inDomain) continue;
    for (const period of series.periods) {
      let slots = byMinutes.get(period.minutes);
      if (!slots) {
        slots = new Map();
        byMinutes.set(period.minutes, slots);
      }
      for (const slot of expandPeriod(period, series.curveType))
        if (!slots.has(slot.start)) slots.set(slot.start, slot);
    }
  }
  const out = new Map<15 | 60, TimedSlot[]>();
  for (const [minutes, slots] of byMinutes)
    out.set(
      minutes,
      [...slots.values()].sort((a, b) => a.start - b.start),
    );
  return out;
}

export const toPriceSlot = (s: TimedSlot): PriceSlot => ({
  start: new Date(s.start).toISOString(),
  minutes: s.minutes,
  eurPerMwh: s.eurPerMwh,
});

export interface DaySlots {
  /** The resolution chosen, or null when the document has nothing for the day. */
  minutes: 15 | 60 | null;
  slots: PriceSlot[];
  /** Whether the slots cover the whole day (92/96/100 quarters or 23/24/25 hours). */
  complete: boolean;
}

/**
 * The slots of one Brussels delivery day. When a document carries the day in several resolutions, the preferred one
 * is taken if it covers the day, else the finest that covers it, else the one that covers most.
 */
export function slotsOfDay(
  doc: PublicationDocument,
  day: LocalDate,
  options: { inDomain?: string; prefer?: 15 | 60 } = {},
): DaySlots {
  const { start, end } = dayRange(day);
  const candidates: { minutes: 15 | 60; slots: TimedSlot[]; complete: boolean }[] = [];
  for (const [minutes, all] of documentSlots(doc, options.inDomain)) {
    const slots = all.filter((s) => s.start >= start && s.start < end);
    if (slots.length === 0) continue;
    candidates.push({ minutes, slots, complete: slots.length === (end - start) / (minutes * 60_000) });
  }
  if (candidates.length === 0) return { minutes: null, slots: [], complete: false };
  const rank = (c: (typeof candidates)[number]) =>
    (c.complete ? 0 : 1e9 - c.slots.length * c.minutes) * 10 +
    (c.minutes === options.prefer ? 0 : c.minutes === 15 ? 1 : 2);
  const best = candidates.sort((a, b) => rank(a) - rank(b))[0]!;
  return { minutes: best.minutes, slots: best.slots.map(toPriceSlot), complete: best.complete };
}
