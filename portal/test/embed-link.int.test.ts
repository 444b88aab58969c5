import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalHarness, startPortal } from './support/portal-harness';

// "Insluiten" in an address's settings (decision 010, 112): its main user and an "Alle data" user (a partner) make an
// embed link in the page, to copy or to scan; nobody else finds the page, and the link opens that address once.
let h: PortalHarness;
beforeAll(async () => {
  h = await startPortal('embed_link');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

/** The form post as the browser makes it without JavaScript: the page answers with the link in its HTML. */
async function makeLink(userId: number, siteId: number) {
  const cookie = await h.cookieFor(userId);
  const body = new URLSearchParams({ intent: 'embed.create', siteId: String(siteId) });
  const res = await fetch(`${h.url}/app/sites/${siteId}/settings/embed`, {
    method: 'POST',
    headers: { cookie, origin: h.url, 'accept-language': 'nl-BE' },
    body,
    redirect: 'manual',
  });
  const html = await res.text();
  return {
    status: res.status,
    path: /https?:\/\/[^"'\s<]+(\/embed\/[A-Za-z0-9_-]+)/.exec(html)?.[1] ?? null,
    qr: /<svg[^>]*>.*?<\/svg>/s.exec(html.slice(html.indexOf('data-testid="embed-link"')))?.[0] ?? null,
  };
}

describe('an embed link made in the page', () => {
  it.each(['ownerA', 'memberAll'] as const)(
    '%s finds "Insluiten" in the settings and makes a link with its QR code, which opens the address once',
    async (who) => {
      const siteId = h.world.sites.siteA;
      const cookie = await h.cookieFor(h.world.users[who]);
      const settings = await (
        await fetch(`${h.url}/app/sites/${siteId}/settings`, { headers: { cookie } })
      ).text();
      expect(settings).toContain(`/app/sites/${siteId}/settings/embed`);
      const page = await fetch(`${h.url}/app/sites/${siteId}/settings/embed`, { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Maak een link');

      const made = await makeLink(h.world.users[who], siteId);
      expect(made.status).toBe(200);
      expect(made.path).toMatch(/^\/embed\/[A-Za-z0-9_-]+$/);
      const url = `${h.url}${made.path}`;
      // the QR code is drawn in the page
      expect(made.qr).toMatch(/^<svg[^>]*>.*<\/svg>$/s);
      // the link opens this address's view once, and only once
      const first = await fetch(url, { redirect: 'manual' });
      expect(first.status).toBe(302);
      expect(first.headers.get('location')).toBe(`/app/sites/${siteId}`);
      const again = await fetch(url, { redirect: 'manual' });
      expect(again.status).toBe(404);
    },
    60_000,
  );

  it.each(['memberChargers', 'instAAdmin', 'instATech', 'support', 'ownerB'] as const)(
    '%s neither finds the page nor makes a link for the address',
    async (who) => {
      const siteId = h.world.sites.siteA;
      const cookie = await h.cookieFor(h.world.users[who]);
      const settings = await fetch(`${h.url}/app/sites/${siteId}/settings`, { headers: { cookie } });
      expect(await settings.text()).not.toContain(`/app/sites/${siteId}/settings/embed`);
      const page = await fetch(`${h.url}/app/sites/${siteId}/settings/embed`, { headers: { cookie } });
      await page.body?.cancel();
      expect([403, 404]).toContain(page.status);
      const made = await makeLink(h.world.users[who], siteId);
      expect([403, 404]).toContain(made.status);
      expect(made.path).toBeNull();
    },
    60_000,
  );
});
