import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locale } from '@ilumen/i18n';
import { seedDemo } from '@ilumen/seeds';
import { AlarmEvaluator, systemClock } from '@ilumen/services';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotDir, shot } from '../support/browser';
import '../support/expect-visible';
import { type PortalHarness, startPortal } from '../support/portal-harness';
import { foreignText, pageLinks, pageShape, rawKeys, visibleText } from '../support/walk';

// The product walk: every role of the demo world, signed in, follows every link from its start page as a
// person clicking around would, and reads each page: it opens (a link leads somewhere), it is no error page, it shows
// no message key or code where a text belongs, and nothing in another language than the page's. In Chromium, each
// kind of page once more, read by the first role that reaches it: no script error, no status badge cut short, and
// bad input answered. One seeded demo world and one browser serve it all (decision 210 keeps its cost down).

/** Texts the i18n helper's work (device statuses, fault texts, rollout log lines, number formats) turns into the
 * reader's language; the walk reports them once that work has landed and they are taken off this list. */
const I18N_HELPER_ALLOW: RegExp[] = [];

/** The roles of the demo world (README.md) and where each starts. */
const ROLES = [
  { who: 'admin', email: 'admin@ilumen.be', start: '/console' },
  { who: 'support', email: 'support@ilumen.be', start: '/console' },
  { who: 'fleet', email: 'fleet@ilumen.be', start: '/console' },
  { who: 'installer admin', email: 'anna@zonnewarmte.be', start: '/console' },
  { who: 'technician', email: 'tom@zonnewarmte.be', start: '/console' },
  { who: 'other installer', email: 'bart@peeters-energie.be', start: '/console' },
  { who: 'homeowner', email: 'jan.peeters@example.be', start: '/app' },
  { who: 'partner (Alle data)', email: 'partner@example.be', start: '/app' },
  { who: 'laadpaal (iLuCharges)', email: 'laadpaal@example.be', start: '/app' },
] as const;

/** Every problem the walk met, one per line, beside the screenshots (test-results/). */
const resultsDir = path.dirname(screenshotDir);

/** How many pages of one shape (e.g. `/console/sites/:id/edit`) the walk opens. */
const PER_SHAPE = 2;

let h: PortalHarness;
let browser: Browser;
const userIds = new Map<string, number>();

beforeAll(async () => {
  h = await startPortal('walk');
  // every kind of chart page has data with a few weeks of history; the demo's year is most of the seeding's time
  await seedDemo(h.services, { historyDays: 45 });
  const users = await h.testDb.db
    .selectFrom('users')
    .select(['id', 'email'])
    .where(
      'email',
      'in',
      ROLES.map((r) => r.email),
    )
    .execute();
  for (const u of users) userIds.set(u.email, u.id);
  await seedDecisions();
  browser = await launchBrowser();
}, 900_000);

/**
 * The iLusmart's control decisions, as its gateway sends them (the seeded history has none): each site's timeline and
 * troubleshooting page show them. Rows from a gateway before codes (English reason only), coded ones, and a decision
 * that could not be applied; none may reach a page in English.
 */
async function seedDecisions() {
  const db = h.testDb.db;
  const sites = await db.selectFrom('sites').select('id').execute();
  const decision = (controller: string, action: string, reason: string, values: Record<string, unknown>) => ({
    type: 'control.decision',
    payload: JSON.stringify({ controller, action, reason, values }),
  });
  const rows = [
    decision('charging', 'charger.current', 'fast charging: full current', { amps: 32, result: 'ok' }),
    decision(
      'peakShaving',
      'battery.setpoint',
      'keeping the quarter under 2.5 kW (the home takes 3.1 kW): discharge at least 600 W',
      { watts: -600, result: 'error: no charger charger1 on this gateway' },
    ),
    decision(
      'charging',
      'charger.current',
      'smart: solar surplus 1840 W with 0 % from the grid allowed: 8 A',
      { code: 'chg.smart', surplusW: 1840, gridSharePct: 0, amps: 8, result: 'ok' },
    ),
    decision('solarBoiler', 'heat.enable', 'exporting 2100 W for 60 s: heat water with the surplus', {
      on: true,
      result: 'ok',
    }),
    {
      type: 'maintenance.progress',
      payload: JSON.stringify({
        phase: 'aborted',
        socPct: 64,
        reason: 'the window ended before the battery was full (64 %)',
      }),
    },
  ];
  const now = Date.now();
  await db
    .insertInto('events')
    .values(
      sites.flatMap((s) =>
        rows.map((r, i) => ({
          site_id: s.id,
          uid: randomUUID(),
          ts: new Date(now - (i + 1) * 60_000),
          type: r.type,
          payload: r.payload,
        })),
      ),
    )
    .execute();
}

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

interface Visit {
  path: string;
  from: string;
  status: number;
  problems: string[];
}

async function setLocale(email: string, locale: Locale) {
  await h.testDb.db.updateTable('users').set({ locale }).where('email', '=', email).execute();
}

/** Requests the HTTP walk keeps in flight: the portal answers one while the database works for another. */
const IN_FLIGHT = 4;

/**
 * Follows every link from the start page, breadth first, opening at most PER_SHAPE pages of each shape (a few at a
 * time).
 */
async function crawl(
  cookie: string,
  start: string,
  locale: Locale,
  limit = 400,
  perShape = PER_SHAPE,
): Promise<Visit[]> {
  const visits: Visit[] = [];
  const queued = new Set<string>([start]);
  const shapes = new Map<string, number>();
  const queue: Array<[string, string]> = [[start, '(start)']];
  const enqueue = (next: string, from: string, counted: boolean) => {
    if (queued.has(next)) return;
    if (counted) {
      const shape = pageShape(next);
      const n = shapes.get(shape) ?? 0;
      if (n >= perShape) return;
      shapes.set(shape, n + 1);
    }
    queued.add(next);
    queue.push([next, from]);
  };
  const visit = async ([path, from]: [string, string]) => {
    const res = await fetch(`${h.url}${path}`, { headers: { cookie }, redirect: 'manual' });
    const visit: Visit = { path, from, status: res.status, problems: [] };
    visits.push(visit);
    const type = res.headers.get('content-type') ?? '';
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location?.match(/^\/(console|app)([/?]|$)/)) {
      // a page that sends its reader on (the chargers-only user's start page): the walk goes along
      visit.status = 200;
      await res.body?.cancel();
      enqueue(location, path, false);
      return;
    }
    if (res.status < 200 || res.status >= 300 || !type.includes('text/html')) {
      if (res.status < 200 || res.status >= 300) visit.problems.push(`answers ${res.status}`);
      await res.body?.cancel();
      return;
    }
    const html = await res.text();
    if (html.includes('data-error-page')) visit.problems.push('shows the error page');
    const text = visibleText(html);
    for (const key of rawKeys(text)) visit.problems.push(`raw key or code: ${key}`);
    for (const foreign of foreignText(text, locale)) visit.problems.push(`not ${locale}: ${foreign}`);
    visit.problems = visit.problems.filter((p) => !I18N_HELPER_ALLOW.some((re) => re.test(p)));
    for (const next of pageLinks(html)) enqueue(next, path, true);
  };
  // breadth first, IN_FLIGHT pages at a time; a page's links join the queue as it is read
  const running = new Set<Promise<void>>();
  let started = 0;
  for (;;) {
    while (queue.length > 0 && running.size < IN_FLIGHT && started < limit) {
      started++;
      const p: Promise<void> = visit(queue.shift()!).finally(() => running.delete(p));
      running.add(p);
    }
    if (running.size === 0) break;
    await Promise.race(running);
  }
  await Promise.all(running);
  return visits;
}

function report(visits: Visit[]): string[] {
  const lines = visits.flatMap((v) => v.problems.map((p) => `${v.path} (from ${v.from}): ${p}`));
  if (lines.length > 0) {
    mkdirSync(resultsDir, { recursive: true });
    appendFileSync(path.join(resultsDir, 'walk-report.txt'), `${lines.join('\n')}\n`);
  }
  return lines;
}

/**
 * Forms that change something for good: the walk does not send them, not even with bad input (their confirmation
 * dialogs have their own tests).
 */
const DESTRUCTIVE =
  /delete|remove|revoke|reboot|restart|cancel|logout|verwijder|intrekken|herstart|annuleer|afmelden|stop|ontkoppel/i;

/**
 * Sends each form of the page that asks for something (a required field, a number with bounds) with bad input: the
 * required fields empty, numbers far out of range, past the browser's own checks so the server answers. A person must
 * then see a field error or a message in the page's language: never the error page, never nothing.
 */
async function badInput(
  page: import('playwright-core').Page,
  url: string,
  locale: Locale,
): Promise<string[]> {
  const problems: string[] = [];
  const count = await page.locator('form').count();
  // a form sent leaves the page changed: the next one is tried on the page loaded anew
  let sent = false;
  // a person sends a form once the page has settled: React has taken it over (the root marks it), so the form posts
  // through its fetcher and shows its answer, instead of posting natively and leaving the page
  const settle = () =>
    page
      .waitForFunction(() => document.documentElement.dataset.hydrated === 'true', undefined, {
        timeout: 15_000,
      })
      .then(() => true)
      .catch(() => false);
  if (count > 0 && !(await settle())) return [`${url}: the page's script never took over`];
  for (let i = 0; i < count; i++) {
    if (sent) {
      await page.goto(url, { waitUntil: 'load' });
      if (!(await settle())) return [...problems, `${url}: the page's script never took over`];
    }
    sent = false;
    // a person sends a form with its button, which stays disabled until React has taken over the page (a post before
    // that would leave the page natively); a button still disabled after that asks for something first: not sent
    const usable = await page
      .waitForFunction(
        (i) => {
          const form = document.querySelectorAll('form')[i];
          const submit = form?.querySelector(
            'button[type=submit], button:not([type])',
          ) as HTMLButtonElement | null;
          return !submit?.disabled;
        },
        i,
        { timeout: 10_000 },
      )
      .then(() => true)
      .catch(() => false);
    if (!usable) continue;
    const what = await page.evaluate(
      ({ i, destructive }) => {
        const form = document.querySelectorAll('form')[i];
        if (!form || (form.method ?? '').toLowerCase() !== 'post') return null;
        const label = `${form.getAttribute('action') ?? ''} ${
          (form.querySelector('input[name=intent]') as HTMLInputElement | null)?.value ?? ''
        } ${form.textContent ?? ''}`.slice(0, 200);
        if (new RegExp(destructive, 'i').test(label)) return null;
        const fields = [...form.querySelectorAll('input, textarea')] as HTMLInputElement[];
        const required = fields.filter((f) => f.required && f.type !== 'hidden' && f.type !== 'checkbox');
        const bounded = fields.filter((f) => f.type === 'number' && (f.max !== '' || f.min !== ''));
        if (required.length === 0 && bounded.length === 0) return null;
        form.noValidate = true;
        for (const f of required) f.value = '';
        for (const f of bounded)
          f.value = f.max !== '' ? String(Number(f.max) * 10 + 1000) : String(Number(f.min) - 1000);
        const submit = form.querySelector(
          'button[type=submit], button:not([type])',
        ) as HTMLButtonElement | null;
        form.requestSubmit(submit ?? undefined);
        return label.replace(/\s+/g, ' ').trim().slice(0, 80);
      },
      { i, destructive: DESTRUCTIVE.source },
    );
    if (what === null) continue;
    sent = true;
    const answer = await page
      .waitForFunction(
        () => {
          if (document.querySelector('[data-error-page]')) return 'error page';
          const errors = [
            ...document.querySelectorAll(
              '.mantine-InputWrapper-error, [role=alert], .mantine-Notification-root',
            ),
          ]
            .map((e) => (e.textContent ?? '').trim())
            .filter(Boolean);
          return errors.length > 0 ? errors.join(' | ') : false;
        },
        undefined,
        { timeout: 15_000 },
      )
      .then((h) => h.jsonValue() as Promise<string>)
      .catch(() => null);
    if (answer === null) problems.push(`${url}: form "${what}" with bad input shows nothing`);
    else if (answer === 'error page')
      problems.push(`${url}: form "${what}" with bad input ends on the error page`);
    else {
      for (const key of rawKeys(answer)) problems.push(`${url}: form "${what}" says a raw key ${key}`);
      for (const foreign of foreignText(answer, locale))
        problems.push(`${url}: form "${what}" answers not in ${locale}: ${foreign}`);
    }
  }
  return problems;
}

/** Pages the browser pass has open at once, in one context. */
const PAGES_AT_ONCE = 2;

/**
 * Opens each page in Chromium, signed in, a few at a time, and reads what only a browser shows: script errors, cut
 * badges, the error page, and each form's answer to bad input.
 */
async function inBrowser(cookie: string, paths: string[], locale: Locale) {
  const [name, value] = cookie.split('=') as [string, string];
  const context = await browser.newContext({
    locale: locale === 'nl' ? 'nl-BE' : locale === 'fr' ? 'fr-BE' : 'en-GB',
    viewport: { width: 1280, height: 900 },
  });
  await context.addCookies([{ name, value, url: h.url }]);
  const problems: string[] = [];
  const todo = [...paths];
  const tab = async () => {
    const page = await context.newPage();
    let current = '';
    page.on('pageerror', (e) => problems.push(`${current}: script error ${e.message}`));
    for (let path = todo.shift(); path !== undefined; path = todo.shift()) {
      current = path;
      const res = await page.goto(`${h.url}${path}`, { waitUntil: 'load' });
      if (!res || res.status() >= 300) continue; // the HTTP walk reports it
      const clipped = await page.$$eval('.mantine-Badge-label', (labels) =>
        labels
          .filter((l) => l.scrollWidth > l.clientWidth + 1 && (l as HTMLElement).offsetParent !== null)
          .map((l) => l.textContent ?? ''),
      );
      for (const text of clipped) problems.push(`${path}: badge cut short "${text}"`);
      if (await page.locator('[data-error-page]').count())
        problems.push(`${path}: shows the error page once loaded`);
      problems.push(...(await badInput(page, `${h.url}${path}`, locale)));
    }
  };
  try {
    await Promise.all(Array.from({ length: PAGES_AT_ONCE }, tab));
  } finally {
    await context.close();
  }
  return problems.sort();
}

/**
 * The shapes the browser pass has read, over all roles: a kind of page (a site's edit form, the alarm list) is read
 * in Chromium by the first role that reaches it; every role's own pages are still read over HTTP.
 */
const inBrowserAlready = new Set<string>();

describe('the product walk', () => {
  it.each(ROLES)(
    '$who follows every link in Dutch: each page opens and reads right, in the browser too',
    async ({ email, start }) => {
      await setLocale(email, 'nl');
      const cookie = await h.cookieFor(userIds.get(email)!);
      const visits = await crawl(cookie, start, 'nl');
      expect(report(visits)).toEqual([]);
      // the walk went beyond its start page
      expect(visits.length).toBeGreaterThan(3);
      const shapes = new Map<string, string>();
      for (const v of visits) {
        const shape = pageShape(v.path);
        if (v.status === 200 && !shapes.has(shape) && !inBrowserAlready.has(shape)) shapes.set(shape, v.path);
      }
      for (const shape of shapes.keys()) inBrowserAlready.add(shape);
      expect(await inBrowser(cookie, [...shapes.values()], 'nl')).toEqual([]);
    },
    300_000,
  );

  it.each([
    { who: 'admin', email: 'admin@ilumen.be', start: '/console', locale: 'fr' },
    { who: 'installer admin', email: 'anna@zonnewarmte.be', start: '/console', locale: 'en' },
    { who: 'homeowner', email: 'jan.peeters@example.be', start: '/app', locale: 'fr' },
    { who: 'homeowner', email: 'jan.peeters@example.be', start: '/app', locale: 'en' },
  ] as const)(
    '$who reads a sample of pages in $locale: all of it in $locale',
    async ({ email, start, locale }) => {
      await setLocale(email, locale);
      try {
        const cookie = await h.cookieFor(userIds.get(email)!);
        // one page of each kind is enough to read its language
        const visits = await crawl(cookie, start, locale, 40, 1);
        expect(report(visits)).toEqual([]);
      } finally {
        await setLocale(email, 'nl');
      }
    },
    300_000,
  );
});

describe('journeys of the walk', () => {
  it('support sees a device fault come in, marks it seen, notes what was done, and finds it resolved once the device recovers', async () => {
    const db = h.testDb.db;
    const battery = await db
      .selectFrom('devices as d')
      .innerJoin('site_members as sm', 'sm.site_id', 'd.site_id')
      .select(['d.id', 'd.site_id'])
      .where('sm.user_id', '=', userIds.get('jan.peeters@example.be')!)
      .where('d.type', '=', 'battery')
      .executeTakeFirstOrThrow();
    const before = await db
      .selectFrom('devices')
      .select(['status', 'status_code'])
      .where('id', '=', battery.id)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('devices')
      .set({ status: 'Fout', status_code: '101', status_changed_at: new Date(Date.now() - 3600_000) })
      .where('id', '=', battery.id)
      .execute();
    const evaluator = new AlarmEvaluator(
      { db, redis: h.redis, redisPrefix: h.redisPrefix, clock: systemClock },
      { deviceFaultAfterS: 0, clearAfterS: { device_fault: 0 } as never },
    );
    expect((await evaluator.pass()).raised).toBeGreaterThanOrEqual(1);

    const [name, value] = (await h.cookieFor(userIds.get('support@ilumen.be')!)).split('=') as [
      string,
      string,
    ];
    const context = await browser.newContext({ locale: 'nl-BE', viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name, value, url: h.url }]);
    const page = await context.newPage();
    try {
      await page.goto(`${h.url}/console/alarms`);
      const row = page.getByRole('row').filter({ hasText: 'Toestel in fout' }).first();
      await expect(row).toBeVisibleSoon();
      await row.getByRole('link').first().click();
      await page.getByRole('button', { name: 'Markeer als gezien' }).click();
      await expect(page.getByText('Gezien', { exact: true })).toBeVisibleSoon();
      await page.getByLabel('Opmerking').fill('Klant gebeld: batterij herstart.');
      await page.getByRole('button', { name: 'Voeg opmerking toe' }).click();
      await expect(page.getByText('Klant gebeld: batterij herstart.')).toBeVisibleSoon();
      await page.screenshot({ path: shot('walk-alarm-seen'), fullPage: true });

      // the device recovers: the next passes of the alarm job resolve it
      await db
        .updateTable('devices')
        .set({
          status: before.status ?? 'Standby',
          status_code: before.status_code,
          status_changed_at: new Date(),
        })
        .where('id', '=', battery.id)
        .execute();
      await evaluator.pass();
      await evaluator.pass();
      await page.goto(`${h.url}/console/alarms?status=cleared`);
      await expect(
        page.getByRole('row').filter({ hasText: 'Toestel in fout' }).getByText('Opgelost').first(),
      ).toBeVisibleSoon();
    } finally {
      await context.close();
    }
  }, 120_000);
});
