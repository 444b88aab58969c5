import { createHash } from 'node:crypto';
import { firmwareVersionSchema } from '@ilumen/mqtt-contract';
import { z } from 'zod';
import { compareVersions } from './semver';

/** First entry of every artifact: what the gateway checks before it switches slots. */
export const MANIFEST_NAME = 'manifest.json';

/** A path inside a release folder: relative, `/`-separated, no `..`, no empty or hidden tricks. */
export const releasePathSchema = z
  .string()
  .min(1)
  .max(240)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && !p.includes('\0'), 'must be a relative path')
  .refine(
    (p) => p.split('/').every((s) => s !== '' && s !== '.' && s !== '..'),
    'must not contain empty, . or .. parts',
  );

/**
 * A health check the release makes fail on purpose, on a share of gateways chosen by serial: for rollback drills on a
 * real fleet and for the simulator, where a "release" is the same code with another version string.
 */
export const healthFaultSchema = z.strictObject({
  check: z.enum(['p1', 'modbus', 'control', 'mqtt']),
  sharePct: z.number().min(0).max(100),
});
export type HealthFault = z.infer<typeof healthFaultSchema>;

export const firmwareManifestSchema = z.strictObject({
  format: z.literal(1),
  version: firmwareVersionSchema,
  /** Hardware revisions the build runs on; `*` for every one. */
  hardwareRevisions: z.array(z.string().min(1).max(64)).min(1).max(32),
  /** The program the launcher runs, relative to the release folder. */
  entry: releasePathSchema.default('gateway.mjs'),
  createdAt: z.iso.datetime(),
  notes: z.string().max(4000).optional(),
  healthFault: healthFaultSchema.optional(),
  /**
   * The versions this release may replace although it is older (decision 063): a gateway refuses a lower version
   * unless the version it runs is listed here. Part of the signed bytes, so only the release signer can allow a
   * downgrade, and only from the versions named.
   */
  downgradeFrom: z.array(firmwareVersionSchema).min(1).max(32).optional(),
});
export type FirmwareManifest = z.infer<typeof firmwareManifestSchema>;
export type FirmwareManifestInput = z.input<typeof firmwareManifestSchema>;

export function fitsHardware(manifest: FirmwareManifest, hardwareRevision: string): boolean {
  return manifest.hardwareRevisions.includes('*') || manifest.hardwareRevisions.includes(hardwareRevision);
}

/**
 * Why this release may not replace `runningVersion`, or null when it may: a lower version is refused unless the
 * signed manifest names the running version in `downgradeFrom` (decision 063). The same version is no update at all.
 */
export function downgradeRefusal(manifest: FirmwareManifest, runningVersion: string): string | null {
  if (compareVersions(manifest.version, runningVersion) >= 0) return null;
  if (manifest.downgradeFrom?.includes(runningVersion)) return null;
  return `version ${manifest.version} is older than the running ${runningVersion} and not signed as a downgrade from it`;
}

/** Whether a release's drill fault hits this gateway: a stable share of serials (the same ones every time). */
export function healthFaultFor(manifest: FirmwareManifest, serial: string): HealthFault['check'] | null {
  const fault = manifest.healthFault;
  if (!fault) return null;
  const h = createHash('sha256').update(`${serial}|${manifest.version}`).digest().readUInt32BE(0);
  return (h / 2 ** 32) * 100 < fault.sharePct ? fault.check : null;
}
