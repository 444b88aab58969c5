import { addDays, localDate, quarterStartsOfDay } from '@ilumen/energy';
import { liveKeys } from '@ilumen/services';
import { writeQuarters } from '@ilumen/services/energy';
import { TEST_PASSWORD } from '@ilumen/services/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, shot } from '../support/browser';
import { type PortalHarness, startPortal } from '../support/portal-harness';

let h: PortalHarness;
let browser: Browser;
let siteId: number;
const today = localDate(Date.now());
const yesterday = addDays(today, -1);

beforeAll(async () => {
  h = await startPortal('e2e_energy');
  browser = await launchBrowser();
  siteId = h.world.sites.siteA;
  const db = h.testDb.db;
  await db
    .insertInto('gateways')
    .values({ serial: 'ILS-E2E00001', site_id: siteId, organization_id: h.world.orgs.instA, online: true })
    .execute();
  await db
    .insertInto('devices')
    .values({
      site_id: siteId,
      type: 'inverter',
      model: 'Sunny Boy',
      serial: 'INV-E2E-1',
      device_key: 'inv1',
      active_since: '2026-01-01',
    })
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
  // Thirty days of quarters up to yesterday: import in the evening, export at midday.
  const days = Array.from({ length: 30 }, (_, i) => addDays(yesterday, -i));
  for (const day of days) {
    await writeQuarters(
      db,
      quarterStartsOfDay(day).map((ts, i) => ({
        source: 'gateway' as const,
        siteId,
        ts: new Date(ts),
        importWh: i >= 40 && i < 56 ? 0 : 150,
        exportWh: i >= 40 && i < 56 ? 300 : 0,
        productionWh: i >= 32 && i < 64 ? 400 : 0,
      })),
    );
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function ownerPage(mobile = false): Promise<Page> {
  const context = await browser.newContext({
    locale: 'nl-BE',
    viewport: mobile ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    hasTouch: mobile,
    isMobile: mobile,
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

const nl = (wh: number) =>
  `${new Intl.NumberFormat('nl-BE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(wh / 1000)}\u00a0kWh`;
const euro = (v: string) =>
  new Intl.NumberFormat('nl-BE', { style: 'currency', currency: 'EUR' }).format(Number(v));

describe('homeowner energy, in a browser', () => {
  it('shows live circles that update, yesterday and the months on the dashboard', async () => {
    const page = await ownerPage(true);
    await page.goto(`${h.url}/app/sites/${siteId}`);
    const publish = (importW: number, exportW: number, pvW: number) => {
      const snapshot = {
        siteId,
        gatewaySerial: 'ILS-E2E00001',
        receivedAt: new Date().toISOString(),
        live: {
          v: 1,
          ts: new Date().toISOString(),
          grid: { importW, exportW },
          pv: { w: pvW },
          battery: { w: 500, socPct: 64, status: 'Laden' },
        },
      };
      const keys = liveKeys(h.redisPrefix);
      return h.redis
        .multi()
        .set(keys.latest(siteId), JSON.stringify(snapshot))
        .publish(keys.channel(siteId), JSON.stringify(snapshot))
        .exec();
    };
    await page.getByText('Wachten op live gegevens', { exact: false }).waitFor();
    await page.locator('[data-live-state="open"]').waitFor();
    await publish(1230, 0, 560);
    await page.getByRole('img', { name: 'Netto-afname: 1,23 kW' }).waitFor();
    await page.getByRole('img', { name: 'Productie zonnepanelen: 560 W' }).waitFor();
    expect(await page.getByTestId('tile-soc').textContent()).toContain('64');
    await publish(0, 2500, 3100);
    await page.getByRole('img', { name: 'Netto-injectie: 2,50 kW' }).waitFor();

    const y = await h.services.history.yesterday(await h.world.actor(h.world.users.ownerA), { siteId });
    const summary = page.locator('text=Gisteren').locator('..').locator('..');
    await expect.poll(() => summary.textContent()).toContain(nl(y.importWh));
    expect(await summary.textContent()).toContain(nl(y.exportWh));
    expect(await summary.textContent()).toContain(nl(y.productionWh));
    await page.screenshot({ path: shot('energy-01-dashboard-mobile'), fullPage: true });
  });

  it("shows the overview per day, week, month and year with the history service's totals, and moves between periods", async () => {
    const page = await ownerPage();
    const owner = await h.world.actor(h.world.users.ownerA);
    for (const period of ['day', 'week', 'month', 'year'] as const) {
      await page.goto(`${h.url}/app/sites/${siteId}/overview?period=${period}&date=${yesterday}`);
      const s = await h.services.history.series(owner, { siteId, period, date: yesterday });
      await expect.poll(() => page.getByTestId('total-import').textContent()).toBe(nl(s.totals.importWh));
      expect(await page.getByTestId('total-export').textContent()).toBe(nl(s.totals.exportWh));
      expect(await page.getByTestId('total-production').textContent()).toBe(nl(s.totals.productionWh));
      expect(await page.getByTestId('total-cost').textContent()).toBe(euro(s.cost.netEur));
      if (period === 'week') {
        // the days read as a person names them, Monday first, not as ISO dates
        const ticks = await page
          .locator('.recharts-xAxis .recharts-cartesian-axis-tick-value')
          .allTextContents();
        expect(ticks).toHaveLength(7);
        expect(ticks[0]).toMatch(/^ma \d{1,2}$/);
        expect(ticks[6]).toMatch(/^zo \d{1,2}$/);
      }
      await page.screenshot({ path: shot(`energy-02-overview-${period}`), fullPage: true });
    }
    // Previous and next with the buttons (keyboard: focus and Enter).
    await page.goto(`${h.url}/app/sites/${siteId}/overview?period=day&date=${yesterday}`);
    const title = await page.getByTestId('period-title').textContent();
    await page.getByRole('link', { name: 'Vorige periode' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`date=${addDays(yesterday, -1)}`));
    await expect.poll(() => page.getByTestId('period-title').textContent()).not.toBe(title);
    await page.getByRole('link', { name: 'Volgende periode' }).click();
    await page.waitForURL(new RegExp(`date=${yesterday}`));
    await page.getByRole('link', { name: 'Volgende periode' }).click();
    await page.waitForURL(new RegExp(`date=${today}`));
    // Today is the last period: no next.
    expect(await page.getByRole('button', { name: 'Volgende periode' }).isDisabled()).toBe(true);
  });

  it('moves to the previous period with a swipe on a phone', async () => {
    const page = await ownerPage(true);
    await page.goto(`${h.url}/app/sites/${siteId}/overview?period=week&date=${yesterday}`);
    await page.getByTestId('period-title').waitFor();
    const before = page.url();
    await page.evaluate(() => {
      const target = document.querySelector('[data-testid="period-title"]')!;
      const touch = (x: number) => new Touch({ identifier: 1, target, clientX: x, clientY: 300 });
      target.dispatchEvent(
        new TouchEvent('touchstart', { bubbles: true, touches: [touch(50)], changedTouches: [touch(50)] }),
      );
      target.dispatchEvent(
        new TouchEvent('touchend', { bubbles: true, touches: [], changedTouches: [touch(300)] }),
      );
    });
    await page.waitForURL((u) => u.toString() !== before);
    const week = await h.services.history.series(await h.world.actor(h.world.users.ownerA), {
      siteId,
      period: 'week',
      date: yesterday,
    });
    expect(page.url()).toContain(`date=${week.previousDate}`);
  });
});
