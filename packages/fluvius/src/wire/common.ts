import { z } from 'zod';

/** Fluvius sends UTC instants (`…Z`); an explicit offset is accepted, a bare local time is not (it would be a guess). */
export const wireInstantSchema = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

/** How we write instants on the wire: second precision, `Z`. */
export function toWireInstant(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const metaSchema = z.object({ fetchTime: z.string().nullish() });

export const energyTypeSchema = z.enum(['E', 'G']);
export type EnergyType = z.infer<typeof energyTypeSchema>;

/** VH_dag = daily, VH_kwartier_uur = quarter-hour (electricity) / hour (gas), IG = installation data. */
export const dataServiceTypeSchema = z.enum([
  'VH_dag',
  'VH_kwartier_uur',
  'VH_half_uur',
  'VH_onbepaald',
  'IG',
]);
export type DataServiceType = z.infer<typeof dataServiceTypeSchema>;
