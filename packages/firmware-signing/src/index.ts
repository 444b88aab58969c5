/*
 * Signed firmware releases (decisions 060–062): the artifact format, its digest, and the ed25519 signature over that digest.
 * Used by the signing command (the only holder of the private key), the portal (checks a release against the public
 * key before accepting it) and the gateway (checks again against the key in its own config before installing).
 */
export {
  ArtifactError,
  type ArtifactFile,
  extractArtifact,
  filesOfFolder,
  packArtifact,
  readArtifactManifest,
} from './artifact';
export { type ArtifactDigest, digestOf, digestOfFile } from './digest';
export {
  generateSigningKeys,
  PUBLIC_KEY_BYTES,
  privateKeyFromPem,
  publicKeyFromBase64,
  rawPublicKey,
  type SigningKeys,
} from './keys';
export {
  downgradeRefusal,
  type FirmwareManifest,
  type FirmwareManifestInput,
  firmwareManifestSchema,
  fitsHardware,
  type HealthFault,
  healthFaultFor,
  healthFaultSchema,
  MANIFEST_NAME,
} from './manifest';
export { compareVersions, isVersionRange, parseVersion, satisfies } from './semver';
export { signDigest, verifyDigest } from './signature';
export { readTar, type TarEntryHeader } from './tar';
