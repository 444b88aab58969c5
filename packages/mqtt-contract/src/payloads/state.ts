import { z } from 'zod';
import { isoUtcSchema, versionField } from './common';

const onlineStateSchema = z.object({
  v: versionField,
  online: z.literal(true),
  ts: isoUtcSchema,
  firmwareVersion: z.string().min(1).max(64),
  hardwareRevision: z.string().min(1).max(64),
  uptimeS: z.int().nonnegative(),
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

/** `state` (retained): is the gateway connected, which firmware and hardware, since when. */
export const statePayloadSchema = z.discriminatedUnion('online', [onlineStateSchema, offlineStateSchema]);
export type StatePayload = z.infer<typeof statePayloadSchema>;
