import { writeJson } from '@ilumen/db';
import { addDays, localDate, quarterStartsOfDay } from '@ilumen/energy';
import { writeQuarters } from '@ilumen/services/energy';
import { TEST_PASSWORD } from '@ilumen/services/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, shot } from '../support/browser';
import { type PortalHarness, startPortal } from '../support/portal-harness';

// The contract comparison and the energy data export (decisions 240, 241), as the homeowner uses them.

let h: PortalHarness;
let browser: Browser;
let siteId: number;
const yesterday = addDays(localDate(Date.now()), -1);

beforeAll(async () => {
  h = await startPortal('e2e_comparison');
  browser = await launchBrowser();
  siteId = h.world.sites.siteA;
  const db = h.testDb.db;
  await db
    .insertInto('tariffs')
    .values({
      site_id: siteId,
      effective_from: '2020-01-01',
      import_eur_per_kwh: '0.30000',
      export_eur_per_kwh: '0.05000',
    })
    .execute();
  await db
    .insertInto('contract_offers')
    .values({
      name: 'Enkelvoudig (e2e)',
      kind: 'single',
      terms: writeJson({ fixedEurPerYear: '0', importEurPerKwh: '0.20', exportEurPerKwh: '0.04' })!,
    })
    .execute();
  // Forty days up to yesterday: the last whole month is known, the months before it are not.
  for (let i = 0; i < 40; i++) {
    await writeQuarters(
      db,
      quarterStartsOfDay(addDays(yesterday, -i)).map((ts, q) => ({
        source: 'gateway' as const,
        siteId,
        ts: new Date(ts),
        importWh: q >= 40 && q < 56 ? 0 : 150,
        exportWh: q >= 40 && q < 56 ? 300 : 0,
        productionWh: q >= 32 && q < 64 ? 400 : 0,
      })),
    );
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function ownerPage(): Promise<Page> {
  const context = await browser.newContext({
    locale: 'nl-BE',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(`${h.url}/login`);
  await page.getByLabel('E-mailadres').fill('owner-a@home.test');
  await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(/\/app/);
  return page;
}

const euro = (v: string) =>
  new Intl.NumberFormat('nl-BE', { style: 'currency', currency: 'EUR' }).format(Number(v));

describe('the contract comparison and the data export, in a browser', () => {
  it('compares the known months under each contract, and offers the PDF and the mail', async () => {
    const page = await ownerPage();
    const c = await h.services.comparison.comparison(await h.world.actor(h.world.users.ownerA), { siteId });
    if (c.state !== 'ready') throw new Error('expected a comparison');
    await page.goto(`${h.url}/app/sites/${siteId}/bill`);
    await page.getByRole('link', { name: 'Welk contract past bij mij?' }).click();
    await page.getByTestId('comparison-table').waitFor();
    expect(await page.getByTestId('comparison-partial').textContent()).toContain(
      `vergelijking op ${c.months} maand`,
    );
    const own = c.rows.find((r) => r.kind === 'own')!;
    const row = page.getByTestId('comparison-row-own');
    expect(await row.getByTestId('actual').textContent()).toBe(euro(own.actual.netEur));
    expect(await page.getByTestId('comparison-row-single').getByTestId('actual').textContent()).toBe(
      euro(c.rows.find((r) => r.kind === 'single')!.actual.netEur),
    );
    await page.screenshot({ path: shot('comparison-01-page'), fullPage: true });
    const pdf = await page.request.get(`${h.url}/app/sites/${siteId}/comparison.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await page.getByRole('button', { name: 'Mail mij de vergelijking' }).click();
    await page.getByText('De vergelijking wordt als pdf gemaild naar owner-a@home.test.').waitFor();
  });

  it('refuses a period that ends before it starts, then downloads the CSV', async () => {
    const page = await ownerPage();
    await page.goto(`${h.url}/app/exports`);
    const form = page.getByTestId('energy-export');
    await form.getByLabel('Van').fill(yesterday);
    await form.getByLabel('Tot en met').fill(addDays(yesterday, -3));
    await form.getByRole('button', { name: 'Download CSV' }).click();
    await form.getByText('De einddatum ligt voor de begindatum.').waitFor();
    await form.getByLabel('Tot en met').fill(yesterday);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      form.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^Verbruikshistoriek_elektriciteit_.*_kwartiertotalen\.csv$/,
    );
    await page.screenshot({ path: shot('comparison-02-exports'), fullPage: true });
  });
});
