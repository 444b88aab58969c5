import { optionalString as optional } from '@ilumen/config';
import type { FirmwareSettings } from '@ilumen/services';
import { z } from 'zod';

/** The FIRMWARE_* variables of the portal (decision 060). */
export const firmwareEnv = {
  FIRMWARE_DIR: optional,
  FIRMWARE_PUBLIC_KEY: optional.refine(
    (k) => k === undefined || Buffer.from(k, 'base64').length === 32,
    'must be 32 bytes of base64 (raw ed25519, from npm run firmware:keygen)',
  ),
  FIRMWARE_DOWNLOAD_BASE_URL: optional.refine(
    (u) => u === undefined || /^https?:\/\//.test(u),
    'must be an http(s) URL',
  ),
  FIRMWARE_MAX_MB: z.coerce.number().int().min(1).max(2048).default(256),
};
const firmwareEnvSchema = z.object(firmwareEnv);

export function firmwareSettingsFromEnv(env: Record<string, unknown>): FirmwareSettings {
  const e = firmwareEnvSchema.parse(env);
  return {
    dir: e.FIRMWARE_DIR ?? null,
    publicKey: e.FIRMWARE_PUBLIC_KEY ?? null,
    downloadBaseUrl: e.FIRMWARE_DOWNLOAD_BASE_URL ?? null,
    maxBytes: e.FIRMWARE_MAX_MB * 1024 * 1024,
  };
}
