import { type KeyObject, sign, verify } from 'node:crypto';
import { publicKeyFromBase64 } from './keys';

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/**
 * The release signature of the MQTT contract: ed25519 over the artifact's raw sha256 digest (32 bytes), base64.
 * Signing the digest rather than the file lets the signer, the portal and the gateway agree on one small value; the
 * artifact carries its own version inside, so a signed digest cannot be passed off as another version.
 */
export function signDigest(privateKey: KeyObject, sha256Hex: string): string {
  if (!SHA256_HEX.test(sha256Hex)) throw new Error('sha256 must be 64 hex characters');
  return sign(null, Buffer.from(sha256Hex, 'hex'), privateKey).toString('base64');
}

/** Whether `signature` is the key's signature over the digest. Never throws: bad input is simply not valid. */
export function verifyDigest(publicKey: string | KeyObject, sha256Hex: string, signature: string): boolean {
  if (!SHA256_HEX.test(sha256Hex)) return false;
  const sig = Buffer.from(signature, 'base64');
  if (sig.length !== 64) return false;
  try {
    const key = typeof publicKey === 'string' ? publicKeyFromBase64(publicKey) : publicKey;
    return verify(null, Buffer.from(sha256Hex, 'hex'), key, sig);
  } catch {
    return false;
  }
}
