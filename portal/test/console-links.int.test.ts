import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalHarness, startPortal } from './support/portal-harness';

// Every role of the console walks it as people do, following each link on each page it reaches: a link never leads
// to "forbidden" or "not found" (`policy.consoleLinks`, docs/architecture.md). The world has what the console's pages link between: sites with a
// gateway, an alarm, an organization of each kind.
let h: PortalHarness;
beforeAll(async () => {
  h = await startPortal('console_links');
  const db = h.testDb.db;
  const gateway = await db
    .insertInto('gateways')
    .values({
      serial: 'ILS-LINKS0001',
      site_id: h.world.sites.siteA,
      organization_id: h.world.orgs.instA,
      online: false,
    })
    .executeTakeFirstOrThrow();
  const at = new Date('2026-12-01T08:00:00Z');
  await db
    .insertInto('alarms')
    .values({
      kind: 'gateway_offline',
      open_key: `gateway_offline:gw:${gateway.insertId}`,
      subject: `gw:${gateway.insertId}`,
      severity: 'critical',
      organization_id: h.world.orgs.instA,
      site_id: h.world.sites.siteA,
      gateway_id: Number(gateway.insertId),
      details: JSON.stringify({}),
      since: at,
      raised_at: at,
      last_active_at: at,
    })
    .execute();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

/** The links of a page that lead to another page of the portal (not downloads, mail or anchors on the page). */
function links(html: string): string[] {
  return [...html.matchAll(/href="(\/(?:console|app)[^"#]*)/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
}

/** Follows every link from the console's home page, breadth first; answers each page's status and where it was found. */
async function walk(cookie: string) {
  const seen = new Map<string, { status: number; from: string }>();
  const queue: Array<[string, string]> = [['/console', '(start)']];
  while (queue.length > 0 && seen.size < 400) {
    const [path, from] = queue.shift()!;
    if (seen.has(path)) continue;
    const res = await fetch(`${h.url}${path}`, { headers: { cookie }, redirect: 'manual' });
    seen.set(path, { status: res.status, from });
    if (res.status !== 200 || !(res.headers.get('content-type') ?? '').includes('text/html')) {
      await res.body?.cancel();
      continue;
    }
    for (const next of links(await res.text())) if (!seen.has(next)) queue.push([next, path]);
  }
  return seen;
}

describe('every link a console page shows opens for whoever sees it', () => {
  const roles = ['admin', 'support', 'fleet', 'instAAdmin', 'instATech'] as const;
  it.each(roles)(
    '%s follows every link to a page that opens',
    async (role) => {
      const pages = await walk(await h.cookieFor(h.world.users[role]));
      const broken = [...pages]
        .filter(([, p]) => p.status !== 200)
        .map(([path, p]) => `${p.status} ${path} (linked from ${p.from})`);
      expect(broken).toEqual([]);
      // the walk reached the pages that link to sites and alarms, so the rule was asked
      expect([...pages.keys()].some((p) => /^\/console\/sites\/\d+/.test(p))).toBe(true);
    },
    300_000,
  );
});
