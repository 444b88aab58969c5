/*
 * The console's firmware pages over HTTP, on the built portal: a fleet user uploads a signed artifact through the
 * release form, gateways download it with Range requests, a rollout is started from its form and paused from its
 * page, and the pages show the waves, the gateways and the audit trail. Installers see none of it.
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
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
import { firmwareSettingsFromEnv } from '../app/server/firmware-env.server';
import { type PortalHarness, startPortal } from './support/portal-harness';

const keys = generateSigningKeys();
const dir = mkdtempSync(join(tmpdir(), 'fw-portal-'));
let h: PortalHarness;
let cookie: string;
const artifact = packArtifact(
  { format: 1, version: '2.1.0', hardwareRevisions: ['B2'], createdAt: '2026-11-27T10:00:00.000Z' },
  [{ path: 'gateway.mjs', data: randomBytes(40_000) }],
).bytes;
let sha256: string;

beforeAll(async () => {
  // what the portal's composition root makes of FIRMWARE_DIR and FIRMWARE_PUBLIC_KEY
  h = await startPortal('firmware_console', {
    services: {
      firmware: firmwareSettingsFromEnv({ FIRMWARE_DIR: dir, FIRMWARE_PUBLIC_KEY: keys.publicKey }),
    },
  });
  cookie = await h.cookieFor(h.world.users.fleet);
  const db = h.testDb.db;
  for (let i = 0; i < 12; i++) {
    await db
      .insertInto('gateways')
      .values({
        serial: `ILS-FWC${String(i).padStart(5, '0')}`,
        site_id: h.world.sites.siteA,
        organization_id: h.world.orgs.instA,
        hardware_revision: 'B2',
        firmware_version: '2.0.0',
        online: true,
      })
      .execute();
  }
  sha256 = (await digestOf([artifact])).sha256;
}, 120_000);
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

const page = async (path: string, c = cookie) => {
  const res = await fetch(`${h.url}${path}`, {
    headers: { cookie: c, 'accept-language': 'nl-BE' },
    redirect: 'manual',
  });
  return { status: res.status, text: await res.text(), location: res.headers.get('location') };
};
/** A form post as the browser makes it without JavaScript (the page answers with HTML, or a redirect). */
const post = (path: string, body: FormData | URLSearchParams) =>
  fetch(`${h.url}${path}`, {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: { cookie, origin: h.url, 'accept-language': 'nl-BE' },
  });
const releases = () =>
  h.testDb.db.selectFrom('firmware_releases').select(['id', 'version', 'sha256']).execute();

describe('firmware in the console', () => {
  it('takes a signed artifact through the release form and refuses one with a bad signature', async () => {
    const form = (signature: string) => {
      const f = new FormData();
      f.set('intent', 'release.create');
      f.set('version', '2.1.0');
      f.set('hardwareRevision', 'B2');
      f.set('channel', 'beta');
      f.set('signature', signature);
      f.set('file', new Blob([new Uint8Array(artifact)]), 'gw-2.1.0.ilfw');
      return f;
    };
    const bad = await post(
      '/console/firmware?index',
      form(signDigest(privateKeyFromPem(generateSigningKeys().privateKeyPem), sha256)),
    );
    expect(bad.status).toBe(422);
    expect(await releases()).toEqual([]);
    const good = await post(
      '/console/firmware?index',
      form(signDigest(privateKeyFromPem(keys.privateKeyPem), sha256)),
    );
    expect(good.status).toBe(200);
    expect(await releases()).toMatchObject([{ version: '2.1.0', sha256 }]);
    const list = await page('/console/firmware');
    expect(list.text).toContain('2.1.0');
    expect(list.text).toContain(sha256.slice(0, 12));
    expect(list.text).toContain(keys.publicKey.slice(0, 12));
  });

  it('serves the artifact to gateways without a login, whole or from an offset', async () => {
    const whole = await fetch(`${h.url}/firmware/${sha256}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer()).equals(artifact)).toBe(true);
    const rest = await fetch(`${h.url}/firmware/${sha256}`, { headers: { range: 'bytes=1000-' } });
    expect(rest.status).toBe(206);
    expect(rest.headers.get('content-range')).toBe(`bytes 1000-${artifact.length - 1}/${artifact.length}`);
    expect(Buffer.from(await rest.arrayBuffer()).equals(artifact.subarray(1000))).toBe(true);
    expect(
      (await fetch(`${h.url}/firmware/${sha256}`, { headers: { range: `bytes=${artifact.length}-` } }))
        .status,
    ).toBe(416);
    expect((await fetch(`${h.url}/firmware/${'0'.repeat(64)}`)).status).toBe(404);
    expect((await fetch(`${h.url}/firmware/not-a-digest`)).status).toBe(404);
  });

  it('starts a rollout from its form, shows its waves, gateways and audit trail, and pauses it', async () => {
    const release = await h.testDb.db
      .selectFrom('firmware_releases')
      .select('id')
      .where('version', '=', '2.1.0')
      .executeTakeFirstOrThrow();
    const body = new URLSearchParams({
      intent: 'rollout.create',
      name: 'B2 naar 2.1.0',
      releaseId: String(release.id),
      waves: '10, 50, 100',
      soakMinutes: '30',
      ratePerMinute: '20',
      maxFailurePct: '5',
      windowFrom: '01:00',
      windowTo: '05:00',
    });
    const preview = await post('/console/rollouts/new', new URLSearchParams([...body, ['preview', '1']]));
    expect(preview.status).toBe(200);
    expect(await h.testDb.db.selectFrom('rollouts').select('id').execute()).toEqual([]);
    const created = await post('/console/rollouts/new', body);
    expect(created.status).toBe(302);
    const location = created.headers.get('location');
    expect(location).toMatch(/^\/console\/rollouts\/\d+$/);
    const detail = await page(location!);
    expect(detail.status).toBe(200);
    for (const text of [
      'B2 naar 2.1.0',
      'Golf 1',
      'Golf 3',
      'tot 10 % · 2 gateways',
      'Venster 01:00–05:00',
      'ILS-FWC00000',
      'rollout.create',
      'fleet@ilumen.test',
    ])
      expect(detail.text).toContain(text);

    const pause = await post(
      location!,
      new URLSearchParams({ intent: 'rollout.pause', rolloutId: location!.split('/').at(-1)! }),
    );
    expect(pause.status).toBe(200);
    const paused = await page(location!);
    expect(paused.text).toContain('Gepauzeerd: Met de hand gepauzeerd');
    expect(paused.text).toContain('rollout.pause');
    const index = await page('/console/rollouts');
    expect(index.text).toContain('B2 naar 2.1.0');
  });

  it('tags sites for targeting, and offers to take sites out only of a tag there is', async () => {
    const before = await page('/console/rollouts');
    // (the page's messages travel with it: look at what is rendered, between tags)
    expect(before.text).toContain('>Nog geen tags.<');
    expect(before.text).not.toContain('>Tag weghalen<');
    const tagged = await post(
      '/console/rollouts',
      new URLSearchParams({ intent: 'tags.set', tag: 'pilot', siteIds: `${h.world.sites.siteA}` }),
    );
    expect(tagged.status).toBeLessThan(400);
    const after = await page('/console/rollouts');
    expect(after.text).toContain('>Tag weghalen<');
    expect(after.text).toMatch(/<option[^>]*value="pilot"/);
    const removed = await post(
      '/console/rollouts',
      new URLSearchParams({
        intent: 'tags.set',
        tag: 'pilot',
        siteIds: `${h.world.sites.siteA}`,
        remove: 'true',
      }),
    );
    expect(removed.status).toBeLessThan(400);
    expect((await page('/console/rollouts')).text).not.toContain('>Tag weghalen<');
  });

  it('is not there for installers', async () => {
    const tech = await h.cookieFor(h.world.users.instATech);
    expect((await page('/console/firmware', tech)).status).toBe(403);
    expect((await page('/console/rollouts', tech)).status).toBe(403);
    const nav = await page('/console', tech);
    expect(nav.text).not.toContain('/console/rollouts');
    expect((await page('/console', cookie)).text).toContain('/console/rollouts');
  });
});
