import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../actor';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '../testing';
import { formatAddress } from './address';

// What the console's list pages post when a person uses their search forms: every field, empty ones included.
const everyFieldEmpty = {
  page: '',
  pageSize: '',
  sort: '',
  desc: '',
  search: '',
  status: '',
  organizationId: '',
  severity: '',
  kind: '',
  assigned: '',
  unacknowledged: '',
  problems: '',
  renewal: '',
  online: '',
  claimed: '',
  alarms: '',
  firmware: '',
  type: '',
  action: '',
  actorEmail: '',
  from: '',
  to: '',
  includeInactive: '',
};

let h: ServiceHarness;
let world: World;
let admin: UserActor;

beforeAll(async () => {
  h = await createServiceHarness('console_list_query');
  world = await createWorld(h.services);
  admin = await world.actor(world.users.admin);
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('console lists take a form as it is posted', () => {
  it('reads an empty field as "not given": the default sort, no filter, the first page', async () => {
    const s = h.services;
    const sites = await s.sites.list(admin, everyFieldEmpty);
    expect(sites.total).toBe(3);
    expect(sites.page).toBe(1);
    expect(sites.rows.map((r) => r.city)).toEqual(['Aalst', 'Gent', 'Leuven']);
    await expect(s.alarms.list(admin, everyFieldEmpty)).resolves.toMatchObject({ page: 1 });
    await expect(s.mandates.list(admin, everyFieldEmpty)).resolves.toMatchObject({ page: 1 });
    await expect(s.fleet.gateways(admin, everyFieldEmpty)).resolves.toMatchObject({ page: 1 });
    const devices = await s.fleet.devices(admin, everyFieldEmpty);
    expect(devices.total).toBe(5);
    await expect(s.audit.list(admin, everyFieldEmpty)).resolves.toMatchObject({ page: 1 });
    expect((await s.organizations.list(admin, everyFieldEmpty)).length).toBeGreaterThanOrEqual(3);
  });

  it('finds an address written the way the pages write it, comma and all', async () => {
    const site = await h.services.sites.get(admin, { siteId: world.sites.siteA2 });
    const written = formatAddress(site);
    expect(written).toBe('Molenstraat 1, 9300 Aalst');
    const found = await h.services.sites.list(admin, { search: written });
    expect(found.rows.map((r) => r.id)).toEqual([world.sites.siteA2]);
    const global = await h.services.search.global(admin, { q: written });
    expect(global.sites.map((r) => r.siteId)).toEqual([world.sites.siteA2]);
  });

  it("shows fleet staff the sites' devices, not who lives there: no owner in the list, no home found by e-mail", async () => {
    const fleet = await world.actor(world.users.fleet);
    const seen = await h.services.sites.list(fleet, { search: 'Kerkstraat' });
    expect(seen.rows.map((r) => r.id)).toEqual([world.sites.siteA]);
    expect(seen.people).toBe(false);
    expect(seen.rows[0]).toMatchObject({ owner_email: null, owner_name: null });
    const byMail = await h.services.search.global(fleet, { q: 'owner-a@home.test' });
    expect(byMail.sites).toEqual([]);
    // support and the installer still see the owner
    for (const who of [world.users.support, world.users.instAAdmin]) {
      const list = await h.services.sites.list(await world.actor(who), { search: 'Kerkstraat' });
      expect(list.rows[0]).toMatchObject({ owner_email: 'owner-a@home.test' });
      const found = await h.services.search.global(await world.actor(who), { q: 'owner-a@home.test' });
      expect(found.sites.map((r) => r.siteId)).toEqual([world.sites.siteA]);
    }
  });
});
