import { z } from 'zod';
import { inForce } from './bill/model';
import { addDays, type InstantLike, type LocalDate, localDate, localDateSchema } from './calendar';

/** Prices are €/kWh with at most 5 decimals (DESIGN §4), as strings so they never pass through a float. */
export const PRICE_SCALE = 5;

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

/** A tariff saved at this instant applies from the next Brussels day on (the manual, "Tarieven"). */
export function effectiveFromForSaveAt(savedAt: InstantLike): LocalDate {
  return addDays(localDate(savedAt), 1);
}

/** The tariff in force on a Brussels day: the latest entry with `effectiveFrom` ≤ day (of equal ones the last), or null. */
export function tariffForDay(history: readonly TariffEntry[], day: LocalDate): TariffEntry | null {
  return inForce(history, day);
}
