import { performance } from 'node:perf_hooks';
import { sql } from '@ilumen/db';
import { loadUserActor, systemActor } from '../src/actor';
import { createServiceHarness, type ServiceHarness } from '../src/testing';

/**
 * The console's sites table with 100,000 sites: sort + filter + search, p50/p95, next to a plain primary-key query
 * measured in the same run on the same database. Goal: p95 under 50 ms.
 */
const SITES = Number(process.env.BENCH_SITES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const out = (s: string) => process.stdout.write(`${s}\n`);

const streets = [
  'Kerkstraat',
  'Stationsstraat',
  'Molenstraat',
  'Dorpsstraat',
  'Schoolstraat',
  'Nieuwstraat',
  'Kapelstraat',
  'Beekstraat',
  'Veldstraat',
  'Lindelaan',
];
const cities = [
  ['9000', 'Gent'],
  ['9300', 'Aalst'],
  ['3000', 'Leuven'],
  ['2000', 'Antwerpen'],
  ['8500', 'Kortrijk'],
  ['3500', 'Hasselt'],
  ['2800', 'Mechelen'],
  ['8000', 'Brugge'],
] as const;

async function seed(h: ServiceHarness, orgIds: number[]) {
  const db = h.testDb.db;
  const started = performance.now();
  const batch = 2000;
  for (let from = 0; from < SITES; from += batch) {
    const rows = [];
    for (let i = from; i < Math.min(SITES, from + batch); i++) {
      const street = streets[i % streets.length]!;
      const [postal, city] = cities[(i * 7) % cities.length]!;
      const nr = String(1 + (i % 250));
      const owner = i % 10 < 7 ? `eigenaar${String(i).padStart(6, '0')}@example.be` : '';
      rows.push({
        organization_id: orgIds[i % orgIds.length]!,
        street,
        house_number: nr,
        postal_code: postal,
        city,
        status: (i % 20 === 0 ? 'draft' : i % 33 === 0 ? 'inactive' : 'active') as
          | 'draft'
          | 'inactive'
          | 'active',
        search_text: `${street} ${nr} ${postal} ${city} ${owner}`.toLowerCase(),
        created_at: new Date(Date.UTC(2023, 0, 1) + i * 600_000),
      });
    }
    await db.insertInto('sites').values(rows).execute();
  }
  await sql`ANALYZE TABLE sites`.execute(db);
  out(`seeded ${SITES.toLocaleString('en')} sites in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function measure(name: string, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 10; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { name, p50: p(0.5), p95: p(0.95) };
}

const h = await createServiceHarness('bench_sites');
try {
  const sys = systemActor('bench');
  const operator = await h.services.organizations.ensureOperator(sys);
  const orgIds: number[] = [];
  for (let i = 0; i < 40; i++)
    orgIds.push((await h.services.organizations.ensureInstaller(sys, { name: `Installateur ${i}` })).id);
  /** A person with a membership (a second call adds one more to the same person). */
  const member = async (email: string, organizationId: number, role: 'support' | 'technician') =>
    (
      await h.services.users.provision(sys, {
        email,
        name: email.split('@')[0]!,
        password: 'Bench-password-1',
        membership: { organizationId, role },
      })
    ).id;
  const staffId = await member('staff@bench.test', operator.id, 'support');
  const instId = await member('inst@bench.test', orgIds[3]!, 'technician');
  // an installer in two organizations (a technician who works for two companies)
  const twoId = await member('two@bench.test', orgIds[3]!, 'technician');
  await member('two@bench.test', orgIds[4]!, 'technician');
  await seed(h, orgIds);
  const staff = (await loadUserActor(h.testDb.db, staffId))!;
  const installer = (await loadUserActor(h.testDb.db, instId))!;
  const installerOfTwo = (await loadUserActor(h.testDb.db, twoId))!;
  const db = h.testDb.db;

  const results = [
    await measure('baseline: SELECT by primary key', (i) =>
      db
        .selectFrom('sites')
        .selectAll()
        .where('id', '=', 1 + ((i * 7919) % SITES))
        .executeTakeFirst(),
    ),
    await measure('staff: sort city, page 1', () => h.services.sites.list(staff, { sort: 'city' })),
    await measure('staff: sort created_at desc, page 40', () =>
      h.services.sites.list(staff, { sort: 'created_at', desc: true, page: 40 }),
    ),
    await measure('staff: filter draft, sort postal code', () =>
      h.services.sites.list(staff, { status: 'draft', sort: 'postal_code' }),
    ),
    await measure('staff: search "kerkstraat gent", sort street', () =>
      h.services.sites.list(staff, { search: 'kerkstraat gent', sort: 'street' }),
    ),
    await measure('staff: search owner e-mail (rare), sort city', (i) =>
      h.services.sites.list(staff, {
        search: `eigenaar${String((i * 37) % SITES).padStart(6, '0')}`,
        sort: 'city',
      }),
    ),
    await measure('staff: installer filter + search + sort', () =>
      h.services.sites.list(staff, {
        organizationId: orgIds[5],
        search: 'molen',
        sort: 'created_at',
        desc: true,
      }),
    ),
    await measure('installer (1 of 40 tenants): sort street, active', () =>
      h.services.sites.list(installer, { status: 'active', sort: 'street' }),
    ),
    await measure('installer: search "brugge", page 2', () =>
      h.services.sites.list(installer, { search: 'brugge', page: 2 }),
    ),
    await measure('installer of 2 tenants: sort street, active', () =>
      h.services.sites.list(installerOfTwo, { status: 'active', sort: 'street' }),
    ),
    await measure('installer of 2 tenants: sort city desc, page 3', () =>
      h.services.sites.list(installerOfTwo, { sort: 'city', desc: true, page: 3 }),
    ),
  ];
  const base = results[0]!;
  out(`\nsites table, ${SITES.toLocaleString('en')} sites, ${RUNS} runs each (goal: p95 < 50 ms)`);
  out(
    `${'query'.padEnd(52)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p95 / baseline'.padStart(15)}`,
  );
  for (const r of results) {
    out(
      `${r.name.padEnd(52)} ${r.p50.toFixed(2).padStart(8)} ${r.p95.toFixed(2).padStart(8)} ${(r.p95 / base.p95).toFixed(1).padStart(14)}×`,
    );
  }
  const worst = Math.max(...results.slice(1).map((r) => r.p95));
  out(`worst p95: ${worst.toFixed(1)} ms — ${worst < 50 ? 'within' : 'OVER'} the 50 ms goal`);
} finally {
  await h.close();
}
