import { type ServiceHarness, createServiceHarness } from '@ilumen/services/testing';
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
  });

  it('lets every listed demo user log in, each landing where their role belongs', async () => {
    const admin = await h.services.auth.login({ email: 'admin@ilumen.be', password: DEMO_PASSWORD }, { ip: '127.0.0.1', userAgent: null });
    expect(admin.actor.memberships.map((m) => m.role)).toEqual(['admin']);
    const jan = await h.services.auth.login({ email: 'jan.peeters@example.be', password: DEMO_PASSWORD }, { ip: '127.0.0.1', userAgent: null });
    expect((await h.services.sites.mine(jan.actor)).length).toBe(2);
    const anna = await h.services.auth.login({ email: 'anna@zonnewarmte.be', password: DEMO_PASSWORD }, { ip: '127.0.0.1', userAgent: null });
    const list = await h.services.sites.list(anna.actor, { pageSize: 100 });
    expect(list.total).toBeGreaterThan(0);
    expect(list.rows.every((r) => r.organization_name === 'Zonnewarmte BV')).toBe(true);
  });
});
