import { randomUUID } from 'node:crypto';
import { readJson } from '@ilumen/db';
import {
  addDays,
  instantOfLocal,
  localDate,
  localMonth,
  type PriceSlot,
  rollingMonths,
} from '@ilumen/energy';
import { liveKeys } from '@ilumen/services';
import { writeQuarters } from '@ilumen/services/energy';
import { TEST_PASSWORD } from '@ilumen/services/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, shot } from '../support/browser';
import '../support/expect-visible';
import { type ModulesPortal, startModulesPortal } from '../support/modules-harness';

/*
 * Energy control in a phone-sized Chromium: the iLusmart page's "Piektarief" with the live 15-minute value and the
 * peak-shaving settings (the manual's warning under 2500 W), the capacity report with a peak explained, tomorrow's
 * prices with the planned hours, the timeline; and the console's modules page where the installer grants a module.
 */

let h: ModulesPortal;
let browser: Browser;
let siteId: number;
const serial = `ILS-E2ECTL${Math.floor(Math.random() * 1e5)}`;
const today = localDate(Date.now());
const tomorrow = addDays(today, 1);
const month = localMonth(Date.now());
const months = rollingMonths(month);
/** This month's peak quarter: the first of the month at 17:15 Brussels. */
const peakQuarter = new Date(instantOfLocal(`${month}-01`, 17, 15));

function hourlyDay(day: string, shape: (hour: number) => number): PriceSlot[] {
  const out: PriceSlot[] = [];
  for (let t = instantOfLocal(day, 0, 0); t < instantOfLocal(addDays(day, 1), 0, 0); t += 3_600_000) {
    const hour = out.length;
    out.push({ start: new Date(t).toISOString(), minutes: 60, eurPerMwh: shape(hour) });
  }
  return out;
}

beforeAll(async () => {
  h = await startModulesPortal('e2e_control');
  browser = await launchBrowser();
  const db = h.testDb.db;
  const sys = h.world.system;
  siteId = h.world.sites.siteA;
  const g = await db
    .insertInto('gateways')
    .values({ serial, site_id: siteId, organization_id: h.world.orgs.instA, online: true })
    .executeTakeFirstOrThrow();
  await db
    .updateTable('devices')
    .set({ device_key: 'bat1' })
    .where('id', '=', h.world.devices.batteryA)
    .execute();
  await db
    .updateTable('devices')
    .set({ device_key: 'charger1' })
    .where('id', '=', h.world.devices.chargerA)
    .execute();
  await h.services.storeModules.grant(sys, { siteId, module: 'peak_shaving' });
  await h.services.storeModules.grant(sys, { siteId, module: 'dynamic_charging' });

  // prices: today flat, tomorrow cheapest at 02:00–05:00 and 13:00
  await h.services.prices.store({
    zone: 'BE',
    day: today,
    status: 'ok',
    minutes: 60,
    slots: hourlyDay(today, () => 80),
    complete: true,
  });
  await h.services.prices.store({
    zone: 'BE',
    day: tomorrow,
    status: 'ok',
    minutes: 60,
    slots: hourlyDay(
      tomorrow,
      (hour) =>
        [
          90, 70, 35, 30, 32, 60, 95, 120, 110, 90, 70, 60, 50, 20, 55, 80, 100, 140, 150, 130, 110, 100, 95,
          92,
        ][hour] ?? 90,
    ),
    complete: true,
  });
  await h.services.dynamicCharging.planDay(tomorrow);

  // a year of monthly peaks, this month's made at 17:15 on the 1st with the battery empty
  await db
    .insertInto('energy_month')
    .values(
      months.slice(0, -1).map((m, i) => ({
        site_id: siteId,
        month: `${m}-01`,
        qh_peak_w: 2000 + i * 350,
        qh_peak_at: new Date(instantOfLocal(`${m}-10`, 18, 0)),
      })),
    )
    .execute();
  await writeQuarters(db, [
    {
      siteId,
      ts: peakQuarter,
      source: 'gateway',
      importWh: 1300,
      exportWh: 0,
      productionWh: 0,
      batteryChargeWh: 0,
      batteryDischargeWh: 0,
      evWh: 920,
      heatWh: 0,
    },
  ]);
  await db
    .insertInto('device_qh')
    .values({
      site_id: siteId,
      device_key: 'bat1',
      ts: peakQuarter,
      soc_pct: '5.0',
      temp_c: null,
      energy_wh: null,
    })
    .execute();
  const ev = (ts: Date, payload: object) => ({
    site_id: siteId,
    gateway_id: Number(g.insertId),
    uid: randomUUID(),
    ts,
    type: 'control.decision',
    device_key: null,
    payload: JSON.stringify(payload),
  });
  await db
    .insertInto('events')
    .values([
      ev(new Date(peakQuarter.getTime() + 4 * 60_000), {
        controller: 'peakShaving',
        action: 'battery.setpoint',
        reason:
          'the home takes 5.20 kW and the quarter is heading for 5.10 kW, over the 4.00 kW threshold: discharge at least 1200 W',
        values: {
          code: 'peak.shave',
          predictedW: 5100,
          thresholdW: 4000,
          watts: -1200,
          deviceId: 'bat1',
          result: 'ok',
        },
      }),
      ev(new Date(peakQuarter.getTime() + 15 * 60_000 + 1000), {
        controller: 'peakShaving',
        action: 'peak.exceeded',
        reason: 'quarter ended at 5.20 kW, over the 4.00 kW threshold: the battery was empty (5 %)',
        values: {
          code: 'peak.exceeded',
          cause: 'battery-empty',
          quarterStart: peakQuarter.toISOString(),
          averageW: 5200,
          thresholdW: 4000,
        },
      }),
    ])
    .execute();

  // live values: 2.35 kW so far this quarter
  await publishLive(2350);
}, 180_000);

/** The site's latest live values as the ingest keeps and announces them. */
function publishLive(quarterAverageW: number) {
  const keys = liveKeys(h.redisPrefix);
  const snapshot = {
    siteId,
    gatewaySerial: serial,
    receivedAt: new Date().toISOString(),
    live: {
      v: 1,
      ts: new Date().toISOString(),
      grid: {
        importW: 3100,
        exportW: 0,
        quarterAverageW,
        monthPeak: { w: 5200, at: peakQuarter.toISOString() },
      },
    },
  };
  return h.redis
    .multi()
    .set(keys.latest(siteId), JSON.stringify(snapshot))
    .publish(keys.channel(siteId), JSON.stringify(snapshot))
    .exec();
}

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function pageAs(email: string, viewport = { width: 390, height: 844 }): Promise<Page> {
  const context = await browser.newContext({ locale: 'nl-BE', viewport, hasTouch: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(`${h.url}/login`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(/\/(app|console)/);
  return page;
}

describe('energy control in a browser', () => {
  it('the iLusmart page shows the 15-minute value, the month value and moment, and saves the threshold with the manual’s warning', async () => {
    const page = await pageAs('owner-a@home.test');
    await page.goto(`${h.url}/app/sites/${siteId}/settings/installations/ilusmart`);
    const card = page.getByTestId('peak-shaving');
    // "Piektarief": the 15-minute value, the month value and its moment
    await expect(page.getByText('2,35 kW', { exact: true })).toBeVisibleSoon();
    await expect(page.getByText('5,20 kW', { exact: true })).toBeVisibleSoon();
    // the 15-minute value follows the live values as the quarter goes on
    await page.waitForTimeout(300);
    await publishLive(2870);
    await expect(page.getByText('2,87 kW', { exact: true })).toBeVisibleSoon();
    const threshold = card.getByLabel('Behandel piek vanaf (W afname)');
    await threshold.fill('2000');
    await expect(card.getByTestId('peak-no-gain')).toBeVisibleSoon();
    expect(await card.getByTestId('peak-no-gain').textContent()).toContain(
      'lager dan 2500 W geen extra financieel voordeel',
    );
    await card.getByLabel('Gereserveerd van de batterijcapaciteit (%)').fill('35');
    await page.screenshot({ path: shot('control-01-ilusmart-peak-shaving'), fullPage: true });
    await card.getByRole('button', { name: 'Bewaar' }).click();
    await expect(card.getByRole('status').filter({ hasText: 'Bewaard.' })).toBeVisibleSoon();
    const row = await h.testDb.db
      .selectFrom('site_control_settings')
      .select(['peak_threshold_w', 'peak_reserve_pct'])
      .where('site_id', '=', siteId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ peak_threshold_w: 2000, peak_reserve_pct: 35 });
    // back above 2500 W, the warning goes
    await threshold.fill('4000');
    await card.getByTestId('peak-no-gain').waitFor({ state: 'detached' });
    await card.getByRole('button', { name: 'Bewaar' }).click();
    // the gateway gets the new section once the save is through
    const sent = async () => {
      const row = await h.testDb.db
        .selectFrom('gateway_configs as c')
        .innerJoin('gateways as g', 'g.id', 'c.gateway_id')
        .select('c.config')
        .where('g.serial', '=', serial)
        .executeTakeFirst();
      return row
        ? readJson<{ controllers: { peakShaving: { thresholdW: number } } }>(row.config)?.controllers
            .peakShaving
        : undefined;
    };
    for (let i = 0; i < 100 && (await sent())?.thresholdW !== 4000; i++) await page.waitForTimeout(100);
    expect(await sent()).toMatchObject({ thresholdW: 4000, reservePct: 35 });
    await page.context().close();
  });

  it('the capacity report gives the billed average, the year’s cost, and why this month’s peak got through', async () => {
    const page = await pageAs('owner-a@home.test');
    await page.goto(`${h.url}/app/sites/${siteId}/capacity`);
    const expected = await h.services.capacityReport.report(h.world.system, { siteId });
    const kw = (w: number) =>
      `${new Intl.NumberFormat('nl-BE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(w / 1000)}\u00a0kW`;
    await expect(
      page.getByTestId('capacity-average').filter({ hasText: kw(expected.rolling.averageW) }),
    ).toBeVisibleSoon();
    expect(await page.getByTestId('capacity-cost').textContent()).toContain(
      new Intl.NumberFormat('nl-BE', { minimumFractionDigits: 2 }).format(Number(expected.cost.eurPerYear)),
    );
    await page.getByTestId('capacity-months').getByRole('button').first().click();
    await expect(
      page.getByTestId('capacity-why').filter({ hasText: 'De batterij was leeg.' }),
    ).toBeVisibleSoon();
    await expect(
      page.getByText('Kwartier op weg naar 5,10 kW, boven de drempel van 4,00 kW'),
    ).toBeVisibleSoon();
    await page.screenshot({ path: shot('control-02-capacity-report'), fullPage: true });
    await page.context().close();
  });

  it("tomorrow's prices show with the planned cheapest hours", async () => {
    const page = await pageAs('owner-a@home.test');
    await page.goto(`${h.url}/app/sites/${siteId}/prices`);
    await expect(page.getByTestId('price-chart')).toBeVisibleSoon();
    // three cheapest: 13:00 (20), 03:00 (30), 04:00 (32)
    await expect(
      page.getByTestId('prices-planned').filter({ hasText: 'Geplande laaduren: 03:00, 04:00, 13:00' }),
    ).toBeVisibleSoon();
    expect(await page.locator('rect[data-planned]').count()).toBe(3);
    expect(await page.getByTestId('prices-table').locator('tr[data-planned]').count()).toBe(3);
    await page.screenshot({ path: shot('control-03-prices-tomorrow'), fullPage: true });
    await page.context().close();
  });

  it('the timeline explains each decision in Dutch, with the gateway’s own words under it', async () => {
    const page = await pageAs('owner-a@home.test');
    await page.goto(`${h.url}/app/sites/${siteId}/timeline`);
    const first = page.getByTestId('timeline-item').filter({ hasText: 'Kwartier eindigde op 5,20 kW' });
    await expect(first).toBeVisibleSoon();
    expect(await first.textContent()).toContain('De batterij was leeg.');
    await page.screenshot({ path: shot('control-04-timeline'), fullPage: true });
    await page.context().close();
  });

  it('the installer grants load balancing in the console; the owner then sees it active in the iLuStore', async () => {
    const page = await pageAs('admin@zonnewarmte.test', { width: 1280, height: 900 });
    await page.goto(`${h.url}/console/sites/${siteId}/modules`);
    const row = page.getByTestId('module-load_balancing');
    await row.getByRole('button', { name: 'Activeren' }).click();
    await expect(row.getByText('Actief')).toBeVisibleSoon();
    await page.screenshot({ path: shot('control-05-console-modules'), fullPage: true });
    const audit = await h.testDb.db
      .selectFrom('audit_log')
      .select(['actor_email', 'after'])
      .where('action', '=', 'store_module.grant')
      .where('site_id', '=', siteId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.actor_email).toBe('admin@zonnewarmte.test');
    await page.context().close();

    const owner = await pageAs('owner-a@home.test');
    await owner.goto(`${h.url}/app/sites/${siteId}/store`);
    await expect(owner.getByTestId('store-load_balancing').getByText('Actief')).toBeVisibleSoon();
    await owner.screenshot({ path: shot('control-06-ilustore'), fullPage: true });
    await owner.context().close();
  });
});
