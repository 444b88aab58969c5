import { readJson } from '@ilumen/db';
import { createLogger } from '@ilumen/logger';
import { until } from '@ilumen/services/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalHarness, startPortal } from './support/portal-harness';

// "Insluiten" in an address's settings (decision 010, 112): its main user and an "Alle data" user (a partner) make an
// embed link in the page, to copy or to scan; nobody else finds the page, and the link opens that address once. The
// site's installer makes one on the console's site page (decision 142): it opens the home's view read-only.
let h: PortalHarness;
beforeAll(async () => {
  h = await startPortal('embed_link');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

/** The form post as the browser makes it without JavaScript: the page answers with the link in its HTML. */
async function makeLink(userId: number, siteId: number, page = `/app/sites/${siteId}/settings/embed`) {
  const cookie = await h.cookieFor(userId);
  const body = new URLSearchParams({ intent: 'embed.create', siteId: String(siteId) });
  const res = await fetch(`${h.url}${page}`, {
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

  it.each(['instAAdmin', 'instATech'] as const)(
    '%s makes a link on the console site page, with its QR code; it opens the home view of that one address, read-only',
    async (who) => {
      const siteId = h.world.sites.siteA;
      const cookie = await h.cookieFor(h.world.users[who]);
      const console = await (await fetch(`${h.url}/console/sites/${siteId}`, { headers: { cookie } })).text();
      expect(console).toContain(`/console/sites/${siteId}/embed`);
      const page = await fetch(`${h.url}/console/sites/${siteId}/embed`, { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Maak een link');

      const made = await makeLink(h.world.users[who], siteId, `/console/sites/${siteId}/embed`);
      expect(made.status).toBe(200);
      expect(made.qr).toMatch(/^<svg[^>]*>.*<\/svg>$/s);
      const first = await fetch(`${h.url}${made.path}`, { redirect: 'manual' });
      expect(first.status).toBe(302);
      expect(first.headers.get('location')).toBe(`/app/sites/${siteId}`);
      const session = first.headers.get('set-cookie')!.split(';')[0]!;
      // the home's dashboard, its history and module pages
      for (const path of [
        `/app/sites/${siteId}`,
        `/app/sites/${siteId}/overview`,
        `/app/sites/${siteId}/battery`,
      ]) {
        const res = await fetch(`${h.url}${path}`, { headers: { cookie: session }, redirect: 'manual' });
        expect(res.status, path).toBe(200);
        await res.body?.cancel();
      }
      // nothing else: no other address, no console, no link from inside, no change (below)
      for (const path of [
        `/app/sites/${h.world.sites.siteA2}`,
        `/app/sites/${h.world.sites.siteB}`,
        `/console/sites/${siteId}`,
        `/app/sites/${siteId}/settings/embed`,
      ]) {
        const res = await fetch(`${h.url}${path}`, { headers: { cookie: session }, redirect: 'manual' });
        await res.body?.cancel();
        expect([302, 403, 404], path).toContain(res.status);
      }
      const actor = await h.services.auth.resolveSession(session.split('=')[1], {
        ip: null,
        requestId: null,
      });
      expect(actor.actor).toMatchObject({ readOnly: true, embedSiteId: siteId });
      await expect(
        h.services.tariffs.save(actor.actor!, { siteId, importEurPerKwh: '0,1', exportEurPerKwh: '0,01' }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await expect(h.services.embed.createLink(actor.actor!, { siteId })).rejects.toMatchObject({
        code: 'forbidden',
      });
      // the link is used up
      const again = await fetch(`${h.url}${made.path}`, { redirect: 'manual' });
      expect(again.status).toBe(404);
    },
    60_000,
  );

  it.each(['instBAdmin', 'instBTech', 'fleet', 'ownerA'] as const)(
    '%s finds no embed page on the console for an address of another installer (or not theirs to manage)',
    async (who) => {
      const siteId = h.world.sites.siteA;
      const page = await fetch(`${h.url}/console/sites/${siteId}/embed`, {
        headers: { cookie: await h.cookieFor(h.world.users[who]) },
      });
      await page.body?.cancel();
      expect([403, 404]).toContain(page.status);
      const made = await makeLink(h.world.users[who], siteId, `/console/sites/${siteId}/embed`);
      expect([403, 404]).toContain(made.status);
      expect(made.path).toBeNull();
    },
    60_000,
  );
});

describe('opening an embed link', () => {
  /** The audit lines about one link, oldest first. */
  const auditOf = (linkId: string) =>
    h.services.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'embed_link')
      .where('entity_id', '=', linkId)
      .orderBy('id')
      .execute();

  it("is audited as the link maker's, from the opener's address, and a second try as refused; the token is in no log", async () => {
    const lines: string[] = [];
    const logged = await h.serveAlso({
      logger: createLogger(
        { name: 'portal-test', level: 'info' },
        { write: (line: string) => lines.push(line) },
      ),
    });
    try {
      const siteId = h.world.sites.siteA;
      const made = await makeLink(h.world.users.instATech, siteId, `/console/sites/${siteId}/embed`);
      const token = made.path!.slice('/embed/'.length);
      const link = await h.services.deps.db
        .selectFrom('embed_links')
        .select('id')
        .where('user_id', '=', h.world.users.instATech)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const open = () =>
        fetch(`${logged.url}${made.path}`, {
          redirect: 'manual',
          headers: { 'user-agent': 'PartnerApp/2.1' },
        });
      expect((await open()).status).toBe(302);
      expect((await open()).status).toBe(404);

      const audit = await auditOf(String(link.id));
      const tech = await h.services.deps.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', h.world.users.instATech)
        .executeTakeFirstOrThrow();
      expect(audit.map((a) => a.action)).toEqual([
        'embed_link.create',
        'embed_link.open',
        'embed_link.refused',
      ]);
      const [, opened, refused] = audit;
      expect(opened).toMatchObject({
        actor_user_id: h.world.users.instATech,
        actor_email: tech.email,
        site_id: siteId,
        ip: '127.0.0.1',
      });
      expect(readJson(opened!.after)).toMatchObject({ readOnly: true, userAgent: 'PartnerApp/2.1' });
      expect(refused).toMatchObject({ actor_user_id: null, site_id: siteId, ip: '127.0.0.1' });
      expect(readJson(refused!.after)).toMatchObject({ reason: 'used', madeBy: h.world.users.instATech });
      // the link is named by its id: its token is neither in the audit log nor in the request log
      expect(JSON.stringify(audit)).not.toContain(token);
      // (a request's line is written as its response finishes, which may be just after the client has it)
      const requests = await until(
        async () => lines.filter((l) => l.includes('"/embed/')),
        (r) => r.length >= 2,
        5000,
      );
      expect(requests.length).toBeGreaterThanOrEqual(2);
      expect(lines.join('\n')).not.toContain(token);
    } finally {
      await logged.close();
    }
  }, 60_000);

  it('an unknown token opens nothing and writes nothing', async () => {
    const before = await h.services.deps.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await fetch(`${h.url}/embed/not-a-token-of-ours`, { redirect: 'manual' });
    await res.body?.cancel();
    expect(res.status).toBe(404);
    const after = await h.services.deps.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  }, 30_000);
});
