/*
 * Decision 090: a value refused as implausible is shown to the support desk on the site's troubleshooting page, with
 * its reason in the reader's language (codes and fields translated at the edge, values in their units).
 */
import { recordAnomalies } from '@ilumen/services/energy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalHarness, startPortal } from './support/portal-harness';

let h: PortalHarness;
beforeAll(async () => {
  h = await startPortal('implausible');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const text = (html: string) =>
  html
    .replace(/<!--.*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, ' ');

describe('implausible data on the troubleshooting page', () => {
  it('lists each refused value with its reason, in the reader’s language', async () => {
    const siteId = h.world.sites.siteA;
    await h.testDb.db
      .updateTable('sites')
      .set({ grid_phases: 3, main_fuse_a: 32 })
      .where('id', '=', siteId)
      .execute();
    await recordAnomalies(h.testDb.db, [
      {
        code: 'over-connection',
        field: 'grid.importW',
        value: 31_337,
        limit: 27_600,
        siteId,
        ts: new Date('2026-12-07T08:00:00Z'),
        source: 'live',
      },
      {
        code: 'counter-backwards',
        field: 'meter.import',
        value: 12,
        limit: 1_000_000,
        siteId,
        ts: new Date('2026-12-07T07:45:00Z'),
        source: 'gateway',
      },
    ]);
    const cookie = await h.cookieFor(h.world.users.support);
    const page = async () =>
      text(
        await (await fetch(`${h.url}/console/sites/${siteId}/troubleshoot`, { headers: { cookie } })).text(),
      );

    const nl = await page();
    expect(nl).toContain('Onwaarschijnlijke gegevens');
    expect(nl).toContain('Afname: 31,34 kW is meer dan de aansluiting aankan (27,60 kW).');
    expect(nl).toContain('Afnameteller: de teller ging terug, van 1.000,00 kWh naar 0,01 kWh.');

    await h.testDb.db
      .updateTable('users')
      .set({ locale: 'fr' })
      .where('id', '=', h.world.users.support)
      .execute();
    const fr = await page();
    expect(fr).toContain('Données invraisemblables');
    expect(fr).toContain('Prélèvement : 31,34 kW dépasse ce que le raccordement supporte (27,60 kW).');

    await h.testDb.db
      .updateTable('users')
      .set({ locale: 'en' })
      .where('id', '=', h.world.users.support)
      .execute();
    const en = await page();
    // English in Belgium: the app's one number format per language (en-BE writes 31,34)
    expect(en).toContain('Import: 31,34 kW is more than the connection can carry (27,60 kW).');
  });

  it('shows the homeowner’s timeline an implausible value as a sentence in their language, not its raw data', async () => {
    const siteId = h.world.sites.siteA;
    await h.testDb.db
      .updateTable('users')
      .set({ locale: 'nl' })
      .where('id', '=', h.world.users.ownerA)
      .execute();
    const cookie = await h.cookieFor(h.world.users.ownerA);
    // what the reader sees: the page without its scripts (the loader's data rides along in one)
    const html = text(
      (
        await (await fetch(`${h.url}/app/sites/${siteId}/timeline?show=all`, { headers: { cookie } })).text()
      ).replace(/<script[\s\S]*?<\/script>/g, ' '),
    );
    expect(html).toContain('Onwaarschijnlijke waarde, niet gebruikt');
    expect(html).toContain('Afname: 31,34 kW is meer dan de aansluiting aankan (27,60 kW).');
    expect(html).not.toContain('data.implausible');
    expect(html).not.toContain('over-connection');
  });
});
