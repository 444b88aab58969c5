import { z } from 'zod';
import { dataServiceTypeSchema, metaSchema, wireInstantSchema } from './common';

export const shortUrlRequestSchema = z.object({
  dataAccessContractNumber: z.string().min(1),
  /** Our own id for the request; Fluvius wants it without dashes. */
  referenceNumber: z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'letters and digits only (no dashes)'),
  flow: z.enum(['B2C', 'B2B']),
  dataServices: z
    .array(
      z.object({
        dataServiceType: dataServiceTypeSchema,
        dataPeriodFrom: z.iso.datetime({ offset: true }),
        dataPeriodTo: z.iso.datetime({ offset: true }),
      }),
    )
    .min(1),
  numberOfEans: z.int().min(1),
  returnUrlSuccess: z.url(),
  returnUrlFailed: z.url(),
  sso: z.boolean(),
  enterpriseNumber: z.string().nullable(),
});
export type ShortUrlRequestWire = z.input<typeof shortUrlRequestSchema>;

export const shortUrlResponseSchema = z.object({
  _meta: metaSchema.nullish(),
  data: z.object({
    status: z.enum(['success', 'failed']),
    shortUrlIdentifier: z.string().nullish(),
    validTo: wireInstantSchema.nullish(),
  }),
});
export type ShortUrlResponseWire = z.input<typeof shortUrlResponseSchema>;
