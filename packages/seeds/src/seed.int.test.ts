import { addDays, localDate, startOfLocalDay } from '@ilumen/energy';
import { createServiceHarness, type ServiceHarness } from '@ilumen/services/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from './index';

let h: ServiceHarness;
beforeAll(async () => {
  h = await createServiceHarness('seeds');
});
afterAll(async () => {
  await h.close();
});

describe('demo seed', () => {
  it('builds the demo world, and a second run duplicates nothing', async () => {
    const first = await seedDemo(h.services);
    expect(first.sites).toBe(20);
    expect(first.devices).toBeGreaterThanOrEqual(60);
    const second = await seedDemo(h.services);
    expect(second.created).toEqual({ users: 0, sites: 0, devices: 0 });
    expect([second.users, second.sites, second.devices]).toEqual([first.users, first.sites, first.devices]);
    // Six addresses have a simulated iLusmart and a year of history, written once.
    const gateways = await h.testDb.db
      .selectFrom('gateways')
      .select(['serial', 'site_id'])
      .orderBy('serial')
      .execute();
    expect(gateways.filter((g) => g.site_id !== null).map((g) => g.serial)).toEqual([
      'ILS-SIM00001',
      'ILS-SIM00002',
      'ILS-SIM00003',
      'ILS-SIM00004',
      'ILS-SIM00005',
      'ILS-SIM00006',
    ]);
    // Three boxes on an installer's shelf, to try the commissioning wizard with.
    expect(gateways.filter((g) => g.site_id === null).map((g) => g.serial)).toEqual([
      'ILS-DEMO00001',
      'ILS-DEMO00002',
      'ILS-DEMO00003',
    ]);
    const days = await h.testDb.db
      .selectFrom('energy_day')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.count<number>('site_id').distinct().as('sites'),
      ])
      .executeTakeFirstOrThrow();
    expect(Number(days.sites)).toBe(6);
    // a year up to yesterday, and today once a quarter of it has ended
    expect(Number(days.n) - 6 * 365).toBeGreaterThanOrEqual(0);
    expect(Number(days.n) - 6 * 365).toBeLessThanOrEqual(6);
  });

  it("gives the module pages their history: the iLubat's state of charge today and every day, the iLuheat's temperatures all year", async () => {
    const login = async (email: string) =>
      (await h.services.auth.login({ email, password: DEMO_PASSWORD }, { ip: '127.0.0.1', userAgent: null }))
        .actor;
    const jan = await login('jan.peeters@example.be');
    const [first] = await h.services.sites.mine(jan);
    const site = (await h.services.sites.mine(jan)).find((s) => s.street === 'Stationsstraat') ?? first!;
    const now = h.services.deps.clock.now();
    const today = localDate(now);
    const battery = await h.services.modules.battery(jan, { siteId: site.id, period: 'day', date: today });
    // today's chart: a state of charge for every quarter that has ended (as many as the energy history has)
    const todayQuarters = await h.testDb.db
      .selectFrom('energy_qh')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('site_id', '=', site.id)
      .where('ts', '>=', new Date(startOfLocalDay(today)))
      .executeTakeFirstOrThrow();
    expect(battery.soc).toHaveLength(Number(todayQuarters.n));
    const monthAgo = await h.services.modules.battery(jan, {
      siteId: site.id,
      period: 'day',
      date: addDays(today, -40),
    });
    expect(monthAgo.soc.length).toBeGreaterThanOrEqual(92);

    const heatSite = await h.testDb.db
      .selectFrom('devices')
      .innerJoin('site_members', 'site_members.site_id', 'devices.site_id')
      .innerJoin('users', 'users.id', 'site_members.user_id')
      .select(['devices.site_id', 'users.email'])
      .where('devices.type', '=', 'heat')
      .where('site_members.role', '=', 'owner')
      .executeTakeFirstOrThrow();
    const owner = await login(heatSite.email);
    const year = await h.services.modules.heat(owner, {
      siteId: heatSite.site_id,
      period: 'year',
      date: addDays(today, -1),
    });
    const withEnergy = year.buckets.filter((b) => b.consumptionWh > 0);
    expect(withEnergy.length).toBeGreaterThan(0);
    // every month the boiler used energy in has its average temperature (only the last weeks had one)
    expect(withEnergy.filter((b) => b.avgTempC === null)).toEqual([]);
  });

  it('lets every listed demo user log in, each landing where their role belongs', async () => {
    const admin = await h.services.auth.login(
      { email: 'admin@ilumen.be', password: DEMO_PASSWORD },
      { ip: '127.0.0.1', userAgent: null },
    );
    expect(admin.actor.memberships.map((m) => m.role)).toEqual(['admin']);
    const jan = await h.services.auth.login(
      { email: 'jan.peeters@example.be', password: DEMO_PASSWORD },
      { ip: '127.0.0.1', userAgent: null },
    );
    expect((await h.services.sites.mine(jan.actor)).length).toBe(2);
    const anna = await h.services.auth.login(
      { email: 'anna@zonnewarmte.be', password: DEMO_PASSWORD },
      { ip: '127.0.0.1', userAgent: null },
    );
    const list = await h.services.sites.list(anna.actor, { pageSize: 100 });
    expect(list.total).toBeGreaterThan(0);
    expect(list.rows.every((r) => r.organization_name === 'Zonnewarmte BV')).toBe(true);
  });
});
