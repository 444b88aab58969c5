/*
 * Pages in the reader's language over HTTP, on the built portal (decisions 100–102): a console site page with device
 * statuses, a homeowner's dashboard and charger page with a fault, and a rollout's page with its log and a gateway's
 * failure, each read in Dutch, French and English. No page shows a gateway's or an engine's code, a message key, text
 * of another language where we know it, or two decimal separator styles.
 */

import { addDays, localDate, quarterStartsOfDay } from '@ilumen/energy';
import {
  digestOf,
  generateSigningKeys,
  packArtifact,
  privateKeyFromPem,
  signDigest,
} from '@ilumen/firmware-signing';
import { catalogs, coded, type Locale } from '@ilumen/i18n';
import { writeQuarters } from '@ilumen/services/energy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalHarness, startPortal } from './support/portal-harness';

const keys = generateSigningKeys();
let h: PortalHarness;
let rolloutId: number;
/** A day in another month than the dashboard's, on which the home only fed in. */
const exportDay = addDays(localDate(Date.now()), -45);

beforeAll(async () => {
  h = await startPortal('languages', {
    services: { firmware: { store: null, publicKey: keys.publicKey, downloadBaseUrl: null, maxBytes: 1 } },
  });
  const db = h.testDb.db;
  const siteId = h.world.sites.siteA;
  // What the gateway reported: statuses as the manual names them, a fault with its code and Dutch text.
  await db
    .updateTable('devices')
    .set({ status: 'Standby', status_changed_at: new Date() })
    .where('id', '=', h.world.devices.batteryA)
    .execute();
  await db
    .updateTable('devices')
    .set({
      status: 'Fout',
      status_code: '203',
      status_text: 'Laadpaal oververhit',
      status_changed_at: new Date(),
    })
    .where('id', '=', h.world.devices.chargerA)
    .execute();
  await db
    .insertInto('tariffs')
    .values({
      site_id: siteId,
      effective_from: '2020-01-01',
      import_eur_per_kwh: '0.30000',
      export_eur_per_kwh: '0.05000',
    })
    .execute();
  const yesterday = addDays(localDate(Date.now()), -1);
  for (const day of [yesterday, addDays(yesterday, -1)])
    await writeQuarters(
      db,
      quarterStartsOfDay(day).map((ts, i) => ({
        source: 'gateway' as const,
        siteId,
        ts: new Date(ts),
        importWh: i >= 40 && i < 56 ? 0 : 157,
        exportWh: i >= 40 && i < 56 ? 313 : 0,
        productionWh: i >= 32 && i < 64 ? 421 : 0,
      })),
    );

  // A sunny day long ago with only export: 2.4 kWh fed in at 0.05 €/kWh, nothing taken.
  await writeQuarters(
    db,
    quarterStartsOfDay(exportDay).map((ts) => ({
      source: 'gateway' as const,
      siteId,
      ts: new Date(ts),
      importWh: 0,
      exportWh: 25,
      productionWh: 40,
    })),
  );

  // A rollout paused by hand, with the engine's log lines and a gateway's report of a failed update.
  const gateways: number[] = [];
  for (let i = 0; i < 3; i++) {
    const gw = await db
      .insertInto('gateways')
      .values({
        serial: `ILS-LNG0000${i}`,
        site_id: siteId,
        organization_id: h.world.orgs.instA,
        hardware_revision: 'SIM',
        firmware_version: '1.0.0',
        online: true,
        last_seen_at: new Date(),
      })
      .executeTakeFirstOrThrow();
    gateways.push(Number(gw.insertId));
  }
  const bytes = packArtifact(
    { format: 1, version: '1.5.0', hardwareRevisions: ['SIM'], createdAt: '2026-11-27T10:00:00.000Z' },
    [{ path: 'gateway.mjs', data: Buffer.from('//') }],
  ).bytes;
  const d = await digestOf([bytes]);
  const fleet = await h.world.actor(h.world.users.fleet);
  const release = await h.services.firmware.create(fleet, {
    version: '1.5.0',
    hardwareRevision: 'SIM',
    url: 'https://fw.example.be/gw-1.5.0.ilfw',
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    signature: signDigest(privateKeyFromPem(keys.privateKeyPem), d.sha256),
  });
  const rollout = await h.services.rollouts.create(fleet, { name: 'Taaltest', releaseId: release.id });
  rolloutId = Number(rollout.id);
  await h.services.rollouts.pause(fleet, { rolloutId });
  await db
    .updateTable('rollout_targets')
    .set({ state: 'rolled_back', reason: 'restarted 3 times without passing its health check' })
    .where('rollout_id', '=', rolloutId)
    .where('gateway_id', '=', gateways[0]!)
    .execute();
  await db
    .insertInto('rollout_log')
    .values([
      {
        rollout_id: rolloutId,
        at: new Date(),
        step: 'wave.start',
        detail: coded('rollouts.log.waveStart', { wave: 1, targets: 1, pct: 1 }),
      },
      {
        rollout_id: rolloutId,
        at: new Date(),
        step: 'wave.failed',
        detail: coded('rollouts.log.health', {
          wave: 1,
          healthy: 0,
          failed: 1,
          rolledBack: 1,
          timedOut: 0,
          offlineAfter: 0,
          degraded: 0,
          pct: 100,
          max: 5,
        }),
      },
    ])
    .execute();
}, 180_000);
afterAll(async () => {
  await h?.close();
});

/** The text a reader sees: the server-drawn HTML without scripts, styles and tags. */
function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|&#160;/g, '\u00a0')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
}

async function read(userId: number, locale: Locale, path: string): Promise<string> {
  await h.testDb.db.updateTable('users').set({ locale }).where('id', '=', userId).execute();
  const cookie = await h.cookieFor(userId);
  const res = await fetch(`${h.url}${path}`, { headers: { cookie }, redirect: 'manual' });
  const html = await res.text();
  expect(res.status, `${locale} ${path}`).toBe(200);
  expect(/<html lang="(\w+)"/.exec(html)?.[1], path).toBe(locale);
  return visibleText(html);
}

const KEYS = Object.keys(catalogs.nl);
/** Words only the gateway's or the engine's own language uses: they must not reach a page in another language. */
const FOREIGN: Record<Locale, RegExp[]> = {
  nl: [/\bPaused by hand\b/, /\bgateways failed\b/, /\bhealth check\b/i, /\bStuck\b/],
  fr: [
    /\bStandby\b/,
    /\bFout\b/,
    /\bLaadpaal oververhit\b/,
    /\bPaused by hand\b/,
    /\bgateways\b/,
    /\brestarted\b/,
    /\bGolf\b/,
  ],
  en: [/\bFout\b/, /\boververhit\b/, /\bGolf\b/, /\bgepauzeerd\b/i, /\brestarted \d/],
};

function expectOneLanguage(text: string, locale: Locale, where: string) {
  for (const key of KEYS)
    if (text.includes(` ${key} `)) throw new Error(`${where} (${locale}) shows the key ${key}`);
  expect(text, `${where} (${locale}): a dynamic key`).not.toMatch(
    /\b(modules|device|fault|rollouts|devices|alarms|sites)\.[a-zA-Z_]+\.[\w./]+/,
  );
  expect(text, `${where} (${locale}): a stored code`).not.toContain('{"key"');
  for (const word of FOREIGN[locale]) expect(text, `${where} (${locale})`).not.toMatch(word);
  // Belgian formats in every language: a decimal comma, never a decimal point, before a unit or after a euro sign.
  expect(text, `${where} (${locale}): a decimal point`).not.toMatch(
    /\d\.\d{1,2}(?!\d)\s?(kWh|kW|W|V|A|°C|%|€)(?!\p{L})|€\s?[−-]?\d+\.\d{2}(?!\d)/u,
  );
  expect(text, `${where} (${locale}): a hyphen for a minus`).not.toMatch(
    /(^|\s)-\d+,\d+\s?(kWh|kW|€)(?!\p{L})/u,
  );
}

describe('every page in the reader’s language', () => {
  const expected: Record<Locale, { standby: string; fault: string; paused: string; failed: string }> = {
    nl: {
      standby: 'Standby',
      fault: 'Laadpaal oververhit',
      paused: 'Met de hand gepauzeerd',
      failed: '3 keer herstart',
    },
    fr: {
      standby: 'En veille',
      fault: 'Borne en surchauffe',
      paused: 'Mis en pause manuellement',
      failed: 'Redémarrée 3 fois',
    },
    en: {
      standby: 'Standby',
      fault: 'Charger overheated',
      paused: 'Paused by hand',
      failed: 'Restarted 3 times',
    },
  };

  for (const locale of ['nl', 'fr', 'en'] as const) {
    it(`in ${locale}: the console site page names device statuses and faults in the page's language`, async () => {
      const text = await read(h.world.users.support, locale, `/console/sites/${h.world.sites.siteA}`);
      expect(text).toContain(expected[locale].standby);
      expectOneLanguage(text, locale, 'console site');
      const trouble = await read(
        h.world.users.support,
        locale,
        `/console/sites/${h.world.sites.siteA}/troubleshoot`,
      );
      expect(trouble).toContain(expected[locale].fault);
      expectOneLanguage(trouble, locale, 'troubleshooting');
    });

    it(`in ${locale}: the homeowner's dashboard and charger page`, async () => {
      const home = await read(h.world.users.ownerA, locale, `/app/sites/${h.world.sites.siteA}`);
      // yesterday's kWh and the month's cost side by side, in one number format
      expect(home).toMatch(/12,56\skWh/);
      expect(home).toMatch(/€\s?7,04|7,04\s€/);
      expectOneLanguage(home, locale, 'dashboard');
      const charger = await read(h.world.users.ownerA, locale, `/app/chargers/${h.world.devices.chargerA}`);
      expect(charger).toContain(expected[locale].fault);
      expectOneLanguage(charger, locale, 'charger');
    });

    it(`in ${locale}: a day on which the home fed in more than it took reads as money received, not a negative amount to pay`, async () => {
      const text = await read(
        h.world.users.ownerA,
        locale,
        `/app/sites/${h.world.sites.siteA}/overview?period=day&date=${exportDay}`,
      );
      const label = { nl: 'Te ontvangen', fr: 'À recevoir', en: 'To receive' }[locale];
      expect(text).toMatch(new RegExp(`${label} (€\\s?0,12|0,12\\s€)`));
      expect(text).not.toMatch(/[−-]\s?0,12|0,12\s?[−-]/);
      expect(text).not.toContain(catalogs[locale]['energy.cost']);
      expectOneLanguage(text, locale, 'overview');
    });

    it(`in ${locale}: the iLubat page titles a day as a sentence, the month in lower case`, async () => {
      await h.testDb.db.updateTable('users').set({ locale }).where('id', '=', h.world.users.ownerA).execute();
      const res = await fetch(
        `${h.url}/app/sites/${h.world.sites.siteA}/battery?period=day&date=2026-12-07`,
        { headers: { cookie: await h.cookieFor(h.world.users.ownerA) } },
      );
      const heading = /<h2[^>]*data-testid="period-title"[^>]*>([^<]*)</.exec(await res.text());
      expect(heading?.[0]).not.toMatch(/capitalize/);
      expect(heading?.[1]).toBe(
        { nl: 'Maandag 7 december 2026', fr: 'Lundi 7 décembre 2026', en: 'Monday, 7 December 2026' }[locale],
      );
    });

    it(`in ${locale}: a rollout's page with its log and a gateway's failed update`, async () => {
      const text = await read(h.world.users.fleet, locale, `/console/rollouts/${rolloutId}`);
      expect(text).toContain(expected[locale].paused);
      expect(text).toContain(expected[locale].failed);
      expectOneLanguage(text, locale, 'rollout');
    });
  }
});
