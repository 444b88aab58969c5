import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSigningKeys, privateKeyFromPem, publicKeyFromBase64, rawPublicKey } from './keys';
import { signDigest, verifyDigest } from './signature';

const digest = (s: string) => createHash('sha256').update(s).digest('hex');

describe('release signatures', () => {
  const keys = generateSigningKeys();
  const key = privateKeyFromPem(keys.privateKeyPem);

  it('signs a digest so that only the matching public key verifies it', () => {
    const d = digest('artifact bytes');
    const sig = signDigest(key, d);
    expect(Buffer.from(sig, 'base64')).toHaveLength(64);
    expect(verifyDigest(keys.publicKey, d, sig)).toBe(true);
    expect(verifyDigest(keys.publicKey, d.toUpperCase(), sig)).toBe(true);
    expect(verifyDigest(generateSigningKeys().publicKey, d, sig)).toBe(false);
    expect(verifyDigest(keys.publicKey, digest('other bytes'), sig)).toBe(false);
  });

  it('treats garbage as not valid instead of throwing', () => {
    const d = digest('x');
    expect(verifyDigest(keys.publicKey, 'abc', signDigest(key, d))).toBe(false);
    expect(verifyDigest(keys.publicKey, d, 'not base64!')).toBe(false);
    expect(verifyDigest('short', d, signDigest(key, d))).toBe(false);
    const flipped = Buffer.from(signDigest(key, d), 'base64');
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    expect(verifyDigest(keys.publicKey, d, flipped.toString('base64'))).toBe(false);
  });

  it('keeps the public key as 32 raw bytes of base64 and derives it from the private key', () => {
    expect(Buffer.from(keys.publicKey, 'base64')).toHaveLength(32);
    expect(rawPublicKey(key)).toBe(keys.publicKey);
    expect(rawPublicKey(publicKeyFromBase64(keys.publicKey))).toBe(keys.publicKey);
    expect(() => publicKeyFromBase64('AAAA')).toThrow(/32 bytes/);
    expect(() =>
      privateKeyFromPem('-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VuBCIEIA==\n-----END PRIVATE KEY-----\n'),
    ).toThrow();
  });
});
