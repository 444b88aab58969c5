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

export const noFirmwareSettings: FirmwareSettings = {
  dir: null,
  publicKey: null,
  downloadBaseUrl: null,
  maxBytes: 256 * 1024 * 1024,
};
