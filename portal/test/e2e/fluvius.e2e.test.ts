import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixturePath } from '@ilumen/fixtures';
import { addDays, brusselsDayWindow, brusselsLocalDate } from '@ilumen/fluvius/time';
import { TEST_PASSWORD } from '@ilumen/services/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotDir, shot } from '../support/browser';
import '../support/expect-visible';
import { type FluviusPortal, startFluviusPortal } from '../support/fluvius-harness';

let h: FluviusPortal;
let browser: Browser;
const SITE_EAN = '541448820052377134'; // site A's meter in the test world

beforeAll(async () => {
  h = await startFluviusPortal('e2e_fluvius');
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function newPage(viewport = { width: 390, height: 844 }): Promise<Page> {
  const context = await browser.newContext({ locale: 'nl-BE', viewport });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  return page;
}

async function login(page: Page, email: string) {
  await page.goto(`${h.url}/login`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Mijn Fluvius (the simulator's pages): enter the EAN, ask, confirm. */
async function consentInMijnFluvius(page: Page, ean: string, options: { holder?: boolean } = {}) {
  await page.waitForURL((u) => u.href.startsWith(`${h.simulator.url}/verbruik/dienstverlener`));
  await page.getByLabel('EAN-code van je aansluiting').fill(ean);
  if (options.holder === false) await page.getByLabel('Ik ben de houder van het energiecontract').uncheck();
  await page.getByRole('button', { name: 'Verbruiken aanvragen' }).click();
  await page.getByRole('button', { name: 'Aanvraag bevestigen' }).click();
  await page.waitForURL((u) => u.href.startsWith(`${h.url}/fluvius-return`));
}

describe('the Fluvius mandate in a browser', () => {
  it('homeowner: "+" → EAN → Mijn Fluvius → back → poll → mail and notification → link → sync → data from Fluvius', async () => {
    const page = await newPage();
    await login(page, 'owner-a@home.test');
    await page.goto(`${h.url}/app/add-address`);
    const ean = page.getByLabel('EAN-code (elektriciteit)');
    // A typo in the last digit: one clear message, what was typed stays.
    await ean.fill('5414 4882 0052 3771 35');
    await page.getByRole('button', { name: 'Naar Mijn Fluvius' }).click();
    await expect(
      page.getByText('Het controlecijfer klopt niet: controleer de code op je factuur of meter.'),
    ).toBeVisibleSoon();
    expect(await ean.inputValue()).toBe('5414 4882 0052 3771 35');
    await ean.fill('17 cijfers 5414488200');
    await page.getByRole('button', { name: 'Naar Mijn Fluvius' }).click();
    await expect(page.getByText('Een EAN-code bevat enkel cijfers.')).toBeVisibleSoon();
    await page.screenshot({ path: shot('fluvius-01-ean-form-error'), fullPage: true });
    await ean.fill('5414 4882 0052 3771 34');
    await page.getByRole('button', { name: 'Naar Mijn Fluvius' }).click();

    await consentInMijnFluvius(page, SITE_EAN);
    await expect(page.getByRole('heading', { name: 'Bedankt, je aanvraag is verstuurd' })).toBeVisibleSoon();
    await expect(
      page.getByText('Binnen de 2 uur krijg je een mail en een melding in de app'),
    ).toBeVisibleSoon();
    await page.screenshot({ path: shot('fluvius-02-return'), fullPage: true });

    // The worker's hourly poll, run now.
    const [mandate] = await h.testDb.db.selectFrom('fluvius_mandates').selectAll().execute();
    expect(mandate).toMatchObject({ ean: SITE_EAN, status: 'pending', return_result: 'success' });
    expect(await h.sync.pollOpen()).toMatchObject({ polled: 1, failed: 0 });
    const mail = await h.sink.waitFor(
      (m) => m.to.includes('owner-a@home.test') && m.subject === 'Je digitale meter kan gekoppeld worden',
      15_000,
    );
    const link = mail.text.match(/http:\/\/127\.0\.0\.1:\d+\/app\/mandates\?link=\d+/)?.[0];
    expect(link).toBeTruthy();

    await page.goto(`${h.url}/app/notifications`);
    await expect(page.getByText('Je digitale meter kan gekoppeld worden')).toBeVisibleSoon();
    await expect(
      page.getByText(`Fluvius bevestigde je mandaat voor EAN ${SITE_EAN}.`, { exact: false }),
    ).toBeVisibleSoon();

    await page.goto(link!);
    await expect(page.getByText('Koppel je digitale meter')).toBeVisibleSoon();
    expect(await page.getByLabel('Adres van de installatie').inputValue()).toBe(String(h.world.sites.siteA));
    await page.screenshot({ path: shot('fluvius-03-link'), fullPage: true });
    await page.getByRole('button', { name: 'Koppel aan dit adres' }).click();
    await expect(
      page.getByText('De meter is gekoppeld aan Kerkstraat 1, 9000 Gent. We halen de historiek op.'),
    ).toBeVisibleSoon();

    // The backfill job the link queued, run now: the last week's quarters, from Fluvius.
    await h.sync.backfill(mandate!.id);
    const yesterday = addDays(brusselsLocalDate(h.clock.now()), -1);
    const quarters = await h.testDb.db
      .selectFrom('energy_qh')
      .select(['import_wh', 'grid_source', 'fl_state'])
      .where('site_id', '=', h.world.sites.siteA)
      .where('ts', '>=', brusselsDayWindow(yesterday).from)
      .where('ts', '<', brusselsDayWindow(yesterday).to)
      .execute();
    expect(quarters).toHaveLength(h.simulator.control.servedDay(SITE_EAN, yesterday).length);
    expect(quarters.every((q) => q.grid_source === 'fluvius' && q.fl_state !== null)).toBe(true);
    const served = h.simulator.control
      .servedDay(SITE_EAN, yesterday)
      .reduce((s, q) => s + q.servedOfftakeWh, 0);
    const day = await h.testDb.db
      .selectFrom('energy_day')
      .select('import_wh')
      .where('site_id', '=', h.world.sites.siteA)
      .where('day', '=', yesterday)
      .executeTakeFirstOrThrow();
    expect(Number(day.import_wh)).toBe(served);

    await page.reload();
    await expect(page.getByTestId(`mandate-${mandate!.id}`).getByText('Gekoppeld')).toBeVisibleSoon();
    await expect(page.getByText(/Historiek vanaf/)).toBeVisibleSoon();
    await page.screenshot({ path: shot('fluvius-04-linked'), fullPage: true });
  });

  it('homeowner: a foreign export is refused, this meter’s export is previewed and imported', async () => {
    const page = await newPage();
    await login(page, 'owner-a@home.test');
    await page.goto(`${h.url}/app/sites/${h.world.sites.siteA}/import`);
    const english = fixturePath(
      'fluvius',
      'Consumption_history_electricity_541448820052377134_20231022_20250426_15_minute_totals.csv',
    );
    await page.getByLabel('CSV-bestand uit Mijn Fluvius').setInputFiles(english);
    await page.getByRole('button', { name: 'Toon wat erin staat' }).click();
    await expect(
      page.getByText(
        `Dit bestand is voor EAN 123456879123456789, niet voor de meter van dit adres (EAN ${SITE_EAN}). Niets geïmporteerd.`,
      ),
    ).toBeVisibleSoon();
    expect(await h.testDb.db.selectFrom('fluvius_csv_uploads').select('id').execute()).toEqual([]);

    // The same export, as the homeowner's own meter would give it (a copy with this site's EAN).
    const own = path.join(screenshotDir, '..', 'own-export.csv');
    writeFileSync(own, readFileSync(english, 'utf8').replaceAll('="123456879123456789"', `="${SITE_EAN}"`));
    await page.getByLabel('CSV-bestand uit Mijn Fluvius').setInputFiles(own);
    await page.getByRole('button', { name: 'Toon wat erin staat' }).click();
    await expect(page.getByTestId('csv-summary')).toBeVisibleSoon();
    expect(await page.getByTestId('csv-summary').textContent()).toContain(
      '71 dagen, van 22/10/2023 tot en met 31/12/2023',
    );
    await expect(
      page.getByRole('row', { name: /29\/10\/2023 100 24,70\skWh 2,81\skWh nieuw/ }),
    ).toBeVisibleSoon();
    await page.screenshot({ path: shot('fluvius-05-csv-preview'), fullPage: true });
    await page.getByRole('button', { name: 'Importeer 71 dagen' }).click();
    await expect(page.getByText(/71 dagen geïmporteerd/)).toBeVisibleSoon();
    const day = await h.testDb.db
      .selectFrom('energy_day')
      .select(['import_wh', 'export_wh', 'grid_quarters'])
      .where('site_id', '=', h.world.sites.siteA)
      .where('day', '=', '2023-10-29')
      .executeTakeFirstOrThrow();
    expect(day).toEqual({ import_wh: 24_700, export_wh: 2_805, grid_quarters: 100 });
  });

  it('installer: starts it from the site page, the customer confirms, the installer links it; support sees it in the fleet', async () => {
    const page = await newPage({ width: 1280, height: 900 });
    await login(page, 'admin@zonnewarmte.test');
    await page.goto(`${h.url}/console/sites/${h.world.sites.siteA2}`);
    await page.getByRole('link', { name: 'Mandaten en import' }).click();
    await page.waitForURL(/\/mandates$/);
    await page.getByLabel('EAN-code (elektriciteit)').fill('541448820052377134');
    await page.getByRole('button', { name: 'Start mandaat en open Mijn Fluvius' }).click();
    // The meter of another of this installer's own addresses (another tenant's EAN would be taken, decision 083).
    await expect(
      page.getByText('Deze EAN-code is al aan een ander adres gekoppeld.', { exact: false }),
    ).toBeVisibleSoon();
    await page.getByLabel('EAN-code (elektriciteit)').fill('541448820099999993');
    await page.getByRole('button', { name: 'Start mandaat en open Mijn Fluvius' }).click();
    // The customer is not the contract holder: the holder approves later.
    await consentInMijnFluvius(page, '541448820099999993', { holder: false });
    await expect(page.getByRole('link', { name: 'Terug naar de site' })).toBeVisibleSoon();
    await page.getByRole('link', { name: 'Terug naar de site' }).click();
    await expect(page.getByText('Wacht op je bevestiging in Mijn Fluvius')).toBeVisibleSoon();

    await h.sync.pollOpen();
    const mandate = await h.testDb.db
      .selectFrom('fluvius_mandates')
      .selectAll()
      .where('ean', '=', '541448820099999993')
      .executeTakeFirstOrThrow();
    expect(mandate.status).toBe('requested');
    h.simulator.control.approve(mandate.reference_number);
    await page.getByRole('button', { name: 'Controleer nu bij Fluvius' }).click();
    await expect(page.getByText('We vragen de status nu op bij Fluvius.')).toBeVisibleSoon();
    await h.sync.pollMandate(mandate.id);
    await page.reload();
    await page.getByRole('button', { name: 'Koppel aan dit adres' }).click();
    await expect(
      page.getByText('De meter is gekoppeld aan dit adres. We halen de historiek op.'),
    ).toBeVisibleSoon();
    await expect(page.getByTestId(`mandate-${mandate.id}`).getByText('Gekoppeld')).toBeVisibleSoon();
    await page.screenshot({ path: shot('fluvius-06-console-site'), fullPage: true });
    const meter = await h.testDb.db
      .selectFrom('meters')
      .select(['site_id'])
      .where('ean', '=', '541448820099999993')
      .executeTakeFirstOrThrow();
    expect(meter.site_id).toBe(h.world.sites.siteA2);

    const support = await newPage({ width: 1280, height: 900 });
    await login(support, 'support@ilumen.test');
    await support.getByRole('link', { name: 'Mandaten', exact: true }).click();
    await support.waitForURL(/\/console\/mandates/);
    await expect(support.getByRole('cell', { name: '541448820099999993' })).toBeVisibleSoon();
    await expect(support.getByRole('cell', { name: SITE_EAN })).toBeVisibleSoon();
    await support.getByLabel('Zoek').fill('5414488200999');
    await expect(support.getByText('1 resultaat')).toBeVisibleSoon();
    await support.screenshot({ path: shot('fluvius-07-fleet'), fullPage: true });
  });
});
