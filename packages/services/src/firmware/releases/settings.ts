import { z } from 'zod';

/**
 * Where releases live and which key they must be signed with. The portal holds the public key only; the private key
 * stays with the signing command (`npm run firmware:sign`).
 */
export interface FirmwareSettings {
  /** The artifact store: uploaded artifacts are kept here as `<sha256>`; null: uploads are refused (URLs still work). */
  dir: string | null;
  /** Raw ed25519 public key, base64; null: no release can be accepted. */
  publicKey: string | null;
  /** Base of the download URL handed to gateways (`<base>/firmware/<sha256>`); the portal's PUBLIC_URL by default. */
  downloadBaseUrl: string | null;
  /** Largest upload accepted. */
  maxBytes: number;
}

const optional = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().optional(),
);

/** The FIRMWARE_* variables of the portal and the worker. */
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

export const noFirmwareSettings: FirmwareSettings = {
  dir: null,
  publicKey: null,
  downloadBaseUrl: null,
  maxBytes: 256 * 1024 * 1024,
};
