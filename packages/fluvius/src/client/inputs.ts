import { z } from 'zod';
import { dataServiceTypeSchema, energyTypeSchema } from '../wire/common';
import { mandateStatusSchema, renewalStatusSchema } from '../wire/mandate-wire';

export const createShortUrlInputSchema = z.object({
  /** Our id for this mandate request (letters and digits; see `toReferenceNumber`). Comes back on every mandate. */
  referenceNumber: z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'letters and digits only (no dashes)'),
  flow: z.enum(['B2C', 'B2B']).default('B2C'),
  dataServices: z
    .array(
      z
        .object({ dataServiceType: dataServiceTypeSchema, dataPeriodFrom: z.date(), dataPeriodTo: z.date() })
        .refine((s) => s.dataPeriodFrom < s.dataPeriodTo, 'dataPeriodTo must be after dataPeriodFrom'),
    )
    .min(1),
  numberOfEans: z.int().min(1).default(1),
  returnUrlSuccess: z.url(),
  returnUrlFailed: z.url(),
  /** Let the homeowner sign in to Mijn Fluvius with itsme/eID single sign-on. */
  sso: z.boolean().default(true),
  enterpriseNumber: z.string().nullable().default(null),
});
export type CreateShortUrlInput = z.input<typeof createShortUrlInputSchema>;

export const mandateFilterSchema = z.object({
  referenceNumber: z.string().min(1).optional(),
  ean: z.string().min(1).optional(),
  status: mandateStatusSchema.optional(),
  energyType: energyTypeSchema.optional(),
  dataServiceType: dataServiceTypeSchema.optional(),
  renewalStatus: renewalStatusSchema.optional(),
  lastUpdatedFrom: z.date().optional(),
  lastUpdatedTo: z.date().optional(),
});
export type MandateFilter = z.input<typeof mandateFilterSchema>;

export const energyGranularitySchema = z.enum(['daily', 'quarter-hourly']);
export type EnergyGranularity = z.infer<typeof energyGranularitySchema>;

export const energyRequestSchema = z
  .object({
    referenceNumber: z.string().min(1),
    ean: z.string().min(1),
    from: z.date(),
    to: z.date(),
    /** `quarter-hourly` gives quarter-hours for electricity and hours for gas. */
    granularity: energyGranularitySchema,
    /** `readTime` selects by the time measured; `insertTime` by when Fluvius stored it (to pick up corrections). */
    periodType: z.enum(['readTime', 'insertTime']).default('readTime'),
  })
  .refine((r) => r.from < r.to, 'to must be after from');
export type EnergyRequest = z.input<typeof energyRequestSchema>;

/** Our ids are UUIDs; Fluvius wants reference numbers without dashes. */
export function toReferenceNumber(id: string): string {
  return id.replace(/-/g, '');
}
