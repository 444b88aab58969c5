import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrustProxy } from '../server/app';
import { type PortalHarness, startPortal } from './support/portal-harness';

let h: PortalHarness;
beforeAll(async () => {
  h = await startPortal('security');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('forms are safe against cross-site requests', () => {
  it('refuses a state-changing request from another origin, or with no origin at all', async () => {
    const cookie = await h.cookieFor(h.world.users.instAAdmin);
    const body = new URLSearchParams({
      street: 'Evil',
      houseNumber: '1',
      postalCode: '9000',
      city: 'Gent',
      organizationId: String(h.world.orgs.instA),
      gridPhases: '3',
      mainFuseA: '40',
    });
    const before = await h.testDb.db
      .selectFrom('sites')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const foreign = await fetch(`${h.url}/console/sites/new`, {
      method: 'POST',
      body,
      redirect: 'manual',
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const none = await fetch(`${h.url}/console/sites/new`, {
      method: 'POST',
      body,
      redirect: 'manual',
      headers: { cookie },
    });
    expect(none.status).toBe(403);
    const after = await h.testDb.db
      .selectFrom('sites')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const own = await fetch(`${h.url}/console/sites/new`, {
      method: 'POST',
      body,
      redirect: 'manual',
      headers: { cookie, origin: h.url },
    });
    expect(own.status).toBe(302);
  });

  it("takes a form sent before the page's script loaded from a page that hides its address (Origin: null), only from our own site", async () => {
    const cookie = await h.cookieFor(h.world.users.instAAdmin);
    const body = new URLSearchParams({
      street: 'Vroeg',
      houseNumber: '2',
      postalCode: '9000',
      city: 'Gent',
      organizationId: String(h.world.orgs.instA),
      gridPhases: '3',
      mainFuseA: '40',
    });
    const post = (site: string) =>
      fetch(`${h.url}/console/sites/new`, {
        method: 'POST',
        body,
        redirect: 'manual',
        headers: { cookie, origin: 'null', 'sec-fetch-site': site },
      });
    expect((await post('cross-site')).status).toBe(403);
    expect((await post('same-site')).status).toBe(403);
    expect((await post('same-origin')).status).toBe(302);
    const made = await h.testDb.db.selectFrom('sites').select('id').where('street', '=', 'Vroeg').execute();
    expect(made).toHaveLength(1);
  });

  it("takes a sign-in provider's form post back (Apple's response_mode=form_post) from the provider's own site", async () => {
    const apple = await fetch(`${h.url}/auth/apple/callback`, {
      method: 'POST',
      body: new URLSearchParams({ code: 'some-code', state: 'some-state' }),
      redirect: 'manual',
      headers: { origin: 'https://appleid.apple.com', 'accept-language': 'nl-BE' },
    });
    // reaches the callback, which says the sign-in cannot be finished (no provider configured here, no flow cookie)
    // instead of the server error Remix gave every cross-site post
    expect(apple.status).toBeLessThan(500);
    expect(await apple.text()).not.toMatch(/does not match/);
  });

  it('lets the mobile app log in and call tRPC with a bearer token, without cookies or an Origin', async () => {
    const login = await fetch(`${h.url}/api/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner-b@home.test', password: 'Zonnepaneel-2026' }),
    });
    expect(login.status).toBe(200);
    const token = ((await login.json()) as { result: { data: { token: string } } }).result.data.token;
    const me = await fetch(`${h.url}/api/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { result: { data: { email: string } } }).result.data.email).toBe(
      'owner-b@home.test',
    );
    // A browser form from another site is still refused, cookies or not.
    const forged = await fetch(`${h.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=owner-b%40home.test&password=x',
    });
    expect(forged.status).toBe(403);
  });

  it('lets the mobile app call tRPC with a bearer token and no cookie', async () => {
    const { session } = await h.services.auth.startSession(h.world.users.ownerA, {
      ip: null,
      userAgent: 'app',
    });
    const res = await fetch(`${h.url}/api/trpc/auth.logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.id}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(
      (await h.services.auth.resolveSession(session.id, { ip: null, requestId: null })).actor,
    ).toBeNull();
  });
});

describe('headers and cookies', () => {
  it('sends security headers and a session cookie the page script cannot read', async () => {
    const res = await fetch(`${h.url}/login`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'/);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    const login = await fetch(`${h.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: h.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'owner-a@home.test', password: 'Zonnepaneel-2026' }),
    });
    expect(login.status).toBe(302);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/ilumen_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('never shows a stack trace: an unknown route is a translated 404 page', async () => {
    const res = await fetch(`${h.url}/console/no-such-page`, {
      headers: { cookie: await h.cookieFor(h.world.users.admin), 'accept-language': 'fr-BE' },
    });
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});

describe('redirects after login and the language switch', () => {
  const hostile = [
    '/\t/evil.example/phish',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '//evil.example',
    '/\\evil.example',
    '/\\/evil.example',
    '/.//evil.example',
    '/../\\evil.example',
    'https://evil.example/',
    ' /evil',
    '/\u0000/evil.example',
    'javascript:alert(1)',
  ];

  const post = (path: string, fields: Record<string, string>) =>
    fetch(`${h.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: h.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    });
  const login = (redirectTo: string) =>
    post('/login', { email: 'owner-a@home.test', password: 'Zonnepaneel-2026', redirectTo });

  it('sends the browser only to a path on this site, whatever redirectTo says, and never fails', async () => {
    const problems: string[] = [];
    for (const to of hostile) {
      const res = await login(to);
      const location = res.headers.get('location');
      if (res.status !== 302 || location !== '/app')
        problems.push(`${JSON.stringify(to)}: ${res.status} ${location}`);
      const lang = await post('/language', { locale: 'fr', redirectTo: to });
      if (lang.status !== 302 || lang.headers.get('location') !== '/')
        problems.push(`language ${JSON.stringify(to)}: ${lang.status} ${lang.headers.get('location')}`);
    }
    expect(problems).toEqual([]);
  });

  it('still goes back to the page the person came from', async () => {
    const res = await login(`/app/sites/${h.world.sites.siteA}/overview?period=month#chart`);
    expect(res.headers.get('location')).toBe(`/app/sites/${h.world.sites.siteA}/overview?period=month#chart`);
  });
});

describe('caching, content security and https', () => {
  it('keeps logged-in pages and data out of caches, and lets the page connect only to its own site', async () => {
    const cookie = await h.cookieFor(h.world.users.instAAdmin);
    const page = await fetch(`${h.url}/console/sites/${h.world.sites.siteA}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/connect-src 'self'(;|$)/);
    const api = await fetch(
      `${h.url}/api/trpc/sites.get?input=${encodeURIComponent(JSON.stringify({ siteId: h.world.sites.siteA }))}`,
      { headers: { cookie } },
    );
    expect(api.status).toBe(200);
    expect(api.headers.get('cache-control')).toBe('no-store');
    const data = await fetch(`${h.url}/console/sites/${h.world.sites.siteA}.data`, { headers: { cookie } });
    expect(data.status).toBe(200);
    expect(data.headers.get('cache-control')).toBe('no-store');
    // Built assets are named by their content and may be kept.
    const html = await page.text();
    const asset = /\/assets\/[^"]+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    expect((await fetch(`${h.url}${asset}`)).headers.get('cache-control')).toMatch(/immutable/);
    expect(page.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('behind a proxy', () => {
  const sessionIp = async (url: string, headers: Record<string, string>) => {
    const res = await fetch(`${url}/api/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ email: 'stranger@home.test', password: 'Zonnepaneel-2026' }),
    });
    const token = ((await res.json()) as { result: { data: { token: string } } }).result.data.token;
    const row = await h.testDb.db
      .selectFrom('sessions')
      .select('ip')
      .where('id', '=', token)
      .executeTakeFirstOrThrow();
    return { ip: row.ip, hsts: res.headers.get('strict-transport-security') };
  };

  it('trusts no X-Forwarded-For by default: a client cannot pick its own address', async () => {
    const r = await sessionIp(h.url, { 'x-forwarded-for': '192.0.2.44', 'x-forwarded-proto': 'https' });
    expect(r.ip).toBe('127.0.0.1');
    expect(r.hsts).toBeNull();
  });

  it("with TRUST_PROXY naming the load balancer, sees each user's own address and their https", async () => {
    const behind = await h.serveAlso({ trustProxy: ['loopback'] });
    try {
      const r = await sessionIp(behind.url, {
        'x-forwarded-for': '192.0.2.44',
        'x-forwarded-proto': 'https',
      });
      expect(r.ip).toBe('192.0.2.44');
      expect(r.hsts).toMatch(/max-age=\d+/);
    } finally {
      await behind.close();
    }
  });

  it('reads TRUST_PROXY strictly', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('10.0.0.0/8, loopback')).toEqual(['10.0.0.0/8', 'loopback']);
    expect(() => parseTrustProxy('true')).toThrow(/TRUST_PROXY/);
  });
});
