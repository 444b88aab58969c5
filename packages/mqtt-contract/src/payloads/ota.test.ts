import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { examplePayloads } from '../examples';
import { otaPayloadSchema, otaStatusPayloadSchema } from './ota';

describe('ota payloads', () => {
  it('accepts a real ed25519 signature and refuses a truncated one', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const digest = Buffer.from(examplePayloads.ota.sha256, 'hex');
    const signature = sign(null, digest, privateKey).toString('base64');
    expect(otaPayloadSchema.safeParse({ ...examplePayloads.ota, signature }).success).toBe(true);
    expect(
      otaPayloadSchema.safeParse({ ...examplePayloads.ota, signature: signature.slice(0, 84) }).success,
    ).toBe(false);
  });

  it('normalises the sha256 to lower case and refuses other lengths', () => {
    const upper = otaPayloadSchema.parse({
      ...examplePayloads.ota,
      sha256: examplePayloads.ota.sha256.toUpperCase(),
    });
    expect(upper.sha256).toBe(examplePayloads.ota.sha256);
    expect(otaPayloadSchema.safeParse({ ...examplePayloads.ota, sha256: 'abc' }).success).toBe(false);
  });

  it('refuses non-http URLs and non-semver versions', () => {
    expect(otaPayloadSchema.safeParse({ ...examplePayloads.ota, url: 'file:///etc/passwd' }).success).toBe(
      false,
    );
    expect(otaPayloadSchema.safeParse({ ...examplePayloads.ota, version: 'v1.5' }).success).toBe(false);
  });

  it('status steps: progress while downloading, a reason when it ends badly', () => {
    const base = { v: 1, rolloutId: 'ro-1', version: '1.5.0', ts: '2024-05-01T08:01:10.000Z' };
    expect(otaStatusPayloadSchema.safeParse({ ...base, step: 'downloading' }).success).toBe(false);
    expect(otaStatusPayloadSchema.safeParse({ ...base, step: 'downloading', progressPct: 101 }).success).toBe(
      false,
    );
    expect(otaStatusPayloadSchema.safeParse({ ...base, step: 'healthy' }).success).toBe(true);
    expect(otaStatusPayloadSchema.safeParse({ ...base, step: 'rolled-back' }).success).toBe(false);
    expect(
      otaStatusPayloadSchema.safeParse({ ...base, step: 'failed', reason: 'signature does not verify' })
        .success,
    ).toBe(true);
  });
});
