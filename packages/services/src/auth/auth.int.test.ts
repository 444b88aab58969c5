import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous } from '../actor';
import { AppError } from '../errors';
import {
  createServiceHarness,
  createWorld,
  type ServiceHarness,
  TEST_PASSWORD,
  type World,
} from '../testing';

let h: ServiceHarness;
let world: World;
const req = { ip: '198.51.100.7', userAgent: 'vitest' };

beforeAll(async () => {
  h = await createServiceHarness('auth');
  world = await createWorld(h.services);
});
afterAll(async () => {
  await h.close();
});

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof AppError) return `${e.code}:${e.messageKey}`;
    throw e;
  }
};

describe('login', () => {
  it('opens a session for the right password and resolves it back to the user', async () => {
    const { cookie, session, actor } = await h.services.auth.login(
      { email: 'Owner-A@Home.test ', password: TEST_PASSWORD },
      req,
    );
    expect(actor.userId).toBe(world.users.ownerA);
    expect(cookie).toMatch(/^ilumen_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const resolved = await h.services.auth.resolveSession(session.id, { ip: null, requestId: null });
    expect(resolved.actor?.email).toBe('owner-a@home.test');
  });

  it('gives one message for a wrong password and an unknown address', async () => {
    expect(
      await codeOf(h.services.auth.login({ email: 'owner-a@home.test', password: 'wrong-password-1' }, req)),
    ).toBe('unauthenticated:auth.login.failed');
    expect(
      await codeOf(h.services.auth.login({ email: 'nobody@home.test', password: 'wrong-password-1' }, req)),
    ).toBe('unauthenticated:auth.login.failed');
  });

  it('refuses a malformed address as a field error', async () => {
    try {
      await h.services.auth.login({ email: 'not-an-address', password: 'x' }, req);
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).fieldErrors.email?.key).toBe('validation.email');
    }
  });

  it('locks an account after five failures, even with the right password, and says for how long', async () => {
    const ip = { ...req, ip: '203.0.113.50' };
    for (let i = 0; i < 5; i++)
      await codeOf(h.services.auth.login({ email: 'member-all@home.test', password: `wrong-${i}-xxxx` }, ip));
    const locked = await codeOf(
      h.services.auth.login({ email: 'member-all@home.test', password: TEST_PASSWORD }, ip),
    );
    expect(locked).toBe('rate_limited:auth.login.throttled');
    // Another account from another address is not affected.
    expect(
      await codeOf(
        h.services.auth.login(
          { email: 'owner-b@home.test', password: TEST_PASSWORD },
          { ...req, ip: '203.0.113.51' },
        ),
      ),
    ).toBe('ok');
  });

  it('locks an address that tries many accounts', async () => {
    const ip = { ...req, ip: '203.0.113.99' };
    for (let i = 0; i < 30; i++)
      await codeOf(h.services.auth.login({ email: `guess${i}@home.test`, password: 'wrong-password-1' }, ip));
    expect(
      await codeOf(h.services.auth.login({ email: 'owner-b@home.test', password: TEST_PASSWORD }, ip)),
    ).toBe('rate_limited:auth.login.throttled');
  });

  it('holds under 100 concurrent guesses: no more passwords are checked than the account allows', async () => {
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        codeOf(
          h.services.auth.login(
            { email: 'concurrent@home.test', password: `wrong-password-${i}` },
            { ...req, ip: `198.51.100.${i + 100}` },
          ),
        ),
      ),
    );
    // Every "failed" answer is a password that was really checked; the rest were refused before any check.
    const checked = answers.filter((a) => a === 'unauthenticated:auth.login.failed').length;
    expect(checked).toBe(5);
    expect(answers.filter((a) => a === 'rate_limited:auth.login.throttled')).toHaveLength(95);
  });

  it('holds under 100 concurrent guesses from one address at 100 accounts', async () => {
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        codeOf(
          h.services.auth.login(
            { email: `spray${i}@home.test`, password: 'wrong-password-1' },
            { ...req, ip: '203.0.113.77' },
          ),
        ),
      ),
    );
    expect(answers.filter((a) => a === 'unauthenticated:auth.login.failed')).toHaveLength(30);
    expect(answers.filter((a) => a === 'rate_limited:auth.login.throttled')).toHaveLength(70);
  });

  it('does not count a right password against the address', async () => {
    const ip = { ...req, ip: '203.0.113.88' };
    for (let i = 0; i < 40; i++)
      expect(
        await codeOf(h.services.auth.login({ email: 'owner-b@home.test', password: TEST_PASSWORD }, ip)),
      ).toBe('ok');
  });

  it('logs out everywhere', async () => {
    const a = await h.services.auth.login({ email: 'stranger@home.test', password: TEST_PASSWORD }, req);
    const b = await h.services.auth.login({ email: 'stranger@home.test', password: TEST_PASSWORD }, req);
    await h.services.auth.logoutEverywhere(a.actor);
    expect(
      (await h.services.auth.resolveSession(a.session.id, { ip: null, requestId: null })).actor,
    ).toBeNull();
    expect(
      (await h.services.auth.resolveSession(b.session.id, { ip: null, requestId: null })).actor,
    ).toBeNull();
  });

  it('refuses a deactivated user and ends their sessions', async () => {
    const admin = await world.actor(world.users.instBAdmin);
    const s = await h.services.auth.login({ email: 'tech@peeters.test', password: TEST_PASSWORD }, req);
    await h.services.users.setActive(admin, {
      organizationId: world.orgs.instB,
      userId: world.users.instBTech,
      active: false,
    });
    expect(
      (await h.services.auth.resolveSession(s.session.id, { ip: null, requestId: null })).actor,
    ).toBeNull();
    expect(
      await codeOf(h.services.auth.login({ email: 'tech@peeters.test', password: TEST_PASSWORD }, req)),
    ).toBe('forbidden:auth.login.inactive');
    await h.services.users.setActive(admin, {
      organizationId: world.orgs.instB,
      userId: world.users.instBTech,
      active: true,
    });
  });
});

describe('forgot password', () => {
  const resetLink = (text: string) =>
    text.match(/http:\/\/localhost:3000\/reset-password\/([A-Za-z0-9_-]+)/)?.[1];

  it('mails a single-use link, never a password, and ends old sessions', async () => {
    const old = await h.services.auth.login(
      { email: 'owner-b@home.test', password: TEST_PASSWORD },
      { ...req, ip: '198.51.100.80' },
    );
    await h.services.auth.requestPasswordReset({ email: 'owner-b@home.test' }, { ip: req.ip });
    const mail = await h.sink.waitFor(
      (m) => m.to.includes('owner-b@home.test') && m.subject.includes('wachtwoord'),
    );
    expect(mail.text).not.toContain(TEST_PASSWORD);
    const token = resetLink(mail.text);
    expect(token).toBeTruthy();
    expect(await h.services.auth.resetTokenValid(token!)).toBe(true);

    await h.services.auth.resetPassword({
      token,
      password: 'Nieuw-wachtwoord-77',
      passwordRepeat: 'Nieuw-wachtwoord-77',
    });
    expect(
      (await h.services.auth.resolveSession(old.session.id, { ip: null, requestId: null })).actor,
    ).toBeNull();
    expect(
      await codeOf(
        h.services.auth.resetPassword({
          token,
          password: 'Ander-wachtwoord-88',
          passwordRepeat: 'Ander-wachtwoord-88',
        }),
      ),
    ).toBe('not_found:auth.reset.invalid');
    expect(
      await codeOf(
        h.services.auth.login(
          { email: 'owner-b@home.test', password: 'Nieuw-wachtwoord-77' },
          { ...req, ip: '198.51.100.81' },
        ),
      ),
    ).toBe('ok');
  });

  it("writes in the user's own language and lets a link expire after an hour", async () => {
    await h.testDb.db
      .updateTable('users')
      .set({ locale: 'en' })
      .where('email', '=', 'support@ilumen.test')
      .execute();
    await h.services.auth.requestPasswordReset({ email: 'support@ilumen.test' }, { ip: req.ip });
    const mail = await h.sink.waitFor((m) => m.to.includes('support@ilumen.test'));
    expect(mail.subject).toBe('Choose a new password for iLumen');
    const token = resetLink(mail.text)!;
    h.clock.advance(61 * 60 * 1000);
    expect(await h.services.auth.resetTokenValid(token)).toBe(false);
    expect(
      await codeOf(
        h.services.auth.resetPassword({
          token,
          password: 'Nieuw-wachtwoord-77',
          passwordRepeat: 'Nieuw-wachtwoord-77',
        }),
      ),
    ).toBe('not_found:auth.reset.invalid');
    h.clock.set(new Date());
  });

  it('refuses a weak or mismatched new password without using up the link', async () => {
    await h.services.auth.requestPasswordReset({ email: 'fleet@ilumen.test' }, { ip: req.ip });
    const token = resetLink((await h.sink.waitFor((m) => m.to.includes('fleet@ilumen.test'))).text)!;
    try {
      await h.services.auth.resetPassword({ token, password: 'kort1', passwordRepeat: 'kort1' });
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).fieldErrors.password?.key).toBe('validation.passwordWeak');
    }
    try {
      await h.services.auth.resetPassword({
        token,
        password: 'Lang-genoeg-12345',
        passwordRepeat: 'Lang-genoeg-54321',
      });
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).fieldErrors.passwordRepeat?.key).toBe('validation.passwordMismatch');
    }
    expect(await h.services.auth.resetTokenValid(token)).toBe(true);
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const before = h.sink.messages().length;
    await h.services.auth.requestPasswordReset({ email: 'unknown@home.test' }, { ip: req.ip });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.sink.messages().length).toBe(before);
  });
});

describe('anonymous', () => {
  it('cannot reach any service', async () => {
    const anon = anonymous();
    expect(await codeOf(h.services.sites.list(anon))).toBe('unauthenticated:error.unauthenticated');
    expect(await codeOf(h.services.sites.get(anon, { siteId: world.sites.siteA }))).toBe(
      'unauthenticated:error.unauthenticated',
    );
  });
});
