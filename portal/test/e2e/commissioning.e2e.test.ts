import { type Simulation, startSimulation } from '@ilumen/gateway-firmware/sim';
import { AlarmEvaluator, systemClock } from '@ilumen/services';
import { TEST_PASSWORD } from '@ilumen/services/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, shot } from '../support/browser';
import { type ConsoleOpsPortal, startConsoleOpsPortal } from '../support/console-ops-harness';
import '../support/expect-visible';

// Commissioning a simulated iLusmart end to end, in a browser, as an installer does it: the box is registered by
// iLumen, claimed with its code (which makes its broker login), scans its Modbus bus, the devices are confirmed, the
// live check passes, the report is printed and the site goes live. Then support's tools on the same installation.
let h: ConsoleOpsPortal;
let browser: Browser;
let sim: Simulation | undefined;
const SERIAL = 'ILS-E2E00001';
const CODE = 'K7QX2-MW9RT';
const EAN = '541448820098765438';
let siteId = 0;

beforeAll(async () => {
  h = await startConsoleOpsPortal('e2e_ops');
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await sim?.stop();
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

async function login(page: Page, email: string) {
  await page.goto(`${h.url}/login`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

async function eventually(fn: () => Promise<boolean>, ms: number, every = 500): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return true;
    await new Promise((r) => setTimeout(r, every));
  }
  return false;
}

describe('commissioning a simulated iLusmart in the console', () => {
  it('registers, claims, scans, confirms, checks, reports and activates — each failure explained on the way', async () => {
    // iLumen registers the box before it ships.
    const staff = await newPage();
    await login(staff, 'fleet@ilumen.test');
    await staff.goto(`${h.url}/console/gateways`);
    await staff
      .getByLabel('Serienummers en claimcodes (CSV of geplakt)')
      .fill(`serial;claim code;installer\n${SERIAL};${CODE};Zonnewarmte BV\nILS-BAD`);
    await staff.getByRole('button', { name: 'Registreer' }).click();
    await expect(staff.getByText('1 iLusmart geregistreerd.')).toBeVisibleSoon();
    await expect(
      staff.getByText('Lijn 3 · ILS-BAD: geen geldig serienummer', { exact: false }),
    ).toBeVisibleSoon();

    const page = await newPage();
    await login(page, 'tech@zonnewarmte.test');
    await page.goto(`${h.url}/console/commissioning`);
    await page.getByLabel('Straat').fill('Beekstraat');
    await page.getByLabel('Huisnummer').fill('7');
    await page.getByLabel('Postcode').fill('9030');
    await page.getByLabel('Gemeente').fill('Mariakerke');
    await page.getByLabel('E-mailadres van de hoofdgebruiker').fill('eigenaar.beek@home.test');
    await page.getByRole('button', { name: 'Start indienstname' }).click();
    await page.waitForURL(/\/console\/commissioning\/\d+$/);
    siteId = Number(new URL(page.url()).pathname.split('/').at(-1));
    await h.sink.waitFor((m) => m.to.includes('eigenaar.beek@home.test'));

    // Grid connection: an impossible fuse is refused with the reason.
    await page.getByLabel('Hoofdzekering (A)').fill('100');
    await page.getByRole('button', { name: 'Bewaar' }).click();
    await expect(
      page.getByText('Een woningaansluiting heeft een hoofdzekering tussen 10 en 80 A.', { exact: false }),
    ).toBeVisibleSoon();
    await page.getByLabel('Hoofdzekering (A)').fill('25');
    await page.getByRole('button', { name: 'Bewaar' }).click();

    // EAN: a typo is explained; the mandate is left for later.
    await page.getByLabel('EAN-code (elektriciteit)').fill('541448820098765439');
    await page.getByLabel('Mandaat later', { exact: false }).check();
    await page.getByRole('button', { name: 'Bewaar' }).click();
    await expect(page.getByText('Het controlecijfer klopt niet', { exact: false })).toBeVisibleSoon();
    await page.getByLabel('EAN-code (elektriciteit)').fill(EAN);
    await page.getByRole('button', { name: 'Bewaar' }).click();

    // Claim: a wrong code is refused; the right one shows the box's broker login once.
    await page.getByLabel('Serienummer').fill(SERIAL);
    await page.getByLabel('Claimcode').fill('AAAAA-BBBBB');
    await page.getByRole('button', { name: 'Koppel iLusmart' }).click();
    await expect(
      page.getByText('horen niet bij een iLusmart die je kan claimen', { exact: false }),
    ).toBeVisibleSoon();
    await page.getByLabel('Claimcode').fill(CODE.toLowerCase());
    await page.getByRole('button', { name: 'Koppel iLusmart' }).click();
    await expect(page.getByTestId('mqtt-password')).toBeVisibleSoon();
    const password = (await page.getByTestId('mqtt-password').textContent())!.trim();
    expect(await page.getByTestId('mqtt-username').textContent()).toBe(SERIAL);
    await page.screenshot({ path: shot('ops-01-claimed'), fullPage: true });

    // The box is switched on with that login (the simulated home: PV, a battery, a three-phase meter).
    sim = await startSimulation({
      gateways: 1,
      speed: 1,
      // over TLS, checking the broker's certificate, as a box in the field does
      brokerUrl: h.broker.tls!.url,
      brokerCaFile: h.broker.tls!.caFile,
      serialPrefix: 'ILS-E2E',
      // the meter the box is plugged into is the address's: it reports the EAN the installer typed
      meterEan: () => EAN,
      credentials: () => ({ password }),
      liveIntervalS: 1,
      seed: 7,
      profile: (_i, g) => ({
        ...g,
        phases: 3,
        pvKwp: 5,
        battery: { capacityWh: 10_000, maxW: 5000 },
        ev: null,
        boiler: null,
      }),
      gatewayConfig: () => ({ modbus: { devices: [] } }),
    });
    await expect(page.getByText('Online sinds', { exact: false })).toBeVisibleSoon();
    const bus = sim.gateways[0]!.site.devices.endpoints[0]!;

    // Scan the bus through the gateway; confirm what it found.
    await page.getByLabel('Adressen (één per lijn)').fill(`${bus.host}:${bus.port}`);
    await page.getByLabel('Unit-id van').fill('1');
    await page.getByLabel('tot', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Zoek toestellen' }).click();
    await expect(page.getByText('2 toestellen gevonden op', { exact: false })).toBeVisibleSoon();
    expect(await page.getByTestId('device-row').count()).toBe(2);
    expect(await page.getByLabel('Type 1').inputValue()).toBe('inverter');
    expect(await page.getByLabel('Type 2').inputValue()).toBe('battery');
    await page.screenshot({ path: shot('ops-02-scan'), fullPage: true });
    await page.getByRole('button', { name: 'Bevestig toestellen' }).click();
    await expect(page.getByText('2 toestellen bevestigd.')).toBeVisibleSoon();
    await expect(
      page.getByTestId('config-status').getByText('Instellingen toegepast', { exact: false }),
    ).toBeVisibleSoon();

    // Live check: run until the gateway polls the new devices and every check passes.
    // A passed check moves the wizard on to the report.
    const passed = await eventually(
      async () => {
        if (await page.getByTestId('step-report').isVisible()) return true;
        await page.getByRole('button', { name: 'Voer live controle uit' }).click();
        await page.waitForTimeout(1500);
        return page.getByTestId('step-report').isVisible();
      },
      60_000,
      2000,
    );
    expect(passed).toBe(true);
    await page.getByRole('button', { name: 'Live controle' }).click();
    await expect(page.getByText('Alles in orde.', { exact: false })).toBeVisibleSoon();
    await expect(page.getByTestId('check-voltage.l3')).toBeVisibleSoon();
    await expect(page.getByTestId('check-battery')).toBeVisibleSoon();
    await page.screenshot({ path: shot('ops-03-live-check'), fullPage: true });
    await page.getByRole('button', { name: 'Verslag' }).click();

    // The report: printable page and PDF.
    await page.getByRole('link', { name: 'Open verslag' }).click();
    await expect(page.getByRole('heading', { name: 'Verslag van indienstname' })).toBeVisibleSoon();
    await expect(page.getByText(SERIAL).first()).toBeVisibleSoon();
    await expect(page.getByText(EAN)).toBeVisibleSoon();
    await page.screenshot({ path: shot('ops-04-report'), fullPage: true });
    const pdf = await page.request.get(`${h.url}/console/commissioning/${siteId}/report.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // Activation: the site goes live and its main user is told.
    await page.goto(`${h.url}/console/commissioning/${siteId}`);
    await page.getByRole('button', { name: 'Zet in dienst' }).click();
    await expect(page.getByText('Deze installatie is in dienst sinds', { exact: false })).toBeVisibleSoon();
    const site = await h.testDb.db
      .selectFrom('sites')
      .select('status')
      .where('id', '=', siteId)
      .executeTakeFirstOrThrow();
    expect(site.status).toBe('active');
    await h.sink.waitFor(
      (m) => m.to.includes('eigenaar.beek@home.test') && m.subject === 'Je iLumen-installatie is in dienst',
    );

    // The homeowner accepts the invitation started with the site and sees the box's live values on the dashboard.
    const invitation = await h.sink.waitFor(
      (m) => m.to.includes('eigenaar.beek@home.test') && m.text.includes('/invite/'),
    );
    const link = invitation.text.match(/http:\/\/127\.0\.0\.1:\d+\/invite\/[A-Za-z0-9_-]+/)?.[0];
    expect(link).toBeTruthy();
    const home = await newPage();
    await home.goto(link!);
    await home.getByLabel('Naam').fill('Eigenaar Beek');
    await home.getByLabel('Nieuw wachtwoord').fill('Zonnig-huis-2026');
    await home.getByLabel('Herhaal wachtwoord').fill('Zonnig-huis-2026');
    await home.getByRole('button', { name: 'Aanvaard uitnodiging' }).click();
    await home.waitForURL((u) => u.pathname.startsWith('/app'));
    await home.goto(`${h.url}/app/sites/${siteId}`);
    await expect(home.getByTestId('tile-pv')).toBeVisibleSoon();
    await expect(home.getByTestId('tile-soc')).toBeVisibleSoon();
    await home.screenshot({ path: shot('ops-04b-homeowner-live'), fullPage: true });
    await home.context().close();
  }, 300_000);

  it("reads a device's registers on demand from the troubleshooting page and shows the answer; and the last P1 telegram", async () => {
    const page = await newPage();
    await login(page, 'support@ilumen.test');
    await page.goto(`${h.url}/console/sites/${siteId}/troubleshoot`);
    await expect(page.getByTestId('gateway-online').getByText('Online', { exact: false })).toBeVisibleSoon();
    await page.getByLabel('Toestel').selectOption({
      label: (await page
        .getByLabel('Toestel')
        .locator('option', { hasText: 'Thuisbatterij' })
        .textContent())!,
    });
    // the register form (beside the Modbus scan, whose field is the device's IP address or serial port)
    const read = page.locator('form').filter({ has: page.getByRole('button', { name: 'Lees' }) });
    await read.getByLabel('Adres', { exact: true }).fill('0');
    await read.getByLabel('Aantal').fill('4');
    await read.getByLabel('Soort', { exact: true }).selectOption('input');
    await page.getByRole('button', { name: 'Lees' }).click();
    // Input register 0 of an iLumen device is its magic 'iL' (0x694C).
    await expect(page.getByTestId('register-result').getByText('0x694C')).toBeVisibleSoon();
    await expect(
      page.getByTestId('register-result').getByText('Bevestigd door de iLusmart', { exact: false }),
    ).toBeVisibleSoon();
    const audit = await h.testDb.db
      .selectFrom('audit_log')
      .select(['action', 'actor_email'])
      .where('action', '=', 'command.modbus.read')
      .execute();
    expect(audit).toEqual([{ action: 'command.modbus.read', actor_email: 'support@ilumen.test' }]);

    await page.getByRole('button', { name: 'Vraag het laatste telegram op' }).click();
    // The gateway answers through the broker and the ingest; say how the command ended if the page never shows it.
    const telegramCommand = () =>
      h.testDb.db
        .selectFrom('commands')
        .select(['status', 'error_code', 'error_message', 'result'])
        .where('site_id', '=', siteId)
        .where('name', '=', 'p1.lastTelegram')
        .executeTakeFirst();
    const answered = await eventually(
      async () => ['succeeded', 'failed'].includes((await telegramCommand())?.status ?? ''),
      45_000,
    );
    expect(answered, JSON.stringify(await telegramCommand())).toBe(true);
    await expect(page.getByText('CRC klopt', { exact: false })).toBeVisibleSoon();
    await expect(page.getByText('Spanning L1')).toBeVisibleSoon();
    // the meter's own stamp in Belgian time with seconds, not its raw YYMMDDhhmmssW
    expect(await page.getByRole('row', { name: /Tijdstip telegram/ }).textContent()).toMatch(
      /\d{2}\/\d{2}\/\d{4},? \d{2}:\d{2}:\d{2}$/,
    );
    // the recent commands say how each ended, in Dutch
    await expect(page.getByTestId('recent-commands').getByText('Gelukt')).toBeVisibleSoon();
    await page.screenshot({ path: shot('ops-05-troubleshoot'), fullPage: true });
  }, 120_000);

  it('raises an alarm when the battery reports a fault and clears it when it recovers, shown in the alarm list', async () => {
    const evaluator = new AlarmEvaluator(
      { db: h.testDb.db, redis: h.redis, redisPrefix: h.redisPrefix, clock: systemClock },
      { deviceFaultAfterS: 0, clearAfterS: { device_fault: 1 } as never },
    );
    const battery = sim!.gateways[0]!.site.devices.ilubat!;
    battery.setFault(12);
    const device = () =>
      h.testDb.db
        .selectFrom('devices')
        .select(['status', 'status_code'])
        .where('site_id', '=', siteId)
        .where('type', '=', 'battery')
        .executeTakeFirstOrThrow();
    expect(await eventually(async () => (await device()).status === 'Fout', 20_000)).toBe(true);
    expect((await evaluator.pass()).raised).toBeGreaterThanOrEqual(1);

    const page = await newPage();
    await login(page, 'tech@zonnewarmte.test');
    await page.goto(`${h.url}/console/alarms`);
    const row = page.getByRole('row').filter({ hasText: 'Toestel in fout' });
    await expect(row).toBeVisibleSoon();
    await expect(row.getByText((await device()).status_code!, { exact: false })).toBeVisibleSoon();
    await page.screenshot({ path: shot('ops-06-alarm'), fullPage: true });

    battery.clearFault();
    expect(await eventually(async () => (await device()).status !== 'Fout', 20_000)).toBe(true);
    await evaluator.pass();
    await new Promise((r) => setTimeout(r, 1100));
    expect((await evaluator.pass()).cleared).toBeGreaterThanOrEqual(1);
    await page.goto(`${h.url}/console/alarms?status=cleared`);
    await expect(
      page.getByRole('row').filter({ hasText: 'Toestel in fout' }).getByText('Opgelost'),
    ).toBeVisibleSoon();
    await page.goto(`${h.url}/console/alarms`);
    await expect(page.getByText('Geen alarmen. Alles draait.')).toBeVisibleSoon();
  }, 90_000);
});
