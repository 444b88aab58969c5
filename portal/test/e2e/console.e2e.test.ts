import { TEST_PASSWORD } from '@ilumen/services/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, shot } from '../support/browser';
import '../support/expect-visible';
import { type PortalHarness, startPortal } from '../support/portal-harness';

let h: PortalHarness;
let browser: Browser;

beforeAll(async () => {
  h = await startPortal('e2e_console');
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'nl-BE', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  return page;
}

async function login(page: Page, email: string, password: string) {
  await page.goto(`${h.url}/login`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

describe('installer console, end to end in a browser', () => {
  it('logs in, creates a site, adds a device, invites the homeowner who accepts, logs in and out', async () => {
    const page = await newPage();
    await login(page, 'admin@zonnewarmte.test', TEST_PASSWORD);
    await page.waitForURL(`${h.url}/console`);
    await expect(page.getByRole('heading', { name: 'Welkom, Anna Installateur' })).toBeVisibleSoon();
    await expect(page.getByTestId('home-alarms').getByText('Open alarmen')).toBeVisibleSoon();
    await page.screenshot({ path: shot('01-console') });

    // Create a site.
    await page.getByRole('link', { name: 'Sites', exact: true }).click();
    await page.getByRole('link', { name: 'Nieuwe site' }).click();
    await page.getByLabel('Straat').fill('Lindelaan');
    await page.getByLabel('Huisnummer').fill('42');
    await page.getByLabel('Postcode').fill('9050');
    await page.getByLabel('Gemeente').fill('Gentbrugge');
    await page.getByLabel('Hoofdzekering (A)').fill('40');
    // First a mistake: the form keeps what was typed and says what is wrong, in Dutch.
    await page.getByLabel('Postcode').fill('905');
    await page.getByRole('button', { name: 'Maak aan' }).click();
    await expect(page.getByText('Geef een Belgische postcode van 4 cijfers.')).toBeVisibleSoon();
    expect(await page.getByLabel('Straat').inputValue()).toBe('Lindelaan');
    await page.getByLabel('Postcode').fill('9050');
    await page.getByRole('button', { name: 'Maak aan' }).click();
    await page.waitForURL(/\/console\/sites\/\d+$/);
    await expect(page.getByRole('heading', { name: 'Lindelaan 42, 9050 Gentbrugge' })).toBeVisibleSoon();

    // Add a device.
    await page.getByRole('button', { name: 'Toestel toevoegen' }).click();
    const deviceDialog = page.getByRole('dialog');
    await deviceDialog.getByLabel('Type').selectOption('battery');
    await deviceDialog.getByLabel('Model').fill('iLubat 10');
    await deviceDialog.getByLabel('Serienummer').fill('ILB-E2E-0001');
    await deviceDialog.getByRole('button', { name: 'Voeg toe' }).click();
    await expect(page.getByRole('cell', { name: 'ILB-E2E-0001' })).toBeVisibleSoon();

    // Invite the homeowner.
    await page.getByRole('button', { name: 'Gebruiker toevoegen' }).click();
    const inviteDialog = page.getByRole('dialog');
    await inviteDialog.getByLabel('E-mailadres').fill('Lena.Lindelaan@example.be');
    await inviteDialog.getByRole('button', { name: 'Nodig uit' }).click();
    await expect(page.getByText('lena.lindelaan@example.be')).toBeVisibleSoon();
    await page.screenshot({ path: shot('02-site-with-device-and-invitation'), fullPage: true });

    const mail = await h.sink.waitFor((m) => m.to.includes('lena.lindelaan@example.be'), 15_000);
    expect(mail.subject).toBe('Uitnodiging voor iLumen');
    const link = mail.text.match(/http:\/\/127\.0\.0\.1:\d+\/invite\/[A-Za-z0-9_-]+/)?.[0];
    expect(link).toBeTruthy();

    // The homeowner, in their own browser, accepts and lands in their view.
    const home = await newPage();
    await home.goto(link!);
    await expect(home.getByText('Lindelaan 42, 9050 Gentbrugge', { exact: false })).toBeVisibleSoon();
    await home.getByLabel('Naam').fill('Lena Lindelaan');
    await home.getByLabel('Nieuw wachtwoord').fill('Zonnig-huis-2026');
    await home.getByLabel('Herhaal wachtwoord').fill('Zonnig-huis-2026');
    await home.getByRole('button', { name: 'Aanvaard uitnodiging' }).click();
    await home.waitForURL(`${h.url}/app`);
    await expect(home.getByText('Lindelaan 42')).toBeVisibleSoon();
    await home.screenshot({ path: shot('03-homeowner-after-accepting') });

    // Log out, and back in with the new password.
    await home.getByRole('button', { name: 'Afmelden' }).click();
    await home.waitForURL(`${h.url}/login`);
    await expect(home.getByText('Je bent afgemeld.')).toBeVisibleSoon();
    await login(home, 'lena.lindelaan@example.be', 'Zonnig-huis-2026');
    await home.waitForURL(`${h.url}/app`);
    await expect(home.getByText('Hoofdgebruiker')).toBeVisibleSoon();

    // The installer sees the homeowner as the site's main user now.
    await page.reload();
    await expect(page.getByText('Lena Lindelaan')).toBeVisibleSoon();
  });

  it('works before its script has loaded: a forgotten password is reset and used with JavaScript off', async () => {
    // As on a slow phone: every form goes out as a plain post, from pages that keep their address (and token) to themselves.
    const context = await browser.newContext({ locale: 'nl-BE', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${h.url}/forgot-password`);
    await page.getByLabel('E-mailadres').fill('owner-b@home.test');
    await page.getByRole('button', { name: 'Stuur de link' }).click();
    await expect(page.getByText('Als dit e-mailadres bij ons bekend is', { exact: false })).toBeVisibleSoon();
    const mail = await h.sink.waitFor(
      (m) => m.to.includes('owner-b@home.test') && m.subject === 'Kies een nieuw wachtwoord voor iLumen',
      15_000,
    );
    const link = mail.text.match(/http:\/\/127\.0\.0\.1:\d+\/reset-password\/[A-Za-z0-9_-]+/)?.[0];
    expect(link).toBeTruthy();
    await page.goto(link!);
    await page.getByLabel('Nieuw wachtwoord').fill('Andere-zon-2026');
    await page.getByLabel('Herhaal wachtwoord').fill('Andere-zon-2026');
    await page.getByRole('button', { name: 'Bewaar wachtwoord' }).click();
    await page.waitForURL(`${h.url}/app`);
    await expect(page.getByText('Je wachtwoord is gewijzigd.', { exact: false })).toBeVisibleSoon();
    await page.screenshot({ path: shot('04-no-script-password-reset') });
    // signed out, and in again with the new password
    await page.getByRole('button', { name: 'Afmelden' }).first().click();
    await page.waitForURL(`${h.url}/login`);
    await login(page, 'owner-b@home.test', 'Andere-zon-2026');
    await page.waitForURL(`${h.url}/app`);
    await context.close();
  });

  it("keeps a form that needs the page's script closed until the script has loaded", async () => {
    // the script never arrives: plain forms (logging in) still work, a fetcher's form cannot be sent half-way
    const context = await browser.newContext({ locale: 'nl-BE' });
    const page = await context.newPage();
    await page.route(/\/assets\/.*\.js$/, (route) => route.abort());
    await login(page, 'owner-a@home.test', TEST_PASSWORD);
    await page.waitForURL(`${h.url}/app`);
    await page.goto(`${h.url}/app/sites/${h.world.sites.siteA}/settings/tariffs`);
    // Both forms of the page (the tariff and the supply contract) wait for the script.
    await expect(page.getByRole('button', { name: 'Bewaar' }).first()).toBeVisibleSoon();
    const saves = await page.getByRole('button', { name: 'Bewaar' }).all();
    expect(saves.length).toBe(2);
    for (const save of saves) expect(await save.isDisabled()).toBe(true);
    await context.close();
  });

  it('refuses a wrong password with a clear message and keeps the address typed', async () => {
    const page = await newPage();
    await login(page, 'admin@zonnewarmte.test', 'not-the-password');
    await expect(page.getByText('E-mailadres of wachtwoord is niet juist.')).toBeVisibleSoon();
    expect(await page.getByLabel('E-mailadres').inputValue()).toBe('admin@zonnewarmte.test');
  });

  it('shows a Dutch "not found" page for another tenant\'s site', async () => {
    const page = await newPage();
    await login(page, 'admin@zonnewarmte.test', TEST_PASSWORD);
    await page.waitForURL(`${h.url}/console`);
    const res = await page.goto(`${h.url}/console/sites/${h.world.sites.siteB}`);
    expect(res?.status()).toBe(404);
    await expect(page.getByText('Niet gevonden.')).toBeVisibleSoon();
  });
});
