import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, loadUserActor } from '../actor';
import { can, siteAccess } from '../policy';
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
  h = await createServiceHarness('homeowner');
  w = await createWorld(h.services);
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const request = { ip: '127.0.0.1', userAgent: 'test' };

describe('sharing an address and its notifications', () => {
  it('tells an existing user someone shared with them, and the main user when it was accepted', async () => {
    const owner = await w.actor(w.users.ownerA);
    await h.services.homeowner.share(owner, {
      siteId: w.sites.siteA,
      email: 'Stranger@home.test',
      scope: 'chargers',
    });
    const stranger = await w.actor(w.users.stranger);
    expect(await h.services.notifications.unreadCount(stranger)).toBe(1);
    const received = await h.services.notifications.list(stranger);
    expect(received.rows[0]).toMatchObject({
      kind: 'share.received',
      titleKey: 'notification.share.received.title',
      params: {
        inviter: 'Olga Eigenaar',
        address: 'Kerkstraat 1, 9000 Gent',
        scopeKey: 'siteScope.chargers',
      },
    });

    const mail = await h.sink.waitFor((m) => m.to.includes('stranger@home.test'), 15_000);
    const token = mail.text.match(/\/invite\/([A-Za-z0-9_-]+)/)?.[1];
    await h.services.invitations.accept(stranger, token!, {});
    expect(await h.services.notifications.unreadCount(owner)).toBe(1);
    const accepted = (await h.services.notifications.list(owner)).rows[0];
    expect(accepted).toMatchObject({
      kind: 'share.accepted',
      siteId: w.sites.siteA,
      params: { name: 'Stef Vreemd', scopeKey: 'siteScope.chargers' },
    });

    // Shares list, then taking the access away again.
    const shares = await h.services.homeowner.shares(owner, { siteId: w.sites.siteA });
    expect(shares.members.map((m) => [m.email, m.role, m.scope])).toContainEqual([
      'stranger@home.test',
      'member',
      'chargers',
    ]);
    await h.services.homeowner.unshare(owner, { siteId: w.sites.siteA, userId: w.users.stranger });
    expect((await h.services.homeowner.sites(stranger)).map((s) => s.id)).not.toContain(w.sites.siteA);
  });

  it("marks read: one's own only, one or all", async () => {
    const owner = await w.actor(w.users.ownerA);
    const stranger = await w.actor(w.users.stranger);
    const mine = (await h.services.notifications.list(owner)).rows[0]!;
    await expect(
      h.services.notifications.markRead(stranger, { notificationId: mine.id }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await h.services.notifications.markRead(owner, { notificationId: mine.id });
    expect(await h.services.notifications.unreadCount(owner)).toBe(0);
    expect(await h.services.notifications.markAllRead(stranger)).toBe(1);
    expect(await h.services.notifications.unreadCount(stranger)).toBe(0);
  });

  it('asks which access to give, refuses sharing with oneself, and does not invite an address twice', async () => {
    const owner = await w.actor(w.users.ownerA);
    const siteId = w.sites.siteA;
    // no access chosen: the form says so next to the choice
    await expect(
      h.services.homeowner.share(owner, { siteId, email: 'twice@home.test' }),
    ).rejects.toMatchObject({
      code: 'validation',
      fieldErrors: { scope: { key: 'validation.required' } },
    });
    // one's own address (in any case of letters)
    await expect(
      h.services.homeowner.share(owner, { siteId, email: 'Owner-A@home.test', scope: 'all' }),
    ).rejects.toMatchObject({ code: 'validation', fieldErrors: { email: { key: 'share.self' } } });

    const first = await h.services.homeowner.share(owner, {
      siteId,
      email: 'twice@home.test',
      scope: 'chargers',
    });
    expect(first.changed).toBe(false);
    const invitations = () =>
      h.testDb.db
        .selectFrom('invitations')
        .select(['id', 'site_scope', 'revoked_at'])
        .where('email', '=', 'twice@home.test')
        .execute();
    // the same address again, with another access: refused, told it is invited already, offered the change
    await expect(
      h.services.homeowner.share(owner, { siteId, email: 'twice@home.test', scope: 'all' }),
    ).rejects.toMatchObject({
      code: 'conflict',
      fieldErrors: {
        email: { key: 'share.alreadyInvited.chargers', params: { email: 'twice@home.test' } },
        changeScope: { key: 'share.changeScope.offer' },
      },
    });
    // the same access again: nothing to change, so no offer
    const same = await h.services.homeowner
      .share(owner, { siteId, email: 'twice@home.test', scope: 'chargers', changeScope: '1' })
      .catch((e: unknown) => e);
    expect(same).toMatchObject({
      code: 'conflict',
      fieldErrors: { email: { key: 'share.alreadyInvited.chargers' } },
    });
    expect((same as { fieldErrors: object }).fieldErrors).not.toHaveProperty('changeScope');
    expect(await invitations()).toEqual([{ id: first.id, site_scope: 'chargers', revoked_at: null }]);

    // asked for explicitly: the pending invitation gets the new access, no new invitation (and so no new mail)
    const changed = await h.services.homeowner.share(owner, {
      siteId,
      email: 'twice@home.test',
      scope: 'all',
      changeScope: '1',
    });
    expect(changed).toMatchObject({ id: first.id, changed: true });
    expect(await invitations()).toEqual([{ id: first.id, site_scope: 'all', revoked_at: null }]);
  });

  it('only the main user shares; shared users and other tenants are refused before the form is read', async () => {
    for (const [userId, code] of [
      [w.users.memberAll, 'forbidden'],
      [w.users.memberChargers, 'forbidden'],
      [w.users.ownerB, 'not_found'],
    ] as const) {
      await expect(
        h.services.homeowner.share(await w.actor(userId), { siteId: w.sites.siteA, email: 'not an e-mail' }),
      ).rejects.toMatchObject({ code });
      await expect(
        h.services.homeowner.shares(await w.actor(userId), { siteId: w.sites.siteA }),
      ).rejects.toMatchObject({ code });
    }
  });
});

describe('the homeowner view', () => {
  it('sends a chargers-only member to the charger pages and shows them only chargers', async () => {
    const member = await w.actor(w.users.memberChargers);
    await expect(h.services.homeowner.site(member, { siteId: w.sites.siteA })).rejects.toMatchObject({
      code: 'forbidden',
      messageKey: 'home.chargersOnly',
    });
    await expect(h.services.homeowner.installations(member, { siteId: w.sites.siteA })).rejects.toMatchObject(
      { code: 'forbidden' },
    );
    const chargers = await h.services.homeowner.chargers(member);
    expect(chargers).toEqual([
      {
        siteId: w.sites.siteA,
        address: 'Kerkstraat 1, 9000 Gent',
        chargers: [expect.objectContaining({ serial: 'ILC-A-0001' })],
      },
    ]);
  });

  it('lists installations with the EAN as the meter serial', async () => {
    const owner = await w.actor(w.users.ownerA);
    const inst = await h.services.homeowner.installations(owner, { siteId: w.sites.siteA });
    expect(inst.devices.map((d) => [d.type, d.serial])).toEqual([
      ['meter', '541448820052377134'],
      ['battery', 'ILB-A-0001'],
      ['charger', 'ILC-A-0001'],
    ]);
    const site = await h.services.homeowner.site(owner, { siteId: w.sites.siteA });
    expect(site).toMatchObject({ hasGateway: false, hasInverter: false, via: 'owner' });
    // "Je toestellen" on the dashboard: every device of the address, the meter too, iLumen's modules first
    expect(site.modules.map((m) => m.type)).toEqual(['battery', 'charger', 'meter']);
  });

  it('opens the read-only support view for support and admins only, audits each opening, and refuses writes through it', async () => {
    const support = await w.actor(w.users.support);
    const viewer = await h.services.homeowner.openSupportView(support, { siteId: w.sites.siteB });
    expect(viewer.readOnly).toBe(true);
    await h.services.homeowner.openSupportView(support, { siteId: w.sites.siteB });
    const lines = await h.testDb.db
      .selectFrom('audit_log')
      .select(['actor_email', 'site_id'])
      .where('action', '=', 'homeowner_view.open')
      .execute();
    expect(lines).toEqual([
      { actor_email: 'support@ilumen.test', site_id: w.sites.siteB },
      { actor_email: 'support@ilumen.test', site_id: w.sites.siteB },
    ]);
    await expect(
      h.services.tariffs.save(viewer, {
        siteId: w.sites.siteB,
        importEurPerKwh: '0,3',
        exportEurPerKwh: '0',
      }),
    ).rejects.toMatchObject({ messageKey: 'error.readOnly' });
    await expect(
      h.services.homeowner.share(viewer, { siteId: w.sites.siteB, email: 'x@home.test', scope: 'all' }),
    ).rejects.toMatchObject({ messageKey: 'error.readOnly' });
    await expect(h.services.homeowner.installations(viewer, { siteId: w.sites.siteB })).resolves.toBeTruthy();
    await expect(h.services.homeowner.shares(viewer, { siteId: w.sites.siteB })).resolves.toMatchObject({
      members: [expect.objectContaining({ email: 'owner-b@home.test' })],
    });
    // Without the audited support view, staff and installers do not get the homeowner view at all.
    for (const userId of [w.users.support, w.users.admin, w.users.instBAdmin]) {
      await expect(
        h.services.homeowner.site(await w.actor(userId), { siteId: w.sites.siteB }),
      ).rejects.toMatchObject({ code: 'not_found' });
    }
    // Fleet and the site's own installer see the console's site page, but not the customer's view; a homeowner not even that.
    for (const [userId, code] of [
      [w.users.fleet, 'forbidden'],
      [w.users.instBAdmin, 'forbidden'],
      [w.users.ownerB, 'not_found'],
      [w.users.ownerA, 'not_found'],
    ] as const) {
      await expect(
        h.services.homeowner.openSupportView(await w.actor(userId), { siteId: w.sites.siteB }),
      ).rejects.toMatchObject({ code });
    }
  });
});

describe('embed links', () => {
  it("work once, for a few minutes, for one's own site; the session stays on that site and out of the console", async () => {
    h.clock.set(new Date());
    const owner = await w.actor(w.users.ownerA);
    const { url } = await h.services.embed.createLink(owner, { siteId: w.sites.siteA });
    const token = url.split('/embed/')[1]!;
    const opened = await h.services.embed.open(token, request);
    expect(opened.siteId).toBe(w.sites.siteA);
    expect(opened.cookie).toContain('SameSite=Lax');
    await expect(h.services.embed.open(token, request)).rejects.toMatchObject({
      messageKey: 'embed.invalid',
    });

    const { actor } = await h.services.auth.resolveSession(opened.session.id, { ip: null, requestId: null });
    expect(actor?.embedSiteId).toBe(w.sites.siteA);
    const embedded = actor as Actor;
    expect(await siteAccess(h.testDb.db, embedded, w.sites.siteA)).toMatchObject({ via: 'owner' });
    expect(await siteAccess(h.testDb.db, embedded, w.sites.siteB)).toBeNull();
    expect(can(embedded, 'console.enter')).toBe(false);
    expect((await h.services.homeowner.sites(embedded)).map((s) => s.id)).toEqual([w.sites.siteA]);
    // No new links from an embed session, and no account changes.
    await expect(h.services.embed.createLink(embedded, { siteId: w.sites.siteA })).rejects.toMatchObject({
      code: 'forbidden',
    });

    // An expired link.
    const late = await h.services.embed.createLink(owner, { siteId: w.sites.siteA });
    h.clock.advance(6 * 60 * 1000);
    await expect(h.services.embed.open(late.url.split('/embed/')[1]!, request)).rejects.toMatchObject({
      messageKey: 'embed.invalid',
    });
    // And the session itself ends after 12 hours, however often it is used.
    h.clock.advance(12 * 3600 * 1000);
    expect(
      (await h.services.auth.resolveSession(opened.session.id, { ip: null, requestId: null })).actor,
    ).toBeNull();
  });

  it('a staff member who is also a homeowner gets no console through an embed link', async () => {
    h.clock.set(new Date());
    await h.services.members.provision(w.system, {
      siteId: w.sites.siteA2,
      userId: w.users.admin,
      role: 'owner',
    });
    const admin = await w.actor(w.users.admin);
    const { url } = await h.services.embed.createLink(admin, { siteId: w.sites.siteA2 });
    const opened = await h.services.embed.open(url.split('/embed/')[1]!, request);
    const actor = (await h.services.auth.resolveSession(opened.session.id, { ip: null, requestId: null }))
      .actor!;
    expect(actor.memberships).toEqual([]);
    expect(can(actor, 'console.enter')).toBe(false);
    expect(await siteAccess(h.testDb.db, actor, w.sites.siteB)).toBeNull();
    await expect(h.services.sites.get(actor, { siteId: w.sites.siteA2 })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it("the site's installer makes a link that opens the home's view read-only, of that site only (decision 142)", async () => {
    h.clock.set(new Date());
    const tech = await w.actor(w.users.instATech);
    const { url } = await h.services.embed.createLink(tech, { siteId: w.sites.siteA });
    const opened = await h.services.embed.open(url.split('/embed/')[1]!, request);
    const actor = (await h.services.auth.resolveSession(opened.session.id, { ip: null, requestId: null }))
      .actor!;
    expect(actor).toMatchObject({ readOnly: true, embedSiteId: w.sites.siteA });
    expect(can(actor, 'console.enter')).toBe(false);
    expect(await siteAccess(h.testDb.db, actor, w.sites.siteA)).toMatchObject({ embedView: true });
    expect(await siteAccess(h.testDb.db, actor, w.sites.siteA2)).toBeNull();
    expect((await h.services.homeowner.sites(actor)).map((s) => [s.id, s.data, s.owner])).toEqual([
      [w.sites.siteA, true, false],
    ]);
    await expect(h.services.homeowner.site(actor, { siteId: w.sites.siteA })).resolves.toMatchObject({
      id: w.sites.siteA,
    });
    // nothing of the console, no change, no new link
    await expect(h.services.sites.get(actor, { siteId: w.sites.siteA })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(h.services.embed.createLink(actor, { siteId: w.sites.siteA })).rejects.toMatchObject({
      code: 'forbidden',
    });
    // another installer's people get no link; fleet staff neither
    await expect(
      h.services.embed.createLink(await w.actor(w.users.instBAdmin), { siteId: w.sites.siteA }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      h.services.embed.createLink(await w.actor(w.users.fleet), { siteId: w.sites.siteA }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it("is refused to chargers-only members, to staff and for someone else's site", async () => {
    await expect(
      h.services.embed.createLink(await w.actor(w.users.memberChargers), { siteId: w.sites.siteA }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      h.services.embed.createLink(await w.actor(w.users.support), { siteId: w.sites.siteA }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      h.services.embed.createLink(await w.actor(w.users.ownerB), { siteId: w.sites.siteA }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const fresh = await loadUserActor(h.testDb.db, w.users.memberAll);
    await expect(h.services.embed.createLink(fresh!, { siteId: w.sites.siteA })).resolves.toMatchObject({
      url: expect.stringContaining('/embed/'),
    });
    expect(TEST_PASSWORD).toBeTruthy();
  });
});
