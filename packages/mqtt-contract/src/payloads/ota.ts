import { z } from 'zod';
import { isoUtcSchema, messageIdSchema, versionField } from './common';

/** A release version as the fleet tooling writes it: semver without build metadata (`1.4.0`, `1.5.0-rc.1`). */
export const firmwareVersionSchema = z
  .string()
  .regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'firmware version must be semver like 1.4.0 or 1.5.0-rc.1');

/** An ed25519 signature is 64 bytes: 88 base64 characters with padding. */
const ed25519SignatureSchema = z
  .base64()
  .refine((s) => s.length === 88, { message: 'ed25519 signature must be 64 bytes (88 base64 characters)' });

/**
 * `ota` (platform → gateway): install this release. The signature is ed25519 over the artifact's raw sha256 digest
 * (32 bytes), made with the fleet key whose public half is baked into the firmware.
 */
export const otaPayloadSchema = z.object({
  v: versionField,
  /** One per instruction sent: the gateway acts on an id once, so a replayed instruction is refused (decision 063). */
  id: messageIdSchema,
  rolloutId: z.string().min(1).max(64),
  version: firmwareVersionSchema,
  url: z.url({ protocol: /^https?$/ }),
  sizeBytes: z.int().positive(),
  sha256: z.hash('sha256', { enc: 'hex' }).transform((h) => h.toLowerCase()),
  signature: ed25519SignatureSchema,
  issuedAt: isoUtcSchema,
  /** After this instant the gateway refuses it (a queued instruction delivered days later is not acted on). */
  expiresAt: isoUtcSchema,
});
export type OtaPayload = z.infer<typeof otaPayloadSchema>;

const stepBase = {
  v: versionField,
  rolloutId: z.string().min(1).max(64),
  /** The version being installed (not the running one). */
  version: firmwareVersionSchema,
  ts: isoUtcSchema,
};

/** `ota/status` (gateway → platform): one message per step; `failed` and `rolled-back` end a rollout for this box. */
export const otaStatusPayloadSchema = z.discriminatedUnion('step', [
  z.object({ ...stepBase, step: z.literal('downloading'), progressPct: z.number().min(0).max(100) }),
  z.object({ ...stepBase, step: z.literal('verifying') }),
  z.object({ ...stepBase, step: z.literal('installing') }),
  z.object({ ...stepBase, step: z.literal('rebooting') }),
  /** The new version passed its health check after the reboot. */
  z.object({ ...stepBase, step: z.literal('healthy') }),
  /** The new version failed its health check; the previous one runs again. */
  z.object({ ...stepBase, step: z.literal('rolled-back'), reason: z.string().min(1).max(1000) }),
  /** Stopped before switching versions (download, size, hash or signature). */
  z.object({ ...stepBase, step: z.literal('failed'), reason: z.string().min(1).max(1000) }),
]);
export type OtaStatusPayload = z.infer<typeof otaStatusPayloadSchema>;
export type OtaStep = OtaStatusPayload['step'];
