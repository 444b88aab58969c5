import { catalogs } from '@ilumen/i18n';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalHarness, startPortal } from './support/portal-harness';

let h: PortalHarness;
beforeAll(async () => {
  h = await startPortal('titles');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function page(path: string, headers: Record<string, string>) {
  const html = await (await fetch(`${h.url}${path}`, { headers })).text();
  return { lang: /<html lang="(\w+)"/.exec(html)?.[1], title: /<title>([^<]*)<\/title>/.exec(html)?.[1] };
}

describe("the browser tab speaks the page's language", () => {
  it('titles the login page in the language the browser asks for', async () => {
    expect(await page('/login', { 'accept-language': 'nl-BE' })).toEqual({
      lang: 'nl',
      title: 'Inloggen · iLumen',
    });
    expect(await page('/login', { 'accept-language': 'fr-BE,fr;q=0.9' })).toEqual({
      lang: 'fr',
      title: 'Connexion · iLumen',
    });
    expect(await page('/login', { 'accept-language': 'en-US' })).toEqual({
      lang: 'en',
      title: 'Sign in · iLumen',
    });
  });

  it("titles console pages in the user's own language, with the site in front where there is one", async () => {
    await h.testDb.db
      .updateTable('users')
      .set({ locale: 'fr' })
      .where('id', '=', h.world.users.admin)
      .execute();
    const cookie = await h.cookieFor(h.world.users.admin);
    const alarms = await page('/console/alarms', { cookie });
    expect(alarms.lang).toBe('fr');
    expect(alarms.title).toBe(`${catalogs.fr['title.alarms']} · iLumen`);
    const trouble = await page(`/console/sites/${h.world.sites.siteA}/troubleshoot`, { cookie });
    expect(trouble.title).toMatch(/^\S.* · Dépannage · iLumen$/);
  });

  it("answers an address no page has with the not-found page in the reader's language, never its message keys", async () => {
    for (const [lang, path] of [
      ['nl-BE', '/geen-pagina'],
      ['fr-BE', '/console/geen-pagina'],
      ['en-GB', '/app/sites/1/geen-pagina'],
    ] as const) {
      const res = await fetch(`${h.url}${path}`, { headers: { 'accept-language': lang } });
      expect(res.status).toBe(404);
      const html = await res.text();
      const catalog = catalogs[lang.slice(0, 2) as 'nl' | 'fr' | 'en'];
      const heading = /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1];
      expect({ path, heading }).toEqual({ path, heading: catalog['error.notFound'] });
      expect(html).toContain(`>${catalog['common.back']}<`);
    }
  });
});
