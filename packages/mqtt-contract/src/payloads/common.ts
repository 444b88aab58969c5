import { z } from 'zod';
import { CONTRACT_VERSION } from '../version';

/** Every payload carries the contract version, so a v2 message is refused with a clear reason, not misread. */
export const versionField = z.literal(CONTRACT_VERSION);

/** An instant in UTC, ISO 8601 with `Z` (`2024-05-01T10:15:00.000Z`); offsets are refused to keep one form. */
export const isoUtcSchema = z.iso.datetime({ message: 'expected an ISO 8601 UTC time ending in Z' });

/** A message id that receivers use to drop repeats (QoS 1 delivers at least once). */
export const messageIdSchema = z.uuid();

/** Integer watts; may be negative only where a field says so. */
export const wattsSchema = z.int();
export const nonNegativeWattsSchema = z.int().nonnegative();
/** Cumulative counters in integer Wh; they only ever grow (a meter swap is a new device). */
export const counterWhSchema = z.int().nonnegative();
export const percentSchema = z.number().min(0).max(100);

/** Device ids as the gateway config names them (`bat1`, `charger.garage`); safe as log keys and map keys. */
export const deviceIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'device id: 1-64 of letters, digits, . _ - (starting alphanumeric)',
  );

export const deviceTypeSchema = z.enum(['meter', 'inverter', 'battery', 'charger', 'heat']);
export type DeviceType = z.infer<typeof deviceTypeSchema>;

/**
 * A fault reported to the support desk: its code from the one table (`DEVICE_ERROR_CODES`, always digits; a device may
 * report a code the table does not know yet) and the gateway's Dutch text to read when the code is unknown.
 */
export const deviceErrorSchema = z.object({
  code: z.string().regex(/^\d{1,5}$/, 'a device error code is a number (docs/devices.md "Error codes")'),
  text: z.string().min(1).max(500),
});
export type DeviceError = z.infer<typeof deviceErrorSchema>;
