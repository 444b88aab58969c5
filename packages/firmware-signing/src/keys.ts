import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** Raw ed25519 public keys are 32 bytes; gateways and the portal hold them as base64 (44 characters). */
export const PUBLIC_KEY_BYTES = 32;

export interface SigningKeys {
  /** Raw 32-byte public key, base64: what goes into each gateway's config (`ota.publicKey`) and the portal's env. */
  publicKey: string;
  /** PKCS#8 PEM: stays with whoever signs releases, never on the portal or a gateway. */
  privateKeyPem: string;
}

export function generateSigningKeys(): SigningKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: rawPublicKey(publicKey),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

/** The raw 32-byte public key of a key object (public or private), base64. */
export function rawPublicKey(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const jwk = pub.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('not an ed25519 key');
  return Buffer.from(jwk.x, 'base64url').toString('base64');
}

/** A raw base64 public key as a key object; throws on anything that is not 32 bytes of base64. */
export function publicKeyFromBase64(publicKey: string): KeyObject {
  const raw = Buffer.from(publicKey, 'base64');
  if (raw.length !== PUBLIC_KEY_BYTES || raw.toString('base64') !== publicKey.trim()) {
    throw new Error('public key must be 32 bytes of base64 (raw ed25519)');
  }
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
    format: 'jwk',
  });
}

/** A PKCS#8 PEM private key; throws when it is not ed25519. */
export function privateKeyFromPem(pem: string): KeyObject {
  const key = createPrivateKey({ key: pem, format: 'pem' });
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`not an ed25519 private key (${key.asymmetricKeyType})`);
  return key;
}
