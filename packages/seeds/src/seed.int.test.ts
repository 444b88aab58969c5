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
    expect(Number(days.n)).toBe(6 * 365);
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
