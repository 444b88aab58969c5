import { tmpdir } from 'node:os';
import { optionalString as optional } from '@ilumen/config';
import type { ArtifactStoreSettings, FirmwareSettings } from '@ilumen/services';
import { z } from 'zod';

/** The FIRMWARE_* variables of the portal (decision 060; where artifacts are kept, decision 200). */
export const firmwareEnv = {
  /** `directory` (FIRMWARE_DIR) or `s3` (FIRMWARE_S3_*); unset: a folder when FIRMWARE_DIR is set, else none. */
  FIRMWARE_STORE: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['directory', 's3']).optional()),
  FIRMWARE_DIR: optional,
  FIRMWARE_S3_BUCKET: optional,
  FIRMWARE_S3_PREFIX: z.string().default('firmware/'),
  FIRMWARE_S3_REGION: z.string().min(1).default('us-east-1'),
  FIRMWARE_S3_ENDPOINT: optional.refine(
    (u) => u === undefined || /^https?:\/\//.test(u),
    'must be an http(s) URL',
  ),
  FIRMWARE_S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
  FIRMWARE_S3_ACCESS_KEY_ID: optional,
  FIRMWARE_S3_SECRET_ACCESS_KEY: optional,
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
const firmwareEnvSchema = z
  .object(firmwareEnv)
  .refine((e) => e.FIRMWARE_STORE !== 'directory' || e.FIRMWARE_DIR, {
    path: ['FIRMWARE_DIR'],
    message: 'is required when FIRMWARE_STORE=directory',
  })
  .refine((e) => e.FIRMWARE_STORE !== 's3' || e.FIRMWARE_S3_BUCKET, {
    path: ['FIRMWARE_S3_BUCKET'],
    message: 'is required when FIRMWARE_STORE=s3',
  })
  .refine((e) => !e.FIRMWARE_S3_ACCESS_KEY_ID === !e.FIRMWARE_S3_SECRET_ACCESS_KEY, {
    path: ['FIRMWARE_S3_SECRET_ACCESS_KEY'],
    message: 'FIRMWARE_S3_ACCESS_KEY_ID and FIRMWARE_S3_SECRET_ACCESS_KEY go together',
  });
type FirmwareEnv = z.infer<typeof firmwareEnvSchema>;

function storeFromEnv(e: FirmwareEnv): ArtifactStoreSettings | null {
  const kind = e.FIRMWARE_STORE ?? (e.FIRMWARE_DIR ? 'directory' : null);
  if (kind === 'directory' && e.FIRMWARE_DIR) return { kind, dir: e.FIRMWARE_DIR };
  if (kind === 's3' && e.FIRMWARE_S3_BUCKET)
    return {
      kind,
      bucket: e.FIRMWARE_S3_BUCKET,
      prefix: e.FIRMWARE_S3_PREFIX,
      region: e.FIRMWARE_S3_REGION,
      endpoint: e.FIRMWARE_S3_ENDPOINT ?? null,
      forcePathStyle: e.FIRMWARE_S3_FORCE_PATH_STYLE === 'true',
      credentials:
        e.FIRMWARE_S3_ACCESS_KEY_ID && e.FIRMWARE_S3_SECRET_ACCESS_KEY
          ? { accessKeyId: e.FIRMWARE_S3_ACCESS_KEY_ID, secretAccessKey: e.FIRMWARE_S3_SECRET_ACCESS_KEY }
          : null,
      stagingDir: e.FIRMWARE_DIR ?? tmpdir(),
    };
  return null;
}

export function firmwareSettingsFromEnv(env: Record<string, unknown>): FirmwareSettings {
  const e = firmwareEnvSchema.parse(env);
  return {
    store: storeFromEnv(e),
    publicKey: e.FIRMWARE_PUBLIC_KEY ?? null,
    downloadBaseUrl: e.FIRMWARE_DOWNLOAD_BASE_URL ?? null,
    maxBytes: e.FIRMWARE_MAX_MB * 1024 * 1024,
  };
}
