import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  digestOf,
  generateSigningKeys,
  packArtifact,
  privateKeyFromPem,
  signDigest,
} from '@ilumen/firmware-signing';
import { type Simulation, startSimulation } from '@ilumen/gateway-firmware/sim';
import {
  DEMO_HARDWARE_REVISION,
  DEMO_PASSWORD,
  SIMULATED_SITES,
  seedDemo,
  simulatorProfiles,
} from '@ilumen/seeds';
import { AlarmEvaluator, STORE_MODULES, systemActor, systemClock } from '@ilumen/services';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, shot } from '../support/browser';
import { type ConsoleOpsPortal, startConsoleOpsPortal } from '../support/console-ops-harness';
import '../support/expect-visible';

// The walk's journeys on the seeded demo world with its simulated gateways running, as `npm run demo` has it: the
// project's broker, the worker's ingest, the portal with its live stream, and the demo's six addresses with an iLusmart
// played by the real gateway runtime (ILS-SIM00001…00006; the first two are Jan's). One browser; each person a context
// of their own.
let h: ConsoleOpsPortal;
let browser: Browser;
let sim: Simulation | undefined;
const HOMEOWNER = 'jan.peeters@example.be';
const INSTALLER = 'anna@zonnewarmte.be';
const SUPPORT = 'support@ilumen.be';
const FLEET = 'fleet@ilumen.be';
/**
 * Every demo address with a gateway, as `npm run demo` runs them; the homeowner's two come first (the first with a
 * battery and a charger, both a charger).
 */
const GATEWAYS = SIMULATED_SITES;
let sites: Array<{ siteId: number; serial: string; chargerId: number | null; owner: string }> = [];
/**
 * Releases as the demo has them (decision 111): a signing key of the demo's own, whose public key the portal checks
 * releases against and the simulated gateways carry, so a rollout updates them.
 */
const releaseKeys = generateSigningKeys();
const firmwareDir = mkdtempSync(path.join(tmpdir(), 'journeys-fw-'));
/** Gateways whose configuration lacks the release key (a box set up again without it): they refuse every update. */
const withoutReleaseKey = new Set<string>();

beforeAll(async () => {
  h = await startConsoleOpsPortal('journeys', {
    firmware: {
      store: { kind: 'directory', dir: path.join(firmwareDir, 'store') },
      publicKey: releaseKeys.publicKey,
      downloadBaseUrl: null,
      maxBytes: 10 * 1024 * 1024,
    },
  });
  // a few days of history are enough for these journeys: they read today's live values and statuses
  await seedDemo(h.services, { historyDays: 3 });
  const profiles = (await simulatorProfiles(h.services)).slice(0, GATEWAYS);
  const db = h.testDb.db;
  const passwords: Record<string, string> = {};
  const sys = systemActor('journeys');
  for (const p of profiles) {
    passwords[p.serial] = await h.broker.addGateway(p.serial);
    const gw = await db
      .selectFrom('gateways')
      .select('site_id')
      .where('serial', '=', p.serial)
      .executeTakeFirstOrThrow();
    const siteId = gw.site_id!;
    const charger = await db
      .selectFrom('devices')
      .select('id')
      .where('site_id', '=', siteId)
      .where('type', '=', 'charger')
      .executeTakeFirst();
    const owner = await db
      .selectFrom('site_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('u.email')
      .where('m.site_id', '=', siteId)
      .where('m.role', '=', 'owner')
      .executeTakeFirstOrThrow();
    sites.push({ siteId, serial: p.serial, chargerId: charger?.id ?? null, owner: owner.email });
    // the platform's configuration for the address, retained before its gateway connects (as the demo does)
    for (
      let attempt = 0;
      (await h.services.gatewayConfig.publishIfReachable(sys, siteId)) === null;
      attempt++
    ) {
      if (attempt > 100) throw new Error(`the broker did not take ${p.serial}'s configuration`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  sites = sites.sort((a, b) => a.serial.localeCompare(b.serial));
  // as the demo does, the first address has the iLuStore modules; load balancing is left for the installer to grant
  for (const module of STORE_MODULES)
    if (module !== 'load_balancing')
      await h.services.storeModules.grant(sys, { siteId: sites[0]!.siteId, module });
  sim = await startSimulation({
    gateways: GATEWAYS,
    speed: 1,
    brokerUrl: h.broker.tls!.url,
    brokerCaFile: h.broker.tls!.caFile,
    credentials: (serial) => ({ password: passwords[serial]! }),
    liveIntervalS: 1,
    seed: 3,
    profile: (index, generated) => ({ ...generated, ...profiles[index]! }),
    meterEan: (_serial, index) => profiles[index]?.ean,
    gatewayConfig: (serial) =>
      withoutReleaseKey.has(serial) ? {} : { ota: { publicKey: releaseKeys.publicKey } },
  });
  browser = await launchBrowser();
}, 600_000);

afterAll(async () => {
  await sim?.stop();
  await browser?.close();
  await h?.close();
  rmSync(firmwareDir, { recursive: true, force: true });
});

async function signIn(email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'nl-BE', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(`${h.url}/login`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

/**
 * The address's dashboard as its owner sees it: live values arrive (the PV tile's watts) and every device's tile
 * shows a status from its gateway, none "Nog geen status".
 */
async function dashboardHolds(page: Page, siteId: number, label: string) {
  await page.goto(`${h.url}/app/sites/${siteId}`);
  await expect(page.getByTestId('tile-pv')).toBeVisibleSoon();
  const tiles = page.locator('[data-testid^="tile-"]').filter({ has: page.locator('.mantine-Badge-root') });
  expect(await tiles.count(), `${label}: the dashboard shows its devices`).toBeGreaterThan(0);
  // a status the page was served without comes with the live values
  await page
    .getByText('Nog geen status')
    .first()
    .waitFor({ state: 'detached', timeout: 30_000 })
    .catch(() => undefined);
  const without = await page
    .locator('[data-testid^="tile-"]')
    .filter({ hasText: 'Nog geen status' })
    .allTextContents();
  expect(without, `${label}: devices without a status`).toEqual([]);
  await page.screenshot({ path: shot(`journey-${label}`), fullPage: true });
}

/**
 * A start sent to the charger from its page, confirmed by the gateway: this start's command (not an earlier one the
 * page may still show) ends as succeeded.
 */
async function chargerAnswers(page: Page, chargerId: number) {
  const starts = () =>
    h.testDb.db
      .selectFrom('commands')
      .select(['id', 'status', 'error_code', 'error_message'])
      .where('name', '=', 'charge.start')
      .execute();
  const before = new Set((await starts()).map((c) => c.id));
  await page.goto(`${h.url}/app/chargers/${chargerId}`);
  await page.getByRole('button', { name: 'Start laadsessie' }).click();
  const end = Date.now() + 60_000;
  const mine = async () => (await starts()).find((c) => !before.has(c.id));
  let sent = await mine();
  while (Date.now() < end && (!sent || sent.status === 'sent')) {
    await new Promise((r) => setTimeout(r, 500));
    sent = await mine();
  }
  expect(sent, 'the start reached the gateway and was confirmed').toMatchObject({ status: 'succeeded' });
  await expect(page.locator('[data-testid="command-status"][data-status="succeeded"]')).toBeVisibleSoon();
}

/** Polls the test database until `ok` holds (a gateway's report reaching the platform). */
async function until<T>(
  what: string,
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 60_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('journeys on the demo world with its gateways running', () => {
  it('every device on every dashboard of the demo world shows a status from its gateway, with live values', async () => {
    // each address as its own homeowner sees it (Jan has the first two)
    const owners = [...new Set(sites.map((s) => s.owner))];
    expect(owners).toContain(HOMEOWNER);
    for (const owner of owners) {
      const page = await signIn(owner);
      for (const [i, s] of sites.entries())
        if (s.owner === owner) await dashboardHolds(page, s.siteId, `dashboard-${i + 1}`);
      await page.context().close();
    }
  }, 240_000);

  it('the homeowner changes each setting; after each the live values, every status and a start sent to the charger still work', async () => {
    const [first] = sites;
    const { siteId, chargerId } = first!;
    expect(chargerId).not.toBeNull();
    const page = await signIn(HOMEOWNER);
    const stillWorks = async (label: string) => {
      await dashboardHolds(page, siteId, `after-${label}`);
      await chargerAnswers(page, chargerId!);
    };

    // the car's consumption (the charger page's cog)
    await page.goto(`${h.url}/app/chargers/${chargerId}`);
    await page.getByRole('button', { name: 'Instellingen van de laadpaal' }).click();
    await page.getByLabel('Gemiddeld verbruik van je wagen (kWh per 100 km)').fill('18');
    await page.getByRole('button', { name: 'Bewaar' }).click();
    await expect(page.getByText('Bewaard', { exact: false }).first()).toBeVisibleSoon();
    await stillWorks('ev-consumption');

    // a charge timer for the battery
    await page.goto(`${h.url}/app/sites/${siteId}/timers`);
    await page.getByLabel('Startuur').selectOption('1');
    await page.getByLabel('Einduur').selectOption('5');
    await page.getByLabel('Laadvermogen (W)').fill('3000');
    await page.getByRole('button', { name: 'Timer toevoegen' }).click();
    await expect(page.getByText('Timer toegevoegd.')).toBeVisibleSoon();
    await stillWorks('charge-timer');

    // a control setting: peak shaving on the iLusmart page
    await page.goto(`${h.url}/app/sites/${siteId}/settings/installations/ilusmart`);
    const card = page.getByTestId('peak-shaving');
    await card.getByLabel('Behandel piek vanaf (W afname)').fill('4000');
    await card.getByRole('button', { name: 'Bewaar' }).click();
    await expect(card.getByRole('status').filter({ hasText: 'Bewaard.' })).toBeVisibleSoon();
    await stillWorks('peak-shaving');

    // a module grant: the installer activates load balancing in the console
    const installer = await signIn(INSTALLER);
    await installer.goto(`${h.url}/console/sites/${siteId}/modules`);
    const row = installer.getByTestId('module-load_balancing');
    await row.getByRole('button', { name: 'Activeren' }).click();
    await expect(row.getByText('Actief')).toBeVisibleSoon();
    await installer.context().close();
    await stillWorks('module-grant');
    await page.context().close();
  }, 420_000);

  it('support sees an alarm a faulted charger raised, marks it seen and resolves it with a note; the installer, the homeowner and the audit log follow', async () => {
    // the second address's charger overheats: its gateway reports "Fout" with the code, as a real one does
    const { siteId, serial, chargerId } = sites[1]!;
    const charger = sim!.gateways.find((g) => g.serial === serial)!.site.devices.ilucharge!;
    const db = h.testDb.db;
    const status = () =>
      db
        .selectFrom('devices')
        .select(['status', 'status_code'])
        .where('id', '=', chargerId!)
        .executeTakeFirstOrThrow();
    charger.setFault(203);
    await until('the charger’s fault at the platform', status, (d) => d.status === 'Fout');
    // the worker's pass runs each minute in the demo; here one pass, without the minute a fault must hold
    const alarms = new AlarmEvaluator(
      { db, redis: h.redis, redisPrefix: h.redisPrefix, clock: systemClock },
      { deviceFaultAfterS: 0 },
    );
    await alarms.pass();

    // the homeowner sees the charger in fault on the dashboard
    const owner = await signIn(HOMEOWNER);
    await owner.goto(`${h.url}/app/sites/${siteId}`);
    await expect(owner.getByTestId('tile-charger').getByText('Fout', { exact: true })).toBeVisibleSoon();
    await owner.screenshot({ path: shot('journey-alarm-homeowner-fault'), fullPage: true });

    // support finds it on the desk and opens it
    const support = await signIn(SUPPORT);
    await support.goto(`${h.url}/console/alarms`);
    const row = support
      .getByRole('row')
      .filter({ hasText: 'Toestel in fout' })
      .filter({ hasText: 'Molenstraat' });
    await expect(row).toBeVisibleSoon();
    await support.screenshot({ path: shot('journey-alarm-desk'), fullPage: true });
    await row.getByRole('link').first().click();
    await support.waitForURL(/\/console\/alarms\/\d+$/);
    expect(await support.getByTestId('alarm-text').textContent()).toContain('oververhit');
    await expect(support.getByTestId('fault-advice')).toBeVisibleSoon();
    await support.getByRole('button', { name: 'Markeer als gezien' }).click();
    await expect(support.getByText('Alarm gemarkeerd als gezien.')).toBeVisibleSoon();
    await expect(support.getByText('Gezien', { exact: true })).toBeVisibleSoon();

    // the technician resets the charger on site; its gateway reports it working again
    charger.clearFault();
    await until('the charger working again', status, (d) => d.status !== 'Fout');
    // resolving asks what was done: without a note, the field says so and the alarm stays open
    const resolve = support.getByTestId('alarm-resolve');
    await resolve.getByRole('button', { name: 'Markeer als opgelost' }).click();
    await expect(resolve.getByText('Dit veld is verplicht.')).toBeVisibleSoon();
    const note = 'Laadpaal ter plaatse gereset na oververhitting; klant gevraagd de afdekking weg te halen.';
    await resolve.getByLabel('Wat is er gedaan?').fill(note);
    await resolve.getByRole('button', { name: 'Markeer als opgelost' }).click();
    await expect(support.getByText('Alarm opgelost.')).toBeVisibleSoon();
    await expect(support.getByTestId('alarm-resolution')).toBeVisibleSoon();
    expect(await support.getByTestId('alarm-resolution').textContent()).toBe(note);
    await expect(support.getByText('Opgelost door', { exact: false })).toBeVisibleSoon();
    expect(await support.getByTestId('alarm-resolve').count()).toBe(0);
    await support.screenshot({ path: shot('journey-alarm-resolved'), fullPage: true });
    const alarmUrl = support.url();

    // the audit log says what support did, in words
    await support.goto(`${h.url}/console/audit?action=alarm.`);
    const actions = await support.getByTestId('audit-action').allTextContents();
    expect(actions).toEqual(expect.arrayContaining(['Alarm gemarkeerd als gezien', 'Alarm opgelost']));
    expect(actions.filter((a) => a.startsWith('alarm.'))).toEqual([]);
    await support.screenshot({ path: shot('journey-alarm-audit'), fullPage: true });
    await support.context().close();

    // the installer of the address sees it resolved, with support's note, among the resolved ones
    const installer = await signIn(INSTALLER);
    await installer.goto(`${h.url}/console/alarms?status=cleared`);
    await expect(
      installer.getByRole('row').filter({ hasText: 'Toestel in fout' }).filter({ hasText: 'Molenstraat' }),
    ).toBeVisibleSoon();
    await installer.goto(alarmUrl);
    await expect(installer.getByTestId('alarm-resolution')).toBeVisibleSoon();
    expect(await installer.getByTestId('alarm-resolution').textContent()).toBe(note);
    await installer.context().close();

    // and the homeowner's charger is back, every status there, the next pass raises nothing anew
    await alarms.pass();
    const again = await db
      .selectFrom('alarms')
      .select('id')
      .where('device_id', '=', chargerId!)
      .where('status', '=', 'open')
      .execute();
    expect(again).toEqual([]);
    await dashboardHolds(owner, siteId, 'alarm-resolved');
    expect(await owner.getByTestId('tile-charger').getByText('Fout', { exact: true }).count()).toBe(0);
    await owner.context().close();
  }, 240_000);

  it('fleet uploads a signed release for the fleet’s hardware and rolls it out to the demo gateways: the waves advance and every gateway runs it', async () => {
    const fleet = await signIn(FLEET);
    await startRollout(fleet, '1.1.0', { 'Golven (cumulatief %)': '50, 100' });
    const waves = await followRollout(fleet, 'Voltooid', 'rollout');
    // the first wave passed before the second started: both were seen on their way, and both end passed
    expect(waves.at(-1)).toEqual(['passed', 'passed']);
    expect(waves.some((w) => w[0] === 'passed' && w[1] !== 'passed')).toBe(true);
    await everyGatewayRuns(fleet, '1.1.0');
    await fleet.context().close();
  }, 420_000);

  it('a rollout a gateway refused reads "Voltooid met fouten" with the reason; once the gateway has its key again, retrying updates it and the rollout reads "Voltooid"', async () => {
    // the last address's box was set up again without the release key: it refuses every update, at once
    const refusing = sim!.gateways.at(-1)!;
    withoutReleaseKey.add(refusing.serial);
    await restarted(refusing);
    const fleet = await signIn(FLEET);
    // one wave; one gateway of six may fail without pausing the rollout
    await startRollout(fleet, '1.2.0', {
      'Golven (cumulatief %)': '100',
      'Pauzeren boven (% mislukt)': '20',
    });
    await followRollout(fleet, 'Voltooid met fouten', 'rollout-failures');
    const targets = fleet.getByRole('table', { name: 'Gateways' });
    await expect(
      targets.getByRole('row').filter({ hasText: refusing.serial }).getByText('Mislukt', { exact: true }),
    ).toBeVisibleSoon();
    expect(await targets.getByRole('row').filter({ hasText: 'Bijgewerkt' }).count()).toBe(GATEWAYS - 1);

    // the box gets its key back; fleet retries the failed gateway
    withoutReleaseKey.delete(refusing.serial);
    await restarted(refusing);
    await fleet.getByRole('button', { name: 'Mislukte opnieuw proberen' }).click();
    const dialog = fleet.getByRole('dialog');
    await expect(dialog.getByText('1 gateway krijgt de update opnieuw', { exact: false })).toBeVisibleSoon();
    await dialog.getByRole('button', { name: 'Mislukte opnieuw proberen' }).click();
    await expect(fleet.getByText('1 gateway wordt opnieuw geprobeerd.')).toBeVisibleSoon();
    await followRollout(fleet, 'Voltooid', 'rollout-retried');
    await everyGatewayRuns(fleet, '1.2.0');
    await fleet.context().close();
  }, 420_000);
});

/** A release as `npm run firmware:pack` and `firmware:sign` make it: for the demo gateways' hardware, signed. */
async function releaseFile(version: string) {
  const { bytes } = packArtifact(
    { format: 1, version, hardwareRevisions: [DEMO_HARDWARE_REVISION], createdAt: new Date().toISOString() },
    [{ path: 'gateway.mjs', data: Buffer.from(`// the simulated gateway as ${version}\n`) }],
  );
  const file = path.join(firmwareDir, `gw-${version}.ilfw`);
  writeFileSync(file, bytes);
  const { sha256 } = await digestOf([bytes]);
  return { version, file, signature: signDigest(privateKeyFromPem(releaseKeys.privateKeyPem), sha256) };
}

/** Fleet adds the release on the firmware page (the artifact and its signature); its id. */
async function uploadRelease(page: Page, release: { version: string; file: string; signature: string }) {
  await page.goto(`${h.url}/console/firmware`);
  await page.getByRole('button', { name: 'Nieuwe release' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Versie').fill(release.version);
  await dialog.getByLabel('Hardwarerevisie').fill(DEMO_HARDWARE_REVISION);
  await dialog.locator('input[type="file"][name="file"]').setInputFiles(release.file);
  await dialog.getByLabel('Handtekening').fill(release.signature);
  await dialog.getByRole('button', { name: 'Release toevoegen' }).click();
  await expect(page.getByText(`Release ${release.version} toegevoegd.`)).toBeVisibleSoon();
  await expect(page.getByRole('row').filter({ hasText: release.version })).toBeVisibleSoon();
  const row = await h.testDb.db
    .selectFrom('firmware_releases')
    .select('id')
    .where('version', '=', release.version)
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Fleet adds a release of `version` and starts a rollout of it for its hardware (the demo gateways'), without a wait
 * after a wave, with `settings` (a field's label: what is typed); the gateways it reaches are counted first: every
 * demo gateway, online, none busy.
 */
async function startRollout(page: Page, version: string, settings: Record<string, string>) {
  const releaseId = await uploadRelease(page, await releaseFile(version));
  await page.goto(`${h.url}/console/rollouts/new?releaseId=${releaseId}`);
  await page.getByLabel(/^Naam/).fill(`Demo-gateways naar ${version}`);
  await page.getByLabel('Wachttijd per golf (min)').fill('0');
  for (const [label, value] of Object.entries(settings)) await page.getByLabel(label).fill(value);
  await page.getByRole('button', { name: 'Tel gateways' }).click();
  await expect(
    page.getByText(
      `${GATEWAYS} gateways (${GATEWAYS} online); 0 draaien deze versie al, 0 zitten in een andere uitrol.`,
    ),
  ).toBeVisibleSoon();
  await page.getByRole('button', { name: 'Start uitrol' }).click();
  await page.waitForURL(/\/console\/rollouts\/\d+$/);
}

/** A simulated gateway restarted as a box is: it went offline and is back online at the platform. */
async function restarted(gateway: NonNullable<typeof sim>['gateways'][number]) {
  const at = Date.now() - 1000;
  await gateway.restart();
  await until(
    `${gateway.serial} back online`,
    () =>
      h.testDb.db
        .selectFrom('gateways')
        .select(['online', 'online_changed_at'])
        .where('serial', '=', gateway.serial)
        .executeTakeFirstOrThrow(),
    (g) => Boolean(g.online) && g.online_changed_at !== null && g.online_changed_at.getTime() >= at,
  );
}

/**
 * Opens the rollout's page again and again, as fleet watching it would, until its status reads `outcome`: never an
 * error page on the way. The waves' states as each opening showed them.
 */
async function followRollout(page: Page, outcome: string, label: string): Promise<string[][]> {
  const url = page.url();
  const seen: string[][] = [];
  const end = Date.now() + 300_000;
  for (;;) {
    const res = await page.goto(url);
    expect(res?.status(), `the rollout page at ${new Date().toISOString()}`).toBe(200);
    expect(await page.locator('[data-error-page]').count()).toBe(0);
    const waves = await page
      .getByTestId('wave-status')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-status') ?? ''));
    if (seen.at(-1)?.join() !== waves.join()) seen.push(waves);
    const status = (await page.getByTestId('rollout-status').textContent())?.trim();
    if (status === outcome) break;
    if (Date.now() > end)
      throw new Error(`the rollout reads ${status}, not ${outcome}; waves seen ${JSON.stringify(seen)}`);
    await new Promise((r) => setTimeout(r, 1500));
  }
  await page.screenshot({ path: shot(`journey-${label}`), fullPage: true });
  return seen;
}

/** Every demo gateway reports `version`: in the database and on fleet's gateway list filtered on it. */
async function everyGatewayRuns(page: Page, version: string) {
  await until(
    `every gateway on ${version}`,
    () =>
      h.testDb.db
        .selectFrom('gateways')
        .select(['serial', 'firmware_version', 'hardware_revision'])
        .where(
          'serial',
          'in',
          sites.map((s) => s.serial),
        )
        .execute(),
    (rows) => rows.length === GATEWAYS && rows.every((r) => r.firmware_version === version),
  );
  await page.goto(`${h.url}/console/fleet?firmware=${version}`);
  for (const s of sites) await expect(page.getByRole('row').filter({ hasText: s.serial })).toBeVisibleSoon();
}
