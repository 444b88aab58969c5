import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadUserActor, systemActor, type UserActor } from '../actor';
import { createServiceHarness, type ServiceHarness } from '../testing';
import { foldForSearch } from './site-search';
import { SITE_COUNT_AT_LEAST } from './sites';

let h: ServiceHarness;
let staff: UserActor;
let installer: UserActor;
let orgA: number;
let orgB: number;

const streets = ['Kerkstraat', 'Rue de Liège', 'Molenstraat', 'Stationsplein'];
const cities = ['Gent', 'Liège', 'Aalst'];

beforeAll(async () => {
  h = await createServiceHarness('sites_table');
  const sys = systemActor('test');
  const op = await h.services.organizations.ensureOperator(sys);
  orgA = (await h.services.organizations.ensureInstaller(sys, { name: 'A' })).id;
  orgB = (await h.services.organizations.ensureInstaller(sys, { name: 'B' })).id;
  staff = (await loadUserActor(
    h.testDb.db,
    (
      await h.services.users.provision(sys, {
        email: 's@x.be',
        name: 'S',
        password: 'Lang-genoeg-123',
        membership: { organizationId: op.id, role: 'support' },
      })
    ).id,
  ))!;
  installer = (await loadUserActor(
    h.testDb.db,
    (
      await h.services.users.provision(sys, {
        email: 'i@x.be',
        name: 'I',
        password: 'Lang-genoeg-123',
        membership: { organizationId: orgA, role: 'technician' },
      })
    ).id,
  ))!;
  // 6,000 sites, so a search for a common word takes the "broad" path (more than 5,000 matches).
  const rows = [];
  for (let i = 0; i < 6000; i++) {
    const street = streets[i % streets.length]!;
    const city = cities[i % cities.length]!;
    rows.push({
      organization_id: i % 2 === 0 ? orgA : orgB,
      street,
      house_number: String(i),
      postal_code: String(1000 + (i % 9000)),
      city,
      status: (i % 10 === 0 ? 'draft' : 'active') as 'draft' | 'active',
      search_text: foldForSearch(`${street} ${i} ${city}`),
      created_at: new Date(Date.UTC(2024, 0, 1) + i * 60_000),
    });
  }
  for (let i = 0; i < rows.length; i += 1000)
    await h.testDb.db
      .insertInto('sites')
      .values(rows.slice(i, i + 1000))
      .execute();
}, 60_000);
afterAll(async () => {
  await h.close();
});

describe('sites table', () => {
  it('pages through a sort without gaps or repeats', async () => {
    const seen = new Set<number>();
    let previous = '';
    for (let page = 1; page <= 4; page++) {
      const r = await h.services.sites.list(installer, { sort: 'city', pageSize: 100, page });
      expect(r.total).toBe(3000);
      for (const row of r.rows) {
        expect(row.organization_id).toBe(orgA);
        expect(row.city.localeCompare(previous, 'nl')).toBeGreaterThanOrEqual(0);
        previous = row.city;
        seen.add(row.id);
      }
    }
    expect(seen.size).toBe(400);
  });

  it('finds words without regard to case or accents, all words required', async () => {
    const liege = await h.services.sites.list(staff, { search: 'LIEGE', pageSize: 100 });
    // "Liège" as the city (every 3rd) or in "Rue de Liège" (every 4th): 6000 − the sites with neither.
    const expected = [...Array(6000).keys()].filter((i) => i % 3 === 1 || i % 4 === 1).length;
    expect(liege.total).toBe(expected);
    const narrow = await h.services.sites.list(staff, { search: 'molenstraat 4218 gent' });
    expect(narrow.rows.map((r) => `${r.street} ${r.house_number} ${r.city}`)).toEqual([
      'Molenstraat 4218 Gent',
    ]);
  });

  it('gives the same answer on the broad and the narrow path', async () => {
    // "kerkstraat" matches 1,500 sites (narrow path); "straat" matches 3,000 (still narrow); "e" matches all 6,000 (broad).
    const broad = await h.services.sites.list(staff, {
      search: 'e',
      sort: 'created_at',
      desc: true,
      pageSize: 10,
    });
    expect(broad.total).toBe(6000);
    const unfiltered = await h.services.sites.list(staff, { sort: 'created_at', desc: true, pageSize: 10 });
    expect(broad.rows.map((r) => r.id)).toEqual(unfiltered.rows.map((r) => r.id));
    const narrow = await h.services.sites.list(staff, {
      search: 'kerkstraat',
      sort: 'created_at',
      desc: true,
      pageSize: 10,
      page: 2,
    });
    expect(narrow.total).toBe(1500);
    expect(narrow.rows.every((r) => r.street === 'Kerkstraat')).toBe(true);
    expect(narrow.rows[0]!.created_at.getTime()).toBeGreaterThan(narrow.rows[9]!.created_at.getTime());
  });

  it('combines a status filter with search and an installer filter', async () => {
    const r = await h.services.sites.list(staff, {
      status: 'draft',
      search: 'aalst',
      organizationId: orgA,
      pageSize: 100,
    });
    const expected = [...Array(6000).keys()].filter((i) => i % 10 === 0 && i % 3 === 2 && i % 2 === 0).length;
    expect(r.total).toBe(expected);
    expect(
      r.rows.every((x) => x.status === 'draft' && x.city === 'Aalst' && x.organization_id === orgA),
    ).toBe(true);
  });

  it('treats % and _ in a search as plain characters', async () => {
    expect((await h.services.sites.list(staff, { search: '%' })).total).toBe(0);
    expect((await h.services.sites.list(staff, { search: '_' })).total).toBe(0);
  });

  it("pages an installer of two organizations through both organizations' sites in one order", async () => {
    const sys = systemActor('test');
    const both = await h.services.users.provision(sys, {
      email: 'both@x.be',
      name: 'Beide',
      password: 'Lang-genoeg-123',
      membership: { organizationId: orgA, role: 'technician' },
    });
    await h.services.users.provision(sys, {
      email: 'both@x.be',
      name: 'Beide',
      password: 'Lang-genoeg-123',
      membership: { organizationId: orgB, role: 'technician' },
    });
    const actor = (await loadUserActor(h.testDb.db, both.id))!;
    expect(actor.memberships).toHaveLength(2);
    // staff see the same 6,000 sites (A's and B's only, so far): the same pages, in the same order
    for (const query of [
      { sort: 'street', desc: true, pageSize: 40 },
      { sort: 'status', pageSize: 40 },
      { sort: 'created_at', status: 'draft', pageSize: 40 },
    ] as const)
      for (const page of [1, 2, 12]) {
        const mine = await h.services.sites.list(actor, { ...query, page });
        const all = await h.services.sites.list(staff, { ...query, page });
        expect(mine.rows.map((r) => r.id)).toEqual(all.rows.map((r) => r.id));
        expect(mine.rows.length).toBeGreaterThan(0);
        expect(mine.total).toBe(all.total);
      }
  });

  it('counts a fleet no further than it needs, and says there are more', async () => {
    // 4,500 more sites (last in this file: the others count the first 6,000)
    const orgC = (await h.services.organizations.ensureInstaller(systemActor('test'), { name: 'C' })).id;
    const extra = SITE_COUNT_AT_LEAST + 500 - 6000;
    for (let i = 0; i < extra; i += 1000)
      await h.testDb.db
        .insertInto('sites')
        .values(
          Array.from({ length: Math.min(1000, extra - i) }, (_, k) => ({
            organization_id: orgC,
            street: 'Veldstraat',
            house_number: String(i + k),
            postal_code: '9000',
            city: 'Gent',
            search_text: `veldstraat ${i + k} 9000 gent`,
          })),
        )
        .execute();
    const first = await h.services.sites.list(staff, { sort: 'created_at' });
    expect(first).toMatchObject({ total: SITE_COUNT_AT_LEAST, more: true });
    // ten pages past the one shown are always counted, so the pager reaches on
    const far = await h.services.sites.list(staff, { sort: 'created_at', page: 401 });
    expect(far).toMatchObject({ total: 411 * 25, more: true });
    expect(far.rows).toHaveLength(25);
    const last = await h.services.sites.list(staff, { sort: 'created_at', page: 420 });
    expect(last).toMatchObject({ total: SITE_COUNT_AT_LEAST + 500, more: false });
    expect(last.rows).toHaveLength(SITE_COUNT_AT_LEAST + 500 - 419 * 25);
    // an installer's own, or a filter, counts exactly
    expect(await h.services.sites.list(installer, {})).toMatchObject({ total: 3000, more: false });
    expect(await h.services.sites.list(staff, { organizationId: orgC })).toMatchObject({
      total: extra,
      more: false,
    });
  });
});
