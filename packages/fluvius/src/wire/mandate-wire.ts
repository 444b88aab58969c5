import { z } from 'zod';
import { dataServiceTypeSchema, energyTypeSchema, metaSchema, wireInstantSchema } from './common';

export const mandateStatusSchema = z.enum(['Requested', 'Approved', 'Rejected', 'Finished']);
export type MandateStatus = z.infer<typeof mandateStatusSchema>;

/** Appears about three months before a mandate expires. */
export const renewalStatusSchema = z.enum(['ToBeRenewed', 'RenewalRequested', 'Expired']);
export type RenewalStatus = z.infer<typeof renewalStatusSchema>;

/** v3 calls the EAN `ean`; v2 (and EDDIE's v3 model) `eanNumber` — both are read. */
export const mandateWireSchema = z
  .object({
    referenceNumber: z.string(),
    status: mandateStatusSchema,
    ean: z.string().nullish(),
    eanNumber: z.string().nullish(),
    energyType: energyTypeSchema.nullish(),
    dataPeriodFrom: wireInstantSchema.nullish(),
    dataPeriodTo: wireInstantSchema.nullish(),
    dataServiceType: dataServiceTypeSchema.nullish(),
    mandateExpirationDate: wireInstantSchema.nullish(),
    renewalStatus: renewalStatusSchema.nullish(),
  })
  .transform((wire) => ({
    referenceNumber: wire.referenceNumber,
    status: wire.status,
    ean: wire.ean ?? wire.eanNumber ?? null,
    energyType: wire.energyType ?? null,
    dataServiceType: wire.dataServiceType ?? null,
    dataPeriodFrom: wire.dataPeriodFrom ?? null,
    dataPeriodTo: wire.dataPeriodTo ?? null,
    mandateExpirationDate: wire.mandateExpirationDate ?? null,
    renewalStatus: wire.renewalStatus ?? null,
  }));
export type Mandate = z.output<typeof mandateWireSchema>;
export type MandateWire = z.input<typeof mandateWireSchema>;

export const mandateListResponseSchema = z.object({
  _meta: metaSchema.nullish(),
  data: z.object({ fetchTime: z.string().nullish(), mandates: z.array(mandateWireSchema) }),
});
export type MandateListResponseWire = z.input<typeof mandateListResponseSchema>;
