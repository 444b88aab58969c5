import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, createWorld, refusalOf, type ServiceHarness, type World } from '../testing';

let h: ServiceHarness;
let world: World;

beforeAll(async () => {
  h = await createServiceHarness('console');
  world = await createWorld(h.services);
});
afterAll(async () => {
  await h.close();
});

async function rowCount(table: 'sites' | 'devices' | 'meters' | 'organizations' | 'audit_log') {
  const r = await h.testDb.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('tenant isolation in the service layer', () => {
  it('shows installers only their own sites and answers "not found" for others', async () => {
    const instA = await world.actor(world.users.instATech);
    const list = await h.services.sites.list(instA, { pageSize: 100 });
    expect(list.rows.map((r) => r.id).sort()).toEqual([world.sites.siteA, world.sites.siteA2].sort());
    const e = await refusalOf(h.services.sites.get(instA, { siteId: world.sites.siteB }));
    expect(e.code).toBe('not_found');
    expect((await refusalOf(h.services.devices.list(instA, { siteId: world.sites.siteB }))).code).toBe(
      'not_found',
    );
  });

  it('lets staff see every site, but only admins change them', async () => {
    const support = await world.actor(world.users.support);
    expect((await h.services.sites.list(support, { pageSize: 100 })).total).toBe(3);
    const e = await refusalOf(
      h.services.sites.update(support, {
        siteId: world.sites.siteB,
        street: 'X',
        houseNumber: '1',
        postalCode: '3000',
        city: 'Leuven',
        gridPhases: 3,
        mainFuseA: 40,
      }),
    );
    expect(e.code).toBe('forbidden');
  });

  it('keeps homeowners out of the console', async () => {
    const owner = await world.actor(world.users.ownerA);
    expect((await refusalOf(h.services.sites.list(owner))).code).toBe('forbidden');
    expect((await refusalOf(h.services.sites.get(owner, { siteId: world.sites.siteA }))).code).toBe(
      'not_found',
    );
    expect((await refusalOf(h.services.organizations.list(owner))).code).toBe('forbidden');
  });

  it('lets installer admins, not technicians, manage their own organization only', async () => {
    const tech = await world.actor(world.users.instATech);
    const admin = await world.actor(world.users.instAAdmin);
    expect(
      (
        await refusalOf(
          h.services.invitations.inviteToOrganization(tech, {
            organizationId: world.orgs.instA,
            email: 'x@x.be',
            role: 'technician',
          }),
        )
      ).code,
    ).toBe('forbidden');
    expect(
      (
        await refusalOf(
          h.services.invitations.inviteToOrganization(admin, {
            organizationId: world.orgs.instB,
            email: 'x@x.be',
            role: 'technician',
          }),
        )
      ).code,
    ).toBe('not_found');
    expect(
      (await refusalOf(h.services.users.listForOrganization(admin, { organizationId: world.orgs.instB })))
        .code,
    ).toBe('not_found');
    // Nor can they hand out staff roles.
    const e = await refusalOf(
      h.services.invitations.inviteToOrganization(admin, {
        organizationId: world.orgs.instA,
        email: 'x@x.be',
        role: 'admin',
      }),
    );
    expect(e.fieldErrors.role?.key).toBe('validation.choice');
  });
});

describe('what each role may do on a site (decision 081, docs/security.md)', () => {
  it('a technician services a site but neither removes its people nor grants what the customer pays for', async () => {
    const tech = await world.actor(world.users.instATech);
    const instAdmin = await world.actor(world.users.instAAdmin);
    const siteId = world.sites.siteA2;
    const { id: userId } = await h.services.users.provision(world.system, {
      email: 'main-a2@home.test',
      name: 'Main A2',
      password: 'Main-a2-password-2026',
    });
    await h.services.members.provision(world.system, { siteId, userId, role: 'owner' });
    expect((await refusalOf(h.services.members.remove(tech, { siteId, userId }))).code).toBe('forbidden');
    expect(
      (await refusalOf(h.services.storeModules.grant(tech, { siteId, module: 'peak_shaving' }))).code,
    ).toBe('forbidden');
    // What a technician is there for still works: the site's devices and its people's invitations.
    await h.services.devices.create(tech, { siteId, type: 'battery', model: 'B', serial: 'ILB-A2-0001' });
    await h.services.invitations.inviteToSite(tech, {
      siteId,
      email: 'second-a2@home.test',
      role: 'member',
      scope: 'all',
    });
    expect((await h.services.sites.get(tech, { siteId })).permissions).not.toContain('site.members');
    await h.services.members.remove(instAdmin, { siteId, userId });
  });

  it('an "Alle data" member sees neither the users nor the pending invitations, the main user sees both', async () => {
    const siteId = world.sites.siteA;
    await h.services.invitations.inviteToSite(await world.actor(world.users.ownerA), {
      siteId,
      email: 'pending-share@home.test',
      role: 'member',
      scope: 'chargers',
    });
    const member = await world.actor(world.users.memberAll);
    expect((await refusalOf(h.services.invitations.listPendingForSite(member, { siteId }))).code).toBe(
      'forbidden',
    );
    expect((await refusalOf(h.services.members.list(member, { siteId }))).code).toBe('forbidden');
    const owner = await world.actor(world.users.ownerA);
    expect(
      (await h.services.invitations.listPendingForSite(owner, { siteId })).map((i) => i.email),
    ).toContain('pending-share@home.test');
    // Support has the site's console page (users included) without opening the home's data.
    const support = await world.actor(world.users.support);
    expect((await h.services.members.list(support, { siteId })).length).toBeGreaterThan(0);
  });
});

describe('bad input writes nothing and says what is wrong', () => {
  it('site: unknown timezone, over-long text, bad postal code, foreign installer', async () => {
    const admin = await world.actor(world.users.instAAdmin);
    const before = await rowCount('sites');
    const e = await refusalOf(
      h.services.sites.create(admin, {
        organizationId: world.orgs.instA,
        street: 'x'.repeat(201),
        houseNumber: '1',
        postalCode: '900',
        city: 'Gent',
        timezone: 'Europe/Gent',
        gridPhases: 2,
        mainFuseA: 3,
      }),
    );
    expect(e.fieldErrors.street).toEqual({ key: 'validation.tooLong', params: { max: 200 } });
    expect(e.fieldErrors.postalCode?.key).toBe('validation.postalCode');
    expect(e.fieldErrors.timezone?.key).toBe('validation.timezone');
    expect(e.fieldErrors.gridPhases?.key).toBe('validation.choice');
    expect(e.fieldErrors.mainFuseA).toEqual({ key: 'validation.integerRange', params: { min: 6, max: 400 } });
    const foreign = await refusalOf(
      h.services.sites.create(admin, {
        organizationId: world.orgs.instB,
        street: 'Kerkstraat',
        houseNumber: '2',
        postalCode: '9000',
        city: 'Gent',
        gridPhases: 3,
        mainFuseA: 40,
      }),
    );
    expect(foreign.fieldErrors.organizationId?.key).toBe('validation.choice');
    expect(await rowCount('sites')).toBe(before);
  });

  it('device: duplicate serial, duplicate EAN, bad EAN check digit, missing EAN', async () => {
    const tech = await world.actor(world.users.instATech);
    const devices = await rowCount('devices');
    const meters = await rowCount('meters');
    const dupSerial = await refusalOf(
      h.services.devices.create(tech, {
        siteId: world.sites.siteA2,
        type: 'battery',
        model: 'iLubat 10',
        serial: 'ilb-a-0001',
      }),
    );
    expect(dupSerial.fieldErrors.serial?.key).toBe('error.serial.duplicate');
    const dupEan = await refusalOf(
      h.services.devices.create(tech, {
        siteId: world.sites.siteA2,
        type: 'meter',
        model: 'Sagemcom',
        serial: '1SAG9',
        ean: '541448820052377134',
      }),
    );
    expect(dupEan.fieldErrors.ean?.key).toBe('error.ean.duplicate');
    const badEan = await refusalOf(
      h.services.devices.create(tech, {
        siteId: world.sites.siteA2,
        type: 'meter',
        model: 'Sagemcom',
        serial: '1SAG9',
        ean: '541448820050357908',
      }),
    );
    expect(badEan.fieldErrors.ean?.key).toBe('validation.ean.checkDigit');
    const noEan = await refusalOf(
      h.services.devices.create(tech, {
        siteId: world.sites.siteA2,
        type: 'meter',
        model: 'Sagemcom',
        serial: '1SAG9',
      }),
    );
    expect(noEan.fieldErrors.ean?.key).toBe('validation.ean.required');
    const foreignSite = await refusalOf(
      h.services.devices.create(tech, {
        siteId: world.sites.siteB,
        type: 'battery',
        model: 'x',
        serial: 'NEW-1',
      }),
    );
    expect(foreignSite.code).toBe('not_found');
    expect(await rowCount('devices')).toBe(devices);
    expect(await rowCount('meters')).toBe(meters);
  });

  it("device: another tenant's serial or EAN is neither refused nor revealed (unique per organization, decision 083)", async () => {
    const tech = await world.actor(world.users.instATech);
    const theirs = await h.testDb.db
      .selectFrom('devices as d')
      .innerJoin('meters as m', 'm.id', 'd.meter_id')
      .select(['d.serial', 'm.ean', 'm.site_id'])
      .where('d.id', '=', world.devices.meterB)
      .executeTakeFirstOrThrow();
    const battery = await h.services.devices.create(tech, {
      siteId: world.sites.siteA2,
      type: 'battery',
      model: 'iLubat 10',
      serial: 'ILB-B-0001',
    });
    const meter = await h.services.devices.create(tech, {
      siteId: world.sites.siteA2,
      type: 'meter',
      model: 'Sagemcom',
      serial: theirs.serial,
      ean: theirs.ean,
    });
    const mine = await h.services.devices.list(tech, { siteId: world.sites.siteA2 });
    expect(mine.map((d) => d.id)).toEqual(expect.arrayContaining([battery.id, meter.id]));
    // Installer B's meter is untouched and still B's.
    const still = await h.testDb.db
      .selectFrom('meters')
      .select(['site_id', 'organization_id'])
      .where('ean', '=', theirs.ean)
      .orderBy('id')
      .execute();
    expect(still).toEqual([
      { site_id: theirs.site_id, organization_id: world.orgs.instB },
      { site_id: world.sites.siteA2, organization_id: world.orgs.instA },
    ]);
    // Within one organization the serial stays unique.
    const again = await refusalOf(
      h.services.devices.create(tech, {
        siteId: world.sites.siteA,
        type: 'battery',
        model: 'iLubat 10',
        serial: 'ILB-B-0001',
      }),
    );
    expect(again.fieldErrors.serial?.key).toBe('error.serial.duplicate');
  });

  it("device: the address's own digital meter, known by its EAN but not yet a device, can be added (once)", async () => {
    const tech = await world.actor(world.users.instATech);
    const ean = '541448820050050053';
    // as the commissioning's EAN step leaves it: the connection is known, no meter device yet
    const own = await h.testDb.db
      .insertInto('meters')
      .values({ site_id: world.sites.siteA2, ean, active_since: '2026-01-01' })
      .executeTakeFirstOrThrow();
    const meters = await rowCount('meters');
    const meter = { siteId: world.sites.siteA2, type: 'meter', model: 'Sagemcom T211', serial: '1SAG7', ean };
    const created = await h.services.devices.create(tech, meter);
    const row = await h.testDb.db
      .selectFrom('devices')
      .select('meter_id')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.meter_id).toBe(Number(own.insertId));
    expect(await rowCount('meters')).toBe(meters);
    const again = await refusalOf(h.services.devices.create(tech, { ...meter, serial: '1SAG8' }));
    expect(again.fieldErrors.ean?.key).toBe('error.ean.meterExists');
  });

  it('invitation: malformed e-mail', async () => {
    const admin = await world.actor(world.users.instAAdmin);
    const e = await refusalOf(
      h.services.invitations.inviteToSite(admin, {
        siteId: world.sites.siteA2,
        email: 'jan@',
        role: 'owner',
      }),
    );
    expect(e.fieldErrors.email?.key).toBe('validation.email');
  });

  it('organization: duplicate name and bad VAT number', async () => {
    const admin = await world.actor(world.users.admin);
    const e = await refusalOf(
      h.services.organizations.create(admin, { name: 'Zonnewarmte BV', vatNumber: 'BE12' }),
    );
    expect(e.fieldErrors.vatNumber?.key).toBe('validation.vat');
    const dup = await refusalOf(h.services.organizations.create(admin, { name: 'Zonnewarmte BV' }));
    expect(dup.fieldErrors.name?.key).toBe('error.organization.duplicate');
  });
});

describe('audit', () => {
  it('records who changed what, where and from which address, with before and after', async () => {
    const tech = await world.actor(world.users.instATech);
    await h.services.sites.update(tech, {
      siteId: world.sites.siteA2,
      street: 'Molenstraat',
      houseNumber: '12',
      postalCode: '9300',
      city: 'Aalst',
      gridPhases: 1,
      mainFuseA: 40,
    });
    const trail = await h.services.audit.listForSite(tech, { siteId: world.sites.siteA2 });
    const line = trail.rows.find((r) => r.action === 'site.update')!;
    expect(line.actor_email).toBe('tech@zonnewarmte.test');
    expect(line.ip).toBe('192.0.2.10');
    expect(line.organization_id).toBe(world.orgs.instA);
    expect(line.before).toEqual({ house_number: '1', grid_phases: 3 });
    expect(line.after).toEqual({ house_number: '12', grid_phases: 1 });
    // Installers read their own organization's lines, not the whole log of another tenant.
    const instB = await world.actor(world.users.instBAdmin);
    expect((await refusalOf(h.services.audit.listForSite(instB, { siteId: world.sites.siteA2 }))).code).toBe(
      'not_found',
    );
    const own = await h.services.audit.list(instB, {});
    expect(own.rows.every((r) => r.organization_id === world.orgs.instB)).toBe(true);
  });
});

describe('invitations', () => {
  it('invites a homeowner who sets a password, becomes the main user and can log in', async () => {
    const admin = await world.actor(world.users.instAAdmin);
    await h.services.invitations.inviteToSite(admin, {
      siteId: world.sites.siteA2,
      email: 'Nieuwe@Home.test',
      role: 'owner',
    });
    const mail = await h.sink.waitFor((m) => m.to.includes('nieuwe@home.test'));
    expect(mail.text).toContain('Molenstraat');
    const token = mail.text.match(/\/invite\/([A-Za-z0-9_-]+)/)![1]!;
    const info = await h.services.invitations.inspect(token);
    expect(info).toMatchObject({ email: 'nieuwe@home.test', userExists: false, siteRole: 'owner' });

    const anon = { type: 'anonymous' as const, ip: null, requestId: null };
    const weak = await refusalOf(
      h.services.invitations.accept(anon, token, { name: 'Nina', password: 'abc', passwordRepeat: 'abc' }),
    );
    expect(weak.fieldErrors.password?.key).toBe('validation.passwordWeak');
    const { userId, created } = await h.services.invitations.accept(anon, token, {
      name: 'Nina Nieuw',
      password: 'Lange-zin-2026!',
      passwordRepeat: 'Lange-zin-2026!',
    });
    expect(created).toBe(true);
    expect(await h.services.invitations.inspect(token)).toBeNull();
    const login = await h.services.auth.login(
      { email: 'nieuwe@home.test', password: 'Lange-zin-2026!' },
      { ip: '198.51.100.3', userAgent: null },
    );
    expect(login.actor.userId).toBe(userId);
    const members = await h.services.members.list(admin, { siteId: world.sites.siteA2 });
    expect(members).toEqual([expect.objectContaining({ email: 'nieuwe@home.test', role: 'owner' })]);
    // The site is now findable by its owner's e-mail.
    expect((await h.services.sites.list(admin, { search: 'nieuwe@home' })).rows.map((r) => r.id)).toEqual([
      world.sites.siteA2,
    ]);
  });

  it('needs an existing account to log in as the invited address', async () => {
    const admin = await world.actor(world.users.instAAdmin);
    await h.services.invitations.inviteToOrganization(admin, {
      organizationId: world.orgs.instA,
      email: 'stranger@home.test',
      role: 'technician',
    });
    const token = (await h.sink.waitFor((m) => m.to.includes('stranger@home.test'))).text.match(
      /\/invite\/([A-Za-z0-9_-]+)/,
    )![1]!;
    const someoneElse = await world.actor(world.users.ownerB);
    const e = await refusalOf(h.services.invitations.accept(someoneElse, token, {}));
    expect(e.messageKey).toBe('auth.invite.wrongUser');
    const stranger = await world.actor(world.users.stranger);
    await h.services.invitations.accept(stranger, token, {});
    const again = await world.actor(world.users.stranger);
    expect(again.memberships.map((m) => [m.organizationId, m.role])).toEqual([
      [world.orgs.instA, 'technician'],
    ]);
  });

  it('refuses a second main user', async () => {
    const admin = await world.actor(world.users.instAAdmin);
    const e = await refusalOf(
      h.services.invitations.inviteToSite(admin, {
        siteId: world.sites.siteA,
        email: 'nog-een@home.test',
        role: 'owner',
      }),
    );
    expect(e.messageKey).toBe('error.member.ownerExists');
  });

  it('deactivating a tenant stops its people reaching the console', async () => {
    const staff = await world.actor(world.users.admin);
    await h.services.organizations.setActive(staff, { organizationId: world.orgs.instB, active: false });
    const instB = await world.actor(world.users.instBAdmin);
    expect(instB.memberships).toEqual([]);
    expect((await refusalOf(h.services.sites.list(instB))).code).toBe('forbidden');
    await h.services.organizations.setActive(staff, { organizationId: world.orgs.instB, active: true });
  });
});
