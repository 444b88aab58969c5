import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalHarness, startPortal } from './support/portal-harness';

// The homeowner view is for a home's own people; staff and installers have the console, and support reads a home only
// through the audited support view (decision 081). Typed by URL, no page of /app/sites/:id opens for them (not found or
// forbidden), rather than a page whose links lead nowhere.
let h: PortalHarness;
beforeAll(async () => {
  h = await startPortal('home_view_staff');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const pages = [
  '',
  '/overview',
  '/overview?period=month',
  '/timeline',
  '/capacity',
  '/prices',
  '/battery',
  '/heat',
  '/import',
  '/store',
  '/timers',
  '/settings',
  '/settings/tariffs',
  '/settings/installations',
  '/settings/installations/ilusmart',
  '/settings/sessions',
  '/settings/users',
];

describe("a home's pages by URL", () => {
  it.each(['admin', 'support', 'fleet', 'instAAdmin', 'instATech'] as const)(
    '%s finds none of them (the console is theirs)',
    async (role) => {
      const cookie = await h.cookieFor(h.world.users[role]);
      const opened: string[] = [];
      for (const page of pages) {
        const path = `/app/sites/${h.world.sites.siteA}${page}`;
        const res = await fetch(`${h.url}${path}`, { headers: { cookie }, redirect: 'manual' });
        await res.body?.cancel();
        if (res.status !== 404 && res.status !== 403) opened.push(`${res.status} ${path}`);
      }
      expect(opened).toEqual([]);
    },
    60_000,
  );

  it('the main user opens every one of them', async () => {
    const cookie = await h.cookieFor(h.world.users.ownerA);
    const failed: string[] = [];
    for (const page of pages) {
      const path = `/app/sites/${h.world.sites.siteA}${page}`;
      const res = await fetch(`${h.url}${path}`, { headers: { cookie }, redirect: 'manual' });
      await res.body?.cancel();
      if (res.status !== 200) failed.push(`${res.status} ${path}`);
    }
    expect(failed).toEqual([]);
  }, 60_000);
});
