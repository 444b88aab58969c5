import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createServiceHarness,
  createWorld,
  type ServiceHarness,
  TEST_PASSWORD,
  type World,
} from '../testing';

let h: ServiceHarness;
let w: World;

beforeAll(async () => {
  h = await createServiceHarness('profile');
  w = await createWorld(h.services);
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const request = { ip: '127.0.0.1', userAgent: 'test' };
const linkIn = (text: string) =>
  text.match(/http:\/\/localhost:3000\/profile\/email\/([A-Za-z0-9_-]+)/)?.[1] ?? null;

describe('e-mail change through a link to the new address', () => {
  it('changes nothing until the link is followed, then changes the address, uses up the link and tells the old address', async () => {
    h.clock.set(new Date());
    const { actor } = await h.services.auth.startSession(w.users.memberAll, request);
    await h.services.profile.requestEmailChange(actor, {
      email: 'Mia.New@Home.test',
      currentPassword: TEST_PASSWORD,
    });
    const mail = await h.sink.waitFor((m) => m.to.includes('mia.new@home.test'), 15_000);
    const token = linkIn(mail.text);
    expect(token).toBeTruthy();
    expect(mail.text).toContain('member-all@home.test');

    // Nothing changed yet: the old address still logs in, the profile shows the pending change.
    expect((await h.services.profile.get(actor)).email).toBe('member-all@home.test');
    expect((await h.services.profile.get(actor)).pendingEmail?.email).toBe('mia.new@home.test');
    expect(await h.services.profile.inspectEmailChange(token!)).toEqual({
      oldEmail: 'member-all@home.test',
      newEmail: 'mia.new@home.test',
    });

    await h.services.profile.confirmEmailChange({ type: 'anonymous', ip: null, requestId: null }, { token });
    const user = await h.testDb.db
      .selectFrom('users')
      .select(['email', 'email_verified_at'])
      .where('id', '=', w.users.memberAll)
      .executeTakeFirstOrThrow();
    expect(user.email).toBe('mia.new@home.test');
    await expect(
      h.services.auth.login({ email: 'mia.new@home.test', password: TEST_PASSWORD }, request),
    ).resolves.toBeTruthy();
    await expect(
      h.services.auth.login({ email: 'member-all@home.test', password: TEST_PASSWORD }, request),
    ).rejects.toMatchObject({ code: 'unauthenticated' });

    const notice = await h.sink.waitFor(
      (m) => m.to.includes('member-all@home.test') && m.subject.includes('gewijzigd'),
      15_000,
    );
    expect(notice.text).toContain('mia.new@home.test');
    // Single use.
    await expect(
      h.services.profile.confirmEmailChange({ type: 'anonymous', ip: null, requestId: null }, { token }),
    ).rejects.toMatchObject({ messageKey: 'profile.email.invalid' });
    const audit = await h.testDb.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('action', '=', 'user.email.change')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('expires after 24 hours, and a newer request replaces an older one', async () => {
    h.clock.set(new Date());
    const actor = await w.actor(w.users.ownerB);
    await h.services.profile.requestEmailChange(actor, {
      email: 'bo.first@home.test',
      currentPassword: TEST_PASSWORD,
    });
    const first = linkIn((await h.sink.waitFor((m) => m.to.includes('bo.first@home.test'), 15_000)).text)!;
    await h.services.profile.requestEmailChange(actor, {
      email: 'bo.second@home.test',
      currentPassword: TEST_PASSWORD,
    });
    const second = linkIn((await h.sink.waitFor((m) => m.to.includes('bo.second@home.test'), 15_000)).text)!;
    expect(await h.services.profile.inspectEmailChange(first)).toBeNull();
    h.clock.advance(25 * 3600 * 1000);
    await expect(h.services.profile.confirmEmailChange(actor, { token: second })).rejects.toMatchObject({
      messageKey: 'profile.email.invalid',
    });
    expect(
      (
        await h.testDb.db
          .selectFrom('users')
          .select('email')
          .where('id', '=', w.users.ownerB)
          .executeTakeFirstOrThrow()
      ).email,
    ).toBe('owner-b@home.test');
  });

  it('refuses a wrong password, an address in use, and an embed session', async () => {
    h.clock.set(new Date());
    const actor = await w.actor(w.users.stranger);
    await expect(
      h.services.profile.requestEmailChange(actor, {
        email: 'stef@home.test',
        currentPassword: 'wrong-password-1',
      }),
    ).rejects.toMatchObject({
      fieldErrors: { currentPassword: { key: 'profile.password.wrong' } },
    });
    await expect(
      h.services.profile.requestEmailChange(actor, {
        email: 'owner-a@home.test',
        currentPassword: TEST_PASSWORD,
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    const embed = { ...(await w.actor(w.users.ownerA)), embedSiteId: w.sites.siteA };
    await expect(
      h.services.profile.requestEmailChange(embed, { email: 'x@home.test', currentPassword: TEST_PASSWORD }),
    ).rejects.toMatchObject({ messageKey: 'error.accountChangeEmbedded' });
  });
});

describe('password change', () => {
  it('needs the current password and ends every other session, keeping the one in use', async () => {
    const here = await h.services.auth.startSession(w.users.ownerA, request);
    const phone = await h.services.auth.startSession(w.users.ownerA, request);
    const tablet = await h.services.auth.startSession(w.users.ownerA, request);
    await expect(
      h.services.profile.changePassword(here.actor, {
        currentPassword: 'not-it-123456',
        password: 'Nieuw-wachtwoord-26',
        passwordRepeat: 'Nieuw-wachtwoord-26',
      }),
    ).rejects.toMatchObject({
      fieldErrors: { currentPassword: { key: 'profile.password.wrong' } },
    });
    const result = await h.services.profile.changePassword(here.actor, {
      currentPassword: TEST_PASSWORD,
      password: 'Nieuw-wachtwoord-26',
      passwordRepeat: 'Nieuw-wachtwoord-26',
    });
    expect(result.otherSessionsEnded).toBeGreaterThanOrEqual(2);
    const ids = (
      await h.testDb.db.selectFrom('sessions').select('id').where('user_id', '=', w.users.ownerA).execute()
    ).map((s) => s.id);
    expect(ids).toEqual([here.session.id]);
    expect(
      (await h.services.auth.resolveSession(phone.session.id, { ip: null, requestId: null })).actor,
    ).toBeNull();
    expect(
      (await h.services.auth.resolveSession(tablet.session.id, { ip: null, requestId: null })).actor,
    ).toBeNull();
    expect(
      (await h.services.auth.resolveSession(here.session.id, { ip: null, requestId: null })).actor?.userId,
    ).toBe(w.users.ownerA);
    await expect(
      h.services.auth.login({ email: 'owner-a@home.test', password: 'Nieuw-wachtwoord-26' }, request),
    ).resolves.toBeTruthy();
  });

  it('keeps the name and language a person sets', async () => {
    const actor = await w.actor(w.users.memberChargers);
    await h.services.profile.update(actor, { displayName: '  Chris Laad ', locale: 'fr' });
    expect(await h.services.profile.get(actor)).toMatchObject({
      name: 'Chris Laad',
      locale: 'fr',
      hasPassword: true,
    });
    await expect(h.services.profile.update(actor, { displayName: '', locale: 'xx' })).rejects.toMatchObject({
      fieldErrors: { displayName: { key: 'validation.required' }, locale: { key: 'validation.choice' } },
    });
  });
});
