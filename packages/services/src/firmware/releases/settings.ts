/** Where artifacts are kept (decision 200): a folder, or a bucket of an S3-compatible object store. */
export type ArtifactStoreSettings =
  | { kind: 'directory'; dir: string }
  | {
      kind: 's3';
      bucket: string;
      /** Put before every object's name (`firmware/` gives `firmware/<sha256>`). */
      prefix: string;
      region: string;
      /** An S3-compatible service's URL (MinIO, Ceph, a cloud's object storage); null: AWS itself. */
      endpoint: string | null;
      /** `<endpoint>/<bucket>/<key>` instead of `<bucket>.<endpoint>/<key>` (most S3-compatible services want it). */
      forcePathStyle: boolean;
      /** Null: the SDK's own chain (instance role, AWS_* variables, shared files). */
      credentials: { accessKeyId: string; secretAccessKey: string } | null;
      /** Where an upload waits, hashed and checked, before it goes to the bucket. */
      stagingDir: string;
    };

/**
 * Where releases live and which key they must be signed with. The portal holds the public key only; the private key
 * stays with the signing command (`npm run firmware:sign`).
 */
export interface FirmwareSettings {
  /** The artifact store: uploaded artifacts are kept under their sha256; null: uploads are refused (URLs still work). */
  store: ArtifactStoreSettings | null;
  /** Raw ed25519 public key, base64; null: no release can be accepted. */
  publicKey: string | null;
  /** Base of the download URL handed to gateways (`<base>/firmware/<sha256>`); the portal's PUBLIC_URL by default. */
  downloadBaseUrl: string | null;
  /** Largest upload accepted. */
  maxBytes: number;
}

export const noFirmwareSettings: FirmwareSettings = {
  store: null,
  publicKey: null,
  downloadBaseUrl: null,
  maxBytes: 256 * 1024 * 1024,
};
