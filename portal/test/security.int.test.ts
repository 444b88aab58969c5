import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
