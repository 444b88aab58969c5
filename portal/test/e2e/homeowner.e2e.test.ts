import { effectiveFromForSaveAt } from '@ilumen/energy';
import { formatDate } from '@ilumen/i18n';
import { TEST_PASSWORD } from '@ilumen/services/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, shot } from '../support/browser';
import '../support/expect-visible';
import { type HomePortal, startHomePortal } from '../support/home-harness';

let h: HomePortal;
let browser: Browser;

beforeAll(async () => {
  h = await startHomePortal('e2e_home');
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** A phone-sized page: the homeowner view is mobile first. */
async function newPage(): Promise<Page> {
  const context = await browser.newContext({
    locale: 'nl-BE',
    viewport: { width: 390, height: 844 },
    hasTouch: true,
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  return page;
}

async function login(page: Page, email: string, password = TEST_PASSWORD) {
  await page.goto(`${h.url}/login`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

/** Every visible form field has a label (or an accessible name). */
async function unlabelledFields(page: Page): Promise<string[]> {
  return page.$$eval('input:not([type=hidden]), select, textarea', (els) =>
    els
      .filter((e) => {
        const el = e as HTMLInputElement;
        const visible = el.offsetParent !== null || el.type === 'radio';
        return (
          visible &&
          !(el.labels && el.labels.length > 0) &&
          !el.getAttribute('aria-label') &&
          !el.getAttribute('aria-labelledby')
        );
      })
      .map((e) => `${e.tagName}[name=${(e as HTMLInputElement).name}]`),
  );
}

describe('the homeowner view in a browser', () => {
  it('tariffs: saved from the keyboard, applying from tomorrow, listed in the history', async () => {
    const page = await newPage();
    await login(page, 'owner-a@home.test');
    await page.waitForURL(`${h.url}/app`);
    await expect(page.getByTestId('current-address')).toBeVisibleSoon();
    expect(await page.getByTestId('current-address').textContent()).toBe('Kerkstraat 1');
    await expect(page.getByText('Hoofdgebruiker')).toBeVisibleSoon();
    await expect(page.getByText('Er is geen iLusmart op dit adres')).toBeVisibleSoon();
    await page.screenshot({ path: shot('home-01-dashboard') });

    // The cog next to the address, then "Tarieven".
    await page.getByRole('link', { name: 'Instellingen van Kerkstraat 1, 9000 Gent' }).first().click();
    await page.waitForURL(/\/settings$/);
    await page.getByRole('link', { name: /Tarieven/ }).click();
    await page.waitForURL(/\/settings\/tariffs$/);
    expect(await unlabelledFields(page)).toEqual([]);

    // A typo first: six decimals. The message is in Dutch and the field keeps what was typed.
    const importField = page.getByLabel('Afnametarief (€/kWh)');
    await importField.fill('0,312345');
    await page.getByLabel('Injectietarief (€/kWh)').fill('0,04');
    await page.getByLabel('Injectietarief (€/kWh)').press('Enter');
    await expect(
      page.getByText('Geef een prijs in €/kWh met hoogstens 5 cijfers na de komma'),
    ).toBeVisibleSoon();
    expect(await importField.inputValue()).toBe('0,312345');

    // Keyboard only: type, Tab to the next field, type, Enter.
    await importField.focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('0,31234');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe(
      'exportEurPerKwh',
    );
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('0,04500');
    await page.keyboard.press('Enter');
    const tomorrow = formatDate('nl', effectiveFromForSaveAt(h.clock.now()));
    await expect(page.getByText(`Bewaard. Je nieuwe tarieven gelden vanaf ${tomorrow}.`)).toBeVisibleSoon();
    await expect(page.getByTestId('upcoming-tariff')).toBeVisibleSoon();

    await page.getByRole('button', { name: 'Historiek' }).click();
    await expect(page.getByRole('cell', { name: '€ 0,31234' })).toBeVisibleSoon();
    await expect(page.getByRole('cell', { name: 'Olga Eigenaar' })).toBeVisibleSoon();
    await page.waitForTimeout(300);
    await page.screenshot({ path: shot('home-02-tariffs-saved-and-history'), fullPage: true });

    const row = await h.testDb.db
      .selectFrom('tariffs')
      .selectAll()
      .where('site_id', '=', h.world.sites.siteA)
      .executeTakeFirstOrThrow();
    expect([row.effective_from, row.import_eur_per_kwh, row.export_eur_per_kwh]).toEqual([
      effectiveFromForSaveAt(h.clock.now()),
      '0.31234',
      '0.04500',
    ]);
  });

  it('a shared "Alle data" user reads the tariffs but cannot save them', async () => {
    const page = await newPage();
    await login(page, 'member-all@home.test');
    await page.waitForURL(`${h.url}/app`);
    await page.goto(`${h.url}/app/sites/${h.world.sites.siteA}/settings/tariffs`);
    await expect(
      page.getByText('Alleen de hoofdgebruiker van dit adres kan de tarieven wijzigen.'),
    ).toBeVisibleSoon();
    expect(await page.getByLabel('Afnametarief (€/kWh)').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Bewaar' }).count()).toBe(0);
    // Users ("Gebruikers") is the main user's alone.
    await page.goto(`${h.url}/app/sites/${h.world.sites.siteA}/settings`);
    await expect(page.getByRole('link', { name: /Installaties/ })).toBeVisibleSoon();
    expect(await page.getByRole('link', { name: /Gebruikers/ }).count()).toBe(0);
  });

  it('sharing an address: the invitee gets a mail, makes an account and lands in the view; the owner is notified', async () => {
    const page = await newPage();
    await login(page, 'owner-a@home.test');
    await page.waitForURL(`${h.url}/app`);
    await page.goto(`${h.url}/app/sites/${h.world.sites.siteA}/settings/users`);
    await page.getByRole('button', { name: 'Voeg gebruiker toe' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Alle data').check();
    await dialog.getByLabel('E-mailadres').fill('Nora.Nieuw@example.be');
    expect(await unlabelledFields(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Bewaar' }).click();
    await expect(page.getByText('nora.nieuw@example.be')).toBeVisibleSoon();
    await expect(page.getByText('Uitgenodigd, nog niet aanvaard')).toBeVisibleSoon();
    await page.screenshot({ path: shot('home-03-share-invited'), fullPage: true });

    const mail = await h.sink.waitFor((m) => m.to.includes('nora.nieuw@example.be'), 15_000);
    expect(mail.text).toContain('Kerkstraat 1, 9000 Gent (Alle data)');
    const link = mail.text.match(/http:\/\/127\.0\.0\.1:\d+\/invite\/[A-Za-z0-9_-]+/)?.[0];
    const invitee = await newPage();
    await invitee.goto(link!);
    await invitee.getByLabel('Naam').fill('Nora Nieuw');
    await invitee.getByLabel('Nieuw wachtwoord').fill('Zonnig-huis-2026');
    await invitee.getByLabel('Herhaal wachtwoord').fill('Zonnig-huis-2026');
    await invitee.getByRole('button', { name: 'Aanvaard uitnodiging' }).click();
    await invitee.waitForURL(`${h.url}/app`);
    expect(await invitee.getByTestId('current-address').textContent()).toBe('Kerkstraat 1');
    await expect(invitee.getByText('Alle data')).toBeVisibleSoon();
    await invitee.screenshot({ path: shot('home-04-invitee-lands-in-view') });

    // The owner's bell says 1, and the notification says who accepted.
    await page.goto(`${h.url}/app`);
    await page.getByRole('link', { name: 'Meldingen, 1 ongelezen' }).click();
    await expect(
      page.getByText('Nora Nieuw heeft nu toegang tot Kerkstraat 1, 9000 Gent (Alle data).'),
    ).toBeVisibleSoon();
    await page.screenshot({ path: shot('home-05-notification-share-accepted') });
    await page.getByRole('button', { name: 'Markeer als gelezen' }).click();
    await expect(page.getByRole('link', { name: 'Meldingen, 0 ongelezen' })).toBeVisibleSoon();

    // Taking the access away again, after a confirmation.
    await page.goto(`${h.url}/app/sites/${h.world.sites.siteA}/settings/users`);
    await page.getByRole('button', { name: 'Verwijder nora.nieuw@example.be' }).click();
    await expect(
      page.getByText('Wil je de toegang van nora.nieuw@example.be tot dit adres intrekken?'),
    ).toBeVisibleSoon();
    await page.getByRole('dialog').getByRole('button', { name: 'Verwijder' }).click();
    await expect(page.getByText('Toegang van nora.nieuw@example.be ingetrokken.')).toBeVisibleSoon();
    await invitee.reload();
    await expect(invitee.getByText('Nog geen adres')).toBeVisibleSoon();
  });

  it('sharing refusals show in the form: no access chosen beforehand, oneself, an address invited already', async () => {
    const page = await newPage();
    await login(page, 'owner-a@home.test');
    await page.waitForURL(`${h.url}/app`);
    await page.goto(`${h.url}/app/sites/${h.world.sites.siteA}/settings/users`);
    await page.getByRole('button', { name: 'Voeg gebruiker toe' }).click();
    const dialog = page.getByRole('dialog');
    // nothing is chosen for the person: neither access is preselected
    expect(await dialog.getByLabel('iLuCharges').isChecked()).toBe(false);
    expect(await dialog.getByLabel('Alle data').isChecked()).toBe(false);
    await dialog.getByLabel('Alle data').check();
    await dialog.getByLabel('E-mailadres').fill('owner-a@home.test');
    await dialog.getByRole('button', { name: 'Bewaar' }).click();
    await expect(dialog.getByText('Dit is je eigen e-mailadres')).toBeVisibleSoon();

    await dialog.getByLabel('E-mailadres').fill('twee.keer@example.be');
    await dialog.getByRole('button', { name: 'Bewaar' }).click();
    await expect(page.getByText('Uitnodiging verstuurd naar twee.keer@example.be.')).toBeVisibleSoon();
    await page.getByRole('button', { name: 'Voeg gebruiker toe' }).click();
    await dialog.getByLabel('iLuCharges').check();
    await dialog.getByLabel('E-mailadres').fill('twee.keer@example.be');
    await dialog.getByRole('button', { name: 'Bewaar' }).click();
    await expect(
      dialog.getByText('twee.keer@example.be is al uitgenodigd voor dit adres, met toegang "Alle data".', {
        exact: false,
      }),
    ).toBeVisibleSoon();
    await page.screenshot({ path: shot('home-03b-share-already-invited') });
    await dialog.getByLabel('Ja, wijzig de toegang van de openstaande uitnodiging').check();
    await dialog.getByRole('button', { name: 'Bewaar' }).click();
    await expect(
      page.getByText('De toegang van de uitnodiging voor twee.keer@example.be is gewijzigd.', {
        exact: false,
      }),
    ).toBeVisibleSoon();
    await expect(
      page.getByText('Uitgenodigd, nog niet aanvaard · iLuCharges', { exact: false }),
    ).toBeVisibleSoon();
  });

  it('profile: name and a verified e-mail change, the old address told', async () => {
    const page = await newPage();
    await login(page, 'stranger@home.test');
    await page.waitForURL(`${h.url}/app`);
    await page.getByRole('link', { name: 'Profiel' }).first().click();
    await page.waitForURL(`${h.url}/app/profile`);
    expect(await unlabelledFields(page)).toEqual([]);
    const details = page.getByRole('form', { name: 'Je gegevens' });
    await details.getByLabel('Naam').fill('Stef Verhuisd');
    await details.getByRole('button', { name: 'Bewaar' }).click();
    await expect(page.getByText('Je profiel is bewaard.')).toBeVisibleSoon();

    const change = page.getByRole('form', { name: 'E-mailadres wijzigen' });
    await change.getByLabel('Nieuw e-mailadres').fill('stef.nieuw@example.be');
    await change.getByLabel('Huidig wachtwoord').fill(TEST_PASSWORD);
    await change.getByRole('button', { name: 'Stuur de bevestigingslink' }).click();
    await expect(
      page.getByText('We stuurden een link naar stef.nieuw@example.be.', { exact: false }),
    ).toBeVisibleSoon();
    await page.screenshot({ path: shot('home-06-profile-email-change-requested'), fullPage: true });
    // Nothing changed yet.
    await page.reload();
    expect(await page.getByTestId('profile-email').textContent()).toBe('stranger@home.test');
    await expect(page.getByText('Wacht op bevestiging: stef.nieuw@example.be')).toBeVisibleSoon();

    const mail = await h.sink.waitFor((m) => m.to.includes('stef.nieuw@example.be'), 15_000);
    expect(mail.subject).toBe('Bevestig je nieuwe e-mailadres voor iLumen');
    const link = mail.text.match(/http:\/\/127\.0\.0\.1:\d+\/profile\/email\/[A-Za-z0-9_-]+/)?.[0];
    await page.goto(link!);
    await expect(
      page.getByText(
        'Bevestig dat je voortaan inlogt met stef.nieuw@example.be in plaats van stranger@home.test.',
      ),
    ).toBeVisibleSoon();
    await page.getByRole('button', { name: 'Bevestig mijn nieuwe e-mailadres' }).click();
    await expect(page.getByText('Je e-mailadres is gewijzigd naar stef.nieuw@example.be.')).toBeVisibleSoon();
    await page.screenshot({ path: shot('home-07-email-change-confirmed') });
    const notice = await h.sink.waitFor(
      (m) => m.to.includes('stranger@home.test') && m.subject.includes('gewijzigd'),
      15_000,
    );
    expect(notice.text).toContain('stef.nieuw@example.be');
    // The link works once.
    await page.goto(link!);
    await expect(
      page.getByText('Deze link is ongeldig, al gebruikt of verlopen.', { exact: false }),
    ).toBeVisibleSoon();

    // Log out everywhere, then in with the new address.
    await page.goto(`${h.url}/app/profile`);
    await page.getByRole('button', { name: 'Overal afmelden' }).click();
    await page.waitForURL(`${h.url}/login`);
    await login(page, 'stef.nieuw@example.be');
    await page.waitForURL(`${h.url}/app`);
  });

  it('a chargers-scope member sees only the charger pages', async () => {
    const page = await newPage();
    await login(page, 'member-chargers@home.test');
    await page.waitForURL(`${h.url}/app/chargers`);
    await expect(page.getByText('ILC-A-0001', { exact: false })).toBeVisibleSoon();
    expect(await page.content()).not.toContain('ILB-A-0001');
    expect(await page.getByRole('link', { name: /Instellingen van/ }).count()).toBe(0);
    await page.screenshot({ path: shot('home-08-chargers-member') });
    for (const path of ['', '/settings', '/settings/tariffs', '/settings/installations']) {
      const res = await page.goto(`${h.url}/app/sites/${h.world.sites.siteA}${path}`);
      expect(res?.status()).toBe(403);
      await expect(
        page.getByText('Voor dit adres heb je enkel toegang tot de laadpalen (iLuCharges).'),
      ).toBeVisibleSoon();
    }
    const res = await page.goto(`${h.url}/console`);
    expect(res?.status()).toBe(403);
  });

  it('support opens the read-only view of a site from the console; each opening is audited', async () => {
    const page = await newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await login(page, 'support@ilumen.test');
    await page.waitForURL(`${h.url}/console`);
    await page.goto(`${h.url}/console/sites/${h.world.sites.siteA}`);
    await page.getByRole('link', { name: 'Open klantweergave' }).click();
    await page.waitForURL(/\/homeowner$/);
    await expect(
      page.getByText('Je ziet wat de klant ziet, alleen-lezen', { exact: false }),
    ).toBeVisibleSoon();
    await page.getByRole('tab', { name: 'Tarieven' }).click();
    expect(await page.getByLabel('Afnametarief (€/kWh)').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Bewaar' }).count()).toBe(0);
    await page.screenshot({ path: shot('home-09-support-read-only'), fullPage: true });
    await page.getByRole('tab', { name: 'Gebruikers' }).click();
    await expect(page.getByText('owner-a@home.test')).toBeVisibleSoon();
    expect(await page.getByRole('button', { name: 'Voeg gebruiker toe' }).count()).toBe(0);

    // A forged save through the homeowner routes is refused too: support has no homeowner view there.
    const forged = await page.evaluate(
      async ([url]) =>
        (
          await fetch(url!, {
            method: 'POST',
            body: new URLSearchParams({ intent: 'tariffs.save', importEurPerKwh: '9', exportEurPerKwh: '0' }),
          })
        ).status,
      [`${h.url}/app/sites/${h.world.sites.siteA}/settings/tariffs`],
    );
    expect([403, 404]).toContain(forged);

    await page.goto(`${h.url}/console/sites/${h.world.sites.siteA}`);
    // the site's audit card says it in words (the code on hover)
    await expect(page.getByText('Klantweergave geopend').first()).toBeVisibleSoon();
    const lines = await h.testDb.db
      .selectFrom('audit_log')
      .select(['actor_email', 'site_id'])
      .where('action', '=', 'homeowner_view.open')
      .execute();
    expect(lines).toEqual([{ actor_email: 'support@ilumen.test', site_id: h.world.sites.siteA }]);
    await page.screenshot({ path: shot('home-10-support-view-audit-line') });
  });
});
