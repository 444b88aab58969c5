import { readJson, writeJson } from '@ilumen/db';
import { type LocalDate, localDateSchema, type PriceSlot, priceSlotSchema } from '@ilumen/energy';
import { z } from 'zod';
import type { ServiceDeps } from '../deps';

/** The bidding zone of every site (Belgium). */
export const PRICE_ZONE = 'BE';

/** One delivery day as the ENTSO-E client returns it (`fetchDayAhead`), checked at this boundary. */
export const dayAheadResultSchema = z.object({
  zone: z.string().min(2).max(8),
  day: localDateSchema,
  status: z.enum(['ok', 'no-data']),
  minutes: z.union([z.literal(15), z.literal(60)]).nullable(),
  slots: z.array(priceSlotSchema),
  complete: z.boolean(),
});
export type DayAheadDay = z.infer<typeof dayAheadResultSchema>;

export interface StoredPrices {
  zone: string;
  day: LocalDate;
  minutes: 15 | 60;
  slots: PriceSlot[];
  complete: boolean;
  fetchedAt: string;
}

/**
 * Day-ahead prices as fetched (by the worker's ENTSO-E client) and kept per zone and Brussels day. A later fetch of
 * the same day replaces it (ENTSO-E can publish a correction); "no data" keeps what is there.
 */
export class PriceService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Stores a fetched day; returns whether there was anything to store. */
  async store(
    input: unknown,
  ): Promise<{ stored: boolean; slots: number; minutes: 15 | 60 | null; complete: boolean }> {
    const r = dayAheadResultSchema.parse(input);
    if (r.status === 'no-data' || r.minutes === null || r.slots.length === 0)
      return { stored: false, slots: 0, minutes: null, complete: false };
    const values = {
      minutes: r.minutes,
      slots: writeJson(r.slots)!,
      complete: r.complete,
      fetched_at: this.deps.clock.now(),
    };
    await this.deps.db
      .insertInto('day_ahead_prices')
      .values({ zone: r.zone, day: r.day, ...values })
      .onDuplicateKeyUpdate(values)
      .execute();
    return { stored: true, slots: r.slots.length, minutes: r.minutes, complete: r.complete };
  }

  /** A stored day, or null. */
  async day(zone: string, day: LocalDate): Promise<StoredPrices | null> {
    const row = await this.deps.db
      .selectFrom('day_ahead_prices')
      .selectAll()
      .where('zone', '=', zone)
      .where('day', '=', day)
      .executeTakeFirst();
    if (!row) return null;
    return {
      zone: row.zone,
      day: row.day,
      minutes: row.minutes === 15 ? 15 : 60,
      slots: readJson<PriceSlot[]>(row.slots) ?? [],
      complete: Boolean(row.complete),
      fetchedAt: row.fetched_at.toISOString(),
    };
  }
}
