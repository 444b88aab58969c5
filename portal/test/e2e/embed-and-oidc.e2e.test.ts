import { createServer, type Server } from 'node:http';
import { freePort } from '@ilumen/mail-sink';
import { TEST_PASSWORD } from '@ilumen/services/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, shot } from '../support/browser';
import '../support/expect-visible';
import { type HomePortal, startHomePortal } from '../support/home-harness';
import { startTestIdp } from '../support/test-idp';

let h: HomePortal;
let idp: Awaited<ReturnType<typeof startTestIdp>>;
let browser: Browser;
let partner: { origin: string; server: Server };
let stranger: { origin: string; server: Server };

/** A partner's page (or anyone's) that frames whatever URL it is given in `?src=`. */
async function framingSite(): Promise<{ origin: string; server: Server }> {
  const port = await freePort();
  const server = createServer((req, res) => {
    const src = new URL(req.url ?? '/', 'http://x').searchParams.get('src') ?? '';
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(
      `<!doctype html><html><body><h1>Partner</h1><iframe id="ilumen" title="iLusmart" src="${src.replace(/"/g, '&quot;')}" width="390" height="700"></iframe></body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return { origin: `http://127.0.0.1:${port}`, server };
}

beforeAll(async () => {
  partner = await framingSite();
  stranger = await framingSite();
  const portalPort = await freePort();
  const idpPort = await freePort();
  idp = await startTestIdp({
    port: idpPort,
    clientId: 'ilumen-portal',
    clientSecret: 'test-idp-secret-0123456789',
    redirectUris: [`http://127.0.0.1:${portalPort}/auth/google/callback`],
    accounts: {
      nina: { email: 'nina.nieuw@example.be', email_verified: true, name: 'Nina Nieuw' },
      olga: { email: 'owner-a@home.test', email_verified: true, name: 'Olga bij Google' },
      valse: { email: 'owner-b@home.test', email_verified: false, name: 'Niet Bo' },
    },
  });
  // The same environment variables the portal's main reads.
  h = await startHomePortal('e2e_embed_oidc', {
    port: portalPort,
    embedFrameAncestors: [partner.origin],
    env: {
      OAUTH_GOOGLE_CLIENT_ID: 'ilumen-portal',
      OAUTH_GOOGLE_CLIENT_SECRET: 'test-idp-secret-0123456789',
      OAUTH_GOOGLE_ISSUER: idp.issuer,
    },
  });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
  await idp?.close();
  for (const s of [partner, stranger]) if (s) await new Promise<void>((r) => s.server.close(() => r()));
});

async function newContext(): Promise<BrowserContext> {
  return browser.newContext({ locale: 'nl-BE', viewport: { width: 430, height: 900 } });
}
async function newPage(context?: BrowserContext): Promise<Page> {
  const page = await (context ?? (await newContext())).newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  return page;
}

/** What the mobile app or a partner's backend does: log in for a bearer token, then ask for an embed link. */
async function embedLinkFor(email: string, siteId: number): Promise<string> {
  // The login call carries the portal's own origin, as the app's sign-in screen does (the CSRF guard asks for one).
  const login = await fetch(`${h.url}/api/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: h.url },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  const token = ((await login.json()) as { result: { data: { token: string } } }).result.data.token;
  const res = await fetch(`${h.url}/api/trpc/homeowner.embedLink`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ siteId }),
  });
  const body = (await res.json()) as { result?: { data: { url: string } }; error?: unknown };
  if (!body.result) throw new Error(`no embed link: ${JSON.stringify(body.error)}`);
  return body.result.data.url;
}

describe('embedding the homeowner view', () => {
  it("opens once in a partner iframe, on that one site only, and not in anyone else's frame", async () => {
    // Olga is also the main user of a second address: a normal login reaches it, the embed session must not.
    await h.services.members.provision(h.world.system, {
      siteId: h.world.sites.siteA2,
      userId: h.world.users.ownerA,
      role: 'owner',
    });
    const url = await embedLinkFor('owner-a@home.test', h.world.sites.siteA);
    const page = await newPage();
    await page.goto(`${partner.origin}/?src=${encodeURIComponent(url)}`);
    const frame = page.frameLocator('#ilumen');
    await expect(frame.getByTestId('current-address')).toBeVisibleSoon();
    expect(await frame.getByTestId('current-address').textContent()).toBe('Kerkstraat 1');
    // No profile, no logout inside someone else's page.
    expect(await frame.getByRole('link', { name: 'Profiel' }).count()).toBe(0);
    await page.screenshot({ path: shot('embed-01-partner-iframe') });

    // Used once: the same link again is refused.
    const again = await newPage();
    const res = await again.goto(url);
    expect(res?.status()).toBe(404);
    await expect(
      again.getByText('Deze link is ongeldig, al gebruikt of verlopen.', { exact: false }),
    ).toBeVisibleSoon();
    await again.screenshot({ path: shot('embed-02-link-used-twice') });

    // Someone else's page may not frame the view (CSP frame-ancestors), even with a valid link.
    const refused: string[] = [];
    const evil = await newPage();
    evil.on('console', (m) => refused.push(m.text()));
    const other = await embedLinkFor('owner-a@home.test', h.world.sites.siteA);
    await evil.goto(`${stranger.origin}/?src=${encodeURIComponent(other)}`);
    await expect
      .poll(() => refused.some((t) => t.includes('frame-ancestors')), { timeout: 10_000 })
      .toBe(true);
    expect(await evil.frameLocator('#ilumen').getByTestId('current-address').count()).toBe(0);
  });

  it('keeps the session to its site: no other site, no console, no account changes; a link expires', async () => {
    const url = await embedLinkFor('owner-a@home.test', h.world.sites.siteA);
    const context = await newContext();
    const webview = await newPage(context);
    await webview.goto(url);
    await webview.waitForURL(`${h.url}/app/sites/${h.world.sites.siteA}`);
    // The switcher lists only this site, though Olga has two.
    expect((await webview.getByTestId('current-address').textContent())?.trim()).toBe('Kerkstraat 1');
    const other = await webview.goto(`${h.url}/app/sites/${h.world.sites.siteA2}`);
    expect(other?.status()).toBe(404);
    const consoleRes = await webview.goto(`${h.url}/console`);
    expect(consoleRes?.status()).toBe(403);
    const sites = await webview.evaluate(
      async () =>
        (await (await fetch('/api/trpc/homeowner.sites')).json()) as {
          result: { data: Array<{ id: number }> };
        },
    );
    expect(sites.result.data.map((s) => s.id)).toEqual([h.world.sites.siteA]);
    const profile = await webview.goto(`${h.url}/app/profile`);
    expect(profile?.status()).toBe(200);
    await expect(
      webview.getByText('Je profiel wijzigen kan in de app of op de website', { exact: false }),
    ).toBeVisibleSoon();
    expect(await webview.getByLabel('Nieuw e-mailadres').count()).toBe(0);
    await webview.screenshot({ path: shot('embed-03-session-kept-to-site') });

    // A link not opened within 5 minutes is dead.
    const late = await embedLinkFor('owner-a@home.test', h.world.sites.siteA);
    h.clock.advance(6 * 60 * 1000);
    const lateRes = await (await newPage()).goto(late);
    expect(lateRes?.status()).toBe(404);
    h.clock.set(new Date());
  });

  it('sends frame-ancestors for the homeowner view only; the console stays self-only', async () => {
    const csp = async (path: string) =>
      (await fetch(`${h.url}${path}`, { redirect: 'manual' })).headers.get('content-security-policy') ?? '';
    expect(await csp('/app')).toContain(`frame-ancestors 'self' ${partner.origin}`);
    expect(await csp('/embed/whatever')).toContain(partner.origin);
    for (const path of ['/console', '/login', '/console/sites']) {
      const header = await csp(path);
      expect(header).toMatch(/frame-ancestors 'self'\s*(;|$)/);
      expect(header).not.toContain(partner.origin);
    }
  });
});

describe('sign in with Google (a local OpenID Connect provider standing in)', () => {
  async function signIn(login: string): Promise<Page> {
    const page = await newPage();
    await page.goto(`${h.url}/login`);
    await page.getByRole('link', { name: 'Verder met Google' }).click();
    await page.waitForURL(new RegExp(`^${idp.issuer}`));
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill('any-password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    return page;
  }

  it('a new, verified address becomes a homeowner account (a full round trip in the browser)', async () => {
    const login = await newPage();
    await login.goto(`${h.url}/login`);
    await expect(login.getByRole('link', { name: 'Verder met Google' })).toBeVisibleSoon();
    expect(await login.getByRole('link', { name: 'Verder met Apple' }).count()).toBe(0);
    await login.screenshot({ path: shot('oidc-01-login-with-google-button') });

    const page = await signIn('nina');
    await page.waitForURL(`${h.url}/app`);
    await expect(page.getByText('Nog geen adres')).toBeVisibleSoon();
    await page.screenshot({ path: shot('oidc-02-new-account-signed-in') });
    const user = await h.testDb.db
      .selectFrom('users')
      .select(['id', 'name', 'password_hash', 'email_verified_at'])
      .where('email', '=', 'nina.nieuw@example.be')
      .executeTakeFirstOrThrow();
    expect(user.name).toBe('Nina Nieuw');
    expect(user.password_hash).toBeNull();
    const link = await h.testDb.db
      .selectFrom('oauth_accounts')
      .select(['provider', 'subject'])
      .where('user_id', '=', user.id)
      .execute();
    expect(link).toEqual([{ provider: 'google', subject: 'nina' }]);
    await page.getByRole('link', { name: 'Profiel' }).first().click();
    await expect(
      page.getByText('Je account heeft nog geen wachtwoord: je logt in met Google.', { exact: false }),
    ).toBeVisibleSoon();
  });

  it('links an existing account through a verified e-mail', async () => {
    const page = await signIn('olga');
    await page.waitForURL(`${h.url}/app`);
    expect(await page.getByTestId('current-address').textContent()).toBe('Kerkstraat 1');
    const link = await h.testDb.db
      .selectFrom('oauth_accounts')
      .select(['user_id'])
      .where('subject', '=', 'olga')
      .executeTakeFirstOrThrow();
    expect(link.user_id).toBe(h.world.users.ownerA);
  });

  it('refuses an unverified e-mail that matches an existing account', async () => {
    const page = await signIn('valse');
    await expect(
      page.getByText(
        'Google bevestigt niet dat owner-b@home.test van jou is. Log in met je e-mailadres en wachtwoord.',
      ),
    ).toBeVisibleSoon();
    expect(page.url()).toContain('/auth/google/callback');
    await page.screenshot({ path: shot('oidc-03-unverified-email-refused') });
    expect(
      await h.testDb.db.selectFrom('oauth_accounts').select('id').where('subject', '=', 'valse').execute(),
    ).toEqual([]);
    // No session came of it.
    const res = await page.goto(`${h.url}/app`);
    expect(res?.url()).toContain('/login');
  });

  it('refuses a callback without the flow cookie (stale or forged state)', async () => {
    const page = await newPage();
    await page.goto(`${h.url}/auth/google/callback?code=abc&state=forged`);
    await expect(
      page.getByText('De aanmelding werd onderbroken of is verlopen.', { exact: false }),
    ).toBeVisibleSoon();
  });
});
