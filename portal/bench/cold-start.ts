import { performance } from 'node:perf_hooks';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../test/support/browser';
import { startPortal } from '../test/support/portal-harness';

/**
 * A first visit in a fresh browser (decision 171): Chromium with an empty cache opens the console's home, its sites
 * table and a homeowner's dashboard on the built portal as production runs it (`npm run bench` sets NODE_ENV=production,
 * so React renders with its production build, decision 321), signed in; time until the document's first byte (the
 * server's render), until the page's `load` event and until the
 * network is quiet (the page hydrated and ready), the requests made and the bytes received. Next to it, in the same
 * run, a static file of the same server opened the same way. Goal: a cold console page under 0.5 s and 30 requests.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const out = (s: string) => process.stdout.write(`${s}\n`);

const h = await startPortal('bench_cold');
let browser: Browser | null = null;
try {
  browser = await launchBrowser();
  const staff = await h.cookieFor(h.world.users.support);
  const owner = await h.cookieFor(h.world.users.ownerA);
  const host = new URL(h.url).hostname;

  async function cold(pagePath: string, cookie: string | null) {
    const context = await browser!.newContext();
    if (cookie) {
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, domain: host, path: '/' }]);
    }
    const page = await context.newPage();
    let requests = 0;
    page.on('request', () => requests++);
    const t0 = performance.now();
    const res = await page.goto(`${h.url}${pagePath}`, { waitUntil: 'load' });
    const load = performance.now() - t0;
    await page.waitForLoadState('networkidle');
    // networkidle waits 500 ms of quiet after the last request
    const ready = Math.max(load, performance.now() - t0 - 500);
    if (!res?.ok()) throw new Error(`${pagePath}: ${res?.status()}`);
    // what came over the wire: the document and every resource, headers included
    const { bytes, server } = await page.evaluate(() => {
      const nav = window.performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      const all = [
        ...nav,
        ...(window.performance.getEntriesByType('resource') as PerformanceResourceTiming[]),
      ];
      // until the document's first byte: the server's render (loaders included), the rest is the browser's
      return { bytes: all.reduce((n, e) => n + e.transferSize, 0), server: nav[0]?.responseStart ?? 0 };
    });
    if (process.env.BENCH_VERBOSE) out(`${pagePath}: ${load.toFixed(0)} ms, ${requests} requests`);
    await context.close();
    return { load, ready, server, requests, bytes };
  }

  const lines: Array<{
    name: string;
    load: number;
    ready: number;
    server: number;
    requests: number;
    kb: number;
  }> = [];
  const measure = async (name: string, pagePath: string, cookie: string | null) => {
    await cold(pagePath, cookie); // the server's first render of a route is not what a visitor meets
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await cold(pagePath, cookie));
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    lines.push({
      name,
      load: median(runs.map((r) => r.load)),
      ready: median(runs.map((r) => r.ready)),
      server: median(runs.map((r) => r.server)),
      requests: Math.max(...runs.map((r) => r.requests)),
      kb: median(runs.map((r) => r.bytes)) / 1024,
    });
  };
  await measure('baseline: static file (/favicon.svg)', '/favicon.svg', null);
  await measure('console home (/console), support', '/console', staff);
  await measure('console sites table (/console/sites), support', '/console/sites', staff);
  await measure("homeowner's dashboard, owner", `/app/sites/${h.world.sites.siteA}`, owner);

  out(
    `\ncold start in Chromium, fresh browser context each run, median of ${RUNS} (goal: < 500 ms, < 30 requests)`,
  );
  out(
    `${'page'.padEnd(50)} ${'load ms'.padStart(8)} ${'ready ms'.padStart(9)} ${'server ms'.padStart(10)} ${'requests'.padStart(9)} ${'KiB'.padStart(7)}`,
  );
  for (const l of lines)
    out(
      `${l.name.padEnd(50)} ${l.load.toFixed(0).padStart(8)} ${l.ready.toFixed(0).padStart(9)} ${l.server.toFixed(0).padStart(10)} ${String(l.requests).padStart(9)} ${l.kb.toFixed(0).padStart(7)}`,
    );
  const pages = lines.slice(1);
  const worst = Math.max(...pages.map((l) => l.load));
  const most = Math.max(...pages.map((l) => l.requests));
  out(
    `worst load ${worst.toFixed(0)} ms, most requests ${most} — ${worst < 500 && most < 30 ? 'within' : 'OVER'} the goal`,
  );
} finally {
  await browser?.close();
  await h.close();
}
