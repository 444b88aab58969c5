import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  digestOf,
  generateSigningKeys,
  packArtifact,
  privateKeyFromPem,
  signDigest,
} from '@ilumen/firmware-signing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '../../testing';
import { FirmwareReleaseService } from './releases';

let h: ServiceHarness;
let w: World;
let releases: FirmwareReleaseService;
const dir = mkdtempSync(join(tmpdir(), 'fw-store-'));
const keys = generateSigningKeys();
const signer = privateKeyFromPem(keys.privateKeyPem);
const otherSigner = privateKeyFromPem(generateSigningKeys().privateKeyPem);

beforeAll(async () => {
  h = await createServiceHarness('firmware_releases');
  w = await createWorld(h.services);
  releases = new FirmwareReleaseService(h.services.deps, {
    store: { kind: 'directory', dir },
    publicKey: keys.publicKey,
    downloadBaseUrl: 'https://fw.example.be/',
    maxBytes: 1024 * 1024,
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

function artifact(version: string, hardware = ['SIM']) {
  return packArtifact(
    { format: 1, version, hardwareRevisions: hardware, createdAt: '2026-11-27T10:00:00.000Z' },
    [{ path: 'gateway.mjs', data: Buffer.from(`// ${version}\n`) }],
  ).bytes;
}
const upload = (bytes: Uint8Array) => ({
  chunks: (async function* () {
    yield bytes.subarray(0, 100);
    yield bytes.subarray(100);
  })(),
});
async function signed(bytes: Uint8Array, key = signer) {
  const d = await digestOf([bytes]);
  return { ...d, signature: signDigest(key, d.sha256) };
}

describe('firmware releases', () => {
  it('accepts an uploaded artifact signed with the configured key, stores it by digest and audits it', async () => {
    const fleet = await w.actor(w.users.fleet);
    const bytes = artifact('1.5.0');
    const s = await signed(bytes);
    const r = await releases.create(
      fleet,
      {
        version: '1.5.0',
        hardwareRevision: 'SIM',
        channel: 'beta',
        notes: 'Faster P1',
        signature: s.signature,
      },
      upload(bytes),
    );
    expect(r).toMatchObject({
      version: '1.5.0',
      hardwareRevision: 'SIM',
      channel: 'beta',
      sizeBytes: bytes.length,
      sha256: s.sha256,
      stored: true,
      url: `https://fw.example.be/firmware/${s.sha256}`,
      createdBy: 'fleet@ilumen.test',
    });
    expect((await releases.artifact(s.sha256))?.sizeBytes).toBe(bytes.length);
    expect(readdirSync(dir)).toContain(s.sha256);
    expect(await releases.artifact('0'.repeat(64))).toBeNull();
    const audit = await h.services.audit.list(await w.actor(w.users.admin), { action: 'firmware.release' });
    expect(audit.rows[0]).toMatchObject({
      action: 'firmware.release.create',
      actor_email: 'fleet@ilumen.test',
    });
  });

  it('refuses a signature by another key, a tampered artifact, and a manifest that disagrees with the form; keeps nothing of them', async () => {
    const fleet = await w.actor(w.users.fleet);
    const before = readdirSync(dir).sort();
    const bytes = artifact('1.6.0');
    const foreign = await signed(bytes, otherSigner);
    await expect(
      releases.create(
        fleet,
        { version: '1.6.0', hardwareRevision: 'SIM', signature: foreign.signature },
        upload(bytes),
      ),
    ).rejects.toMatchObject({ fieldErrors: { signature: { key: 'firmware.badSignature' } } });

    const good = await signed(bytes);
    const tampered = Buffer.from(bytes);
    tampered[tampered.length - 30] = (tampered[tampered.length - 30] ?? 0) ^ 0xff;
    await expect(
      releases.create(
        fleet,
        { version: '1.6.0', hardwareRevision: 'SIM', signature: good.signature },
        upload(tampered),
      ),
    ).rejects.toMatchObject({ code: 'validation' });

    await expect(
      releases.create(
        fleet,
        { version: '1.7.0', hardwareRevision: 'SIM', signature: good.signature },
        upload(bytes),
      ),
    ).rejects.toMatchObject({
      fieldErrors: { version: { key: 'firmware.manifestVersion', params: { version: '1.6.0' } } },
    });
    await expect(
      releases.create(
        fleet,
        { version: '1.6.0', hardwareRevision: 'B2', signature: good.signature },
        upload(bytes),
      ),
    ).rejects.toMatchObject({ fieldErrors: { hardwareRevision: { key: 'firmware.manifestHardware' } } });
    await expect(
      releases.create(
        fleet,
        { version: '1.6.0', hardwareRevision: 'SIM', signature: good.signature },
        upload(Buffer.from('not an artifact')),
      ),
    ).rejects.toMatchObject({ fieldErrors: { file: { key: 'firmware.notArtifact' } } });
    expect(readdirSync(dir).sort()).toEqual(before);
    const list = await releases.list(fleet);
    expect(list.map((r) => r.version)).toEqual(['1.5.0']);
  });

  it('takes an outside URL with the size and digest the signing command printed, and refuses duplicates', async () => {
    const fleet = await w.actor(w.users.fleet);
    const s = await signed(artifact('2.0.0', ['*']));
    const input = {
      version: '2.0.0',
      hardwareRevision: '*',
      url: 'https://cdn.example.be/gw-2.0.0.ilfw',
      sizeBytes: String(s.sizeBytes),
      sha256: s.sha256.toUpperCase(),
      signature: s.signature,
    };
    const r = await releases.create(fleet, input);
    expect(r).toMatchObject({ stored: false, url: 'https://cdn.example.be/gw-2.0.0.ilfw', sha256: s.sha256 });
    await expect(releases.create(fleet, input)).rejects.toMatchObject({
      code: 'conflict',
      messageKey: 'firmware.duplicate',
    });
    await expect(
      releases.create(fleet, { ...input, version: '2.0.1', sha256: undefined }),
    ).rejects.toMatchObject({ fieldErrors: { sha256: { key: 'validation.required' } } });
    await expect(
      releases.create(fleet, { version: '2.0.2', hardwareRevision: '*', signature: s.signature }),
    ).rejects.toMatchObject({ fieldErrors: { file: { key: 'firmware.fileOrUrl' } } });
    // the signature covers the digest: another digest with the same signature is refused
    await expect(
      releases.create(fleet, { ...input, version: '2.0.3', sha256: 'ab'.repeat(32) }),
    ).rejects.toMatchObject({ fieldErrors: { signature: { key: 'firmware.badSignature' } } });
    const retired = await releases.retire(fleet, { releaseId: r.id });
    expect(retired.retiredAt).not.toBeNull();
    expect((await releases.list(fleet)).map((x) => x.version)).toEqual(['1.5.0']);
    expect((await releases.list(fleet, { includeRetired: true })).length).toBe(2);
  });

  it('is for fleet and admins; support reads; installers and homeowners get nothing', async () => {
    const s = await signed(artifact('3.0.0'));
    const input = {
      version: '3.0.0',
      hardwareRevision: 'SIM',
      url: 'https://cdn.example.be/x',
      sizeBytes: s.sizeBytes,
      sha256: s.sha256,
      signature: s.signature,
    };
    await expect(releases.create(await w.actor(w.users.support), input)).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect((await releases.list(await w.actor(w.users.support))).length).toBeGreaterThan(0);
    for (const u of [w.users.instAAdmin, w.users.instATech, w.users.ownerA]) {
      await expect(releases.list(await w.actor(u))).rejects.toMatchObject({ code: 'forbidden' });
      await expect(releases.create(await w.actor(u), input)).rejects.toMatchObject({ code: 'forbidden' });
    }
    await expect(releases.create(await w.actor(w.users.admin), input)).resolves.toMatchObject({
      version: '3.0.0',
    });
  });

  it('refuses everything without a configured public key', async () => {
    const noKey = new FirmwareReleaseService(h.services.deps, {
      store: { kind: 'directory', dir },
      publicKey: null,
      downloadBaseUrl: null,
      maxBytes: 1024,
    });
    const s = await signed(artifact('4.0.0'));
    await expect(
      noKey.create(await w.actor(w.users.fleet), {
        version: '4.0.0',
        hardwareRevision: 'SIM',
        url: 'https://x.example/a',
        sizeBytes: 1,
        sha256: s.sha256,
        signature: s.signature,
      }),
    ).rejects.toMatchObject({ messageKey: 'firmware.noPublicKey' });
  });
});
