import { liveKeys } from '@ilumen/services';
import { TEST_PASSWORD } from '@ilumen/services/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, shot } from '../support/browser';
import '../support/expect-visible';
import { type PortalHarness, startPortal } from '../support/portal-harness';

// The console's lists as people use them (decision 003, docs/architecture.md): searching and filtering the sites, sorting each table by its
// headers, reading whole status badges, and an installer watching a site's live values on its console page.
let h: PortalHarness;
let browser: Browser;

beforeAll(async () => {
  h = await startPortal('e2e_console_tables');
  browser = await launchBrowser();
  const db = h.testDb.db;
  const gateway = await db
    .insertInto('gateways')
    .values({
      serial: 'ILS-TABLE0001',
      site_id: h.world.sites.siteA,
      organization_id: h.world.orgs.instA,
      online: true,
      firmware_version: '1.4.0',
    })
    .executeTakeFirstOrThrow();
  // a box on an installer's shelf that never connected
  await db
    .insertInto('gateways')
    .values({ serial: 'ILS-SHELF0001', organization_id: h.world.orgs.instA, online: false })
    .execute();
  // statuses as the gateways report them, long ones included
  await db
    .updateTable('devices')
    .set({ gateway_id: Number(gateway.insertId), status: 'Stand-by' })
    .where('site_id', '=', h.world.sites.siteA)
    .execute();
  await db
    .updateTable('devices')
    .set({ status: 'Ontladen' })
    .where('id', '=', h.world.devices.batteryA)
    .execute();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function loggedIn(email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'nl-BE', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(`${h.url}/login`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(`${h.url}/console`);
  return page;
}

describe('the sites list', () => {
  it('searches an address as the pages write it and filters, without an error and without a request per key', async () => {
    const page = await loggedIn('admin@ilumen.test');
    await page.goto(`${h.url}/console/sites`);
    await expect(page.getByRole('link', { name: /Kerkstraat 1/ })).toBeVisibleSoon();
    const listRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/console/sites?') || r.url().includes('/console/sites.data'))
        listRequests.push(r.url());
    });
    const typed = 'Molenstraat 1, 9300 Aalst';
    const search = page.locator('main').getByRole('searchbox', { name: 'Zoek', exact: true });
    await search.pressSequentially(typed);
    await search.press('Enter');
    await page.waitForURL(/search=Molenstraat/);
    await expect(page.getByRole('link', { name: /Molenstraat 1/ })).toBeVisibleSoon();
    await page.getByRole('link', { name: /Kerkstraat 1/ }).waitFor({ state: 'detached' });
    // typing is not a request per keystroke
    expect(listRequests.length).toBeLessThan(typed.length / 2);
    // a filter next to the search keeps the list; no empty field reaches the URL
    await page.getByLabel('Status').selectOption('active');
    await page.waitForURL(/status=active/);
    await expect(page.getByRole('link', { name: /Molenstraat 1/ })).toBeVisibleSoon();
    expect(page.url()).not.toMatch(/[?&](sort|desc|organizationId)=(&|$)/);
    expect(await page.getByText('Controleer de gemarkeerde velden').count()).toBe(0);
    await page.screenshot({ path: shot('console-sites-search'), fullPage: true });

    // what a form without its script posts (every field, empty ones too) lists as well
    const res = await fetch(`${h.url}/console/sites?sort=&desc=&search=&status=&organizationId=`, {
      headers: { cookie: await h.cookieFor(h.world.users.admin) },
    });
    expect(res.status).toBe(200);
  });
});

describe('every console table sorts by its headers', () => {
  const tables = [
    { path: '/console/sites', header: 'Postcode', column: 'postal_code' },
    { path: '/console/fleet', header: 'Firmware', column: 'firmware_version' },
    { path: '/console/fleet/devices', header: 'Serienummer', column: 'serial' },
    { path: '/console/alarms', header: 'Status', column: 'status' },
    { path: '/console/mandates', header: 'Status', column: 'status' },
    { path: '/console/tenants', header: 'Sites', column: 'sites' },
    { path: '/console/audit', header: 'Wat', column: 'action' },
  ];
  it.each(tables)(
    '$path by $header: ascending, then descending, in the URL and on the header',
    async (table) => {
      const page = await loggedIn('admin@ilumen.test');
      await page.goto(`${h.url}${table.path}`);
      const header = page.getByRole('columnheader', { name: table.header, exact: false }).first();
      await header.getByRole('button').click();
      await page.waitForURL(new RegExp(`sort=${table.column}(&|$)`));
      await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
      await header.getByRole('button').click();
      await page.waitForURL(/desc=1/);
      await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    },
  );
});

describe('status badges', () => {
  it("say 'Nooit verbonden' for a box that never connected, 'Online' for one that speaks", async () => {
    const page = await loggedIn('admin@ilumen.test');
    await page.goto(`${h.url}/console/fleet`);
    const row = (serial: string) => page.getByRole('row').filter({ hasText: serial });
    await expect(row('ILS-SHELF0001').getByText('Nooit verbonden', { exact: true })).toBeVisibleSoon();
    await expect(row('ILS-TABLE0001').getByText('Online', { exact: true })).toBeVisibleSoon();
    expect(await row('ILS-SHELF0001').getByText('Offline', { exact: true }).count()).toBe(0);
  });

  it.each([
    ['the fleet devices table', () => '/console/fleet/devices'],
    ["a site's devices", () => `/console/sites/${h.world.sites.siteA}`],
  ])('are never cut short in %s', async (_name, path) => {
    const page = await loggedIn('admin@ilumen.test');
    await page.goto(`${h.url}${path()}`);
    await expect(page.getByText('Ontladen', { exact: true }).first()).toBeVisibleSoon();
    const clipped = await page.$$eval('.mantine-Badge-label', (labels) =>
      labels.filter((l) => l.scrollWidth > l.clientWidth + 1).map((l) => l.textContent),
    );
    expect(clipped).toEqual([]);
    await page.screenshot({ path: shot(`console-badges-${path().split('/')[2]}`), fullPage: true });
  });
});

describe("a site's console page", () => {
  it("shows an installer the site's live values", async () => {
    const siteId = h.world.sites.siteA;
    await h.redis.set(
      liveKeys(h.redisPrefix).latest(siteId),
      JSON.stringify({
        siteId,
        gatewaySerial: 'ILS-TABLE0001',
        receivedAt: new Date().toISOString(),
        live: { v: 1, ts: new Date().toISOString(), grid: { importW: 1500, exportW: 0 } },
      }),
    );
    const page = await loggedIn('tech@zonnewarmte.test');
    await page.goto(`${h.url}/console/sites/${siteId}`);
    await expect(
      page.getByTestId('site-live').getByTestId('live-net').getByText('1,50 kW'),
    ).toBeVisibleSoon();
    await page.screenshot({ path: shot('console-site-live'), fullPage: true });
  });
});
