import { z } from 'zod';
import { deviceErrorSchema, deviceIdSchema, isoUtcSchema, versionField } from './common';
import {
  batteryStatusSchema,
  chargerStatusSchema,
  FAULT_STATUS,
  heatStatusSchema,
  linkStatusSchema,
} from './device-status';

/**
 * A device's current status as the gateway holds it: the `device.status` events say when it changed, this says what
 * it is now, so a reader that missed the events (an ingest started after the gateway, a site claimed after its box
 * was powered) still learns every status (decision 071). `since` is when it took this status.
 */
function deviceState<T extends string, S extends z.ZodEnum>(type: T, status: S) {
  return z.object({
    id: deviceIdSchema,
    type: z.literal(type),
    status,
    since: isoUtcSchema,
    error: deviceErrorSchema.optional(),
  });
}
export const deviceStateSchema = z
  .discriminatedUnion('type', [
    deviceState('battery', batteryStatusSchema),
    deviceState('heat', heatStatusSchema),
    deviceState('charger', chargerStatusSchema),
    deviceState('inverter', linkStatusSchema),
    deviceState('meter', linkStatusSchema),
  ])
  .refine((d) => (d.status === FAULT_STATUS) === (d.error !== undefined), {
    message: 'error (code and text) is required exactly when the status is Fout',
    path: ['error'],
  });
export type DeviceState = z.infer<typeof deviceStateSchema>;

const onlineStateSchema = z.object({
  v: versionField,
  online: z.literal(true),
  ts: isoUtcSchema,
  firmwareVersion: z.string().min(1).max(64),
  hardwareRevision: z.string().min(1).max(64),
  uptimeS: z.int().nonnegative(),
  /** Every device's current status (the P1 meter as `p1`); absent from older gateways. */
  devices: z.array(deviceStateSchema).max(40).optional(),
});

/**
 * Offline: the broker publishes this as the last will when the connection drops, and the gateway publishes it itself
 * on a clean shutdown. The will is fixed at connect time, so it carries no `ts` (it would be the connect time);
 * the receiver stamps it. `reason` is set only by a gateway that says goodbye itself.
 */
const offlineStateSchema = z.object({
  v: versionField,
  online: z.literal(false),
  ts: isoUtcSchema.optional(),
  reason: z.enum(['shutdown', 'reboot', 'update']).optional(),
});

/**
 * `state` (retained): is the gateway connected, which firmware and hardware, since when, and its devices' statuses.
 * Published at every connect and again whenever a device's status changes.
 */
export const statePayloadSchema = z.discriminatedUnion('online', [onlineStateSchema, offlineStateSchema]);
export type StatePayload = z.infer<typeof statePayloadSchema>;
