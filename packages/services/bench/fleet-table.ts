import { performance } from 'node:perf_hooks';
import { sql } from '@ilumen/db';
import { loadUserActor, systemActor } from '../src/actor';
import { createServiceHarness, type ServiceHarness } from '../src/testing';

/**
 * The fleet's gateway table with 100,000 gateways (decisions 040–042): sort, filter, search and page on the server, p50/p95,
 * next to a plain primary-key query measured in the same run on the same database. Goal: p95 under 50 ms. Totals are
 * cached for 15 s per scope and filter (decision 041); one line shows a page whose total is counted every time.
 */
const GATEWAYS = Number(process.env.BENCH_GATEWAYS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const out = (s: string) => process.stdout.write(`${s}\n`);

async function seed(h: ServiceHarness, orgIds: number[]) {
  const db = h.testDb.db;
  const started = performance.now();
  const batch = 2000;
  const base = Date.UTC(2026, 10, 27, 12);
  for (let from = 0; from < GATEWAYS; from += batch) {
    const sites = [];
    const n = Math.min(GATEWAYS, from + batch) - from;
    for (let k = 0; k < n; k++) {
      const i = from + k;
      sites.push({
        organization_id: orgIds[i % orgIds.length]!,
        street: 'Kerkstraat',
        house_number: String(1 + (i % 250)),
        postal_code: '9000',
        city: 'Gent',
        search_text: `kerkstraat ${1 + (i % 250)} 9000 gent`,
      });
    }
    const res = await db.insertInto('sites').values(sites).executeTakeFirstOrThrow();
    const firstSite = Number(res.insertId);
    const gateways = sites.map((s, k) => {
      const i = from + k;
      const online = i % 50 !== 0;
      return {
        serial: `ILS-B${String(i).padStart(8, '0')}`,
        organization_id: s.organization_id,
        // Nine in ten claimed onto a site; the rest waiting on a shelf.
        site_id: i % 10 === 9 ? null : firstSite + k,
        firmware_version: ['1.4.2', '1.5.0', '1.5.1', '1.6.0-rc1'][i % 4]!,
        hardware_revision: 'B',
        online,
        last_seen_at: new Date(base - (online ? (i % 60) * 1000 : 3_600_000 + i * 1000)),
        open_alarms: i % 97 === 0 ? 1 + (i % 3) : 0,
      };
    });
    await db.insertInto('gateways').values(gateways).execute();
  }
  await sql`ANALYZE TABLE gateways`.execute(db);
  await sql`ANALYZE TABLE sites`.execute(db);
  out(
    `seeded ${GATEWAYS.toLocaleString('en')} gateways (and their sites) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
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

const h = await createServiceHarness('bench_fleet');
try {
  const sys = systemActor('bench');
  const operator = await h.services.organizations.ensureOperator(sys);
  const orgIds: number[] = [];
  for (let i = 0; i < 40; i++)
    orgIds.push((await h.services.organizations.ensureInstaller(sys, { name: `Installateur ${i}` })).id);
  const staffId = (
    await h.services.users.provision(sys, {
      email: 'staff@bench.test',
      name: 'Staff',
      password: 'Bench-password-1',
      membership: { organizationId: operator.id, role: 'support' },
    })
  ).id;
  const instId = (
    await h.services.users.provision(sys, {
      email: 'inst@bench.test',
      name: 'Inst',
      password: 'Bench-password-1',
      membership: { organizationId: orgIds[3]!, role: 'technician' },
    })
  ).id;
  await seed(h, orgIds);
  const staff = (await loadUserActor(h.testDb.db, staffId))!;
  const installer = (await loadUserActor(h.testDb.db, instId))!;
  const db = h.testDb.db;
  const fleet = h.services.fleet;

  const results = [
    await measure('baseline: SELECT gateway by primary key', (i) =>
      db
        .selectFrom('gateways')
        .selectAll()
        .where('id', '=', 1 + ((i * 7919) % GATEWAYS))
        .executeTakeFirst(),
    ),
    await measure('staff: sort serial, page 1', () => fleet.gateways(staff, { sort: 'serial' })),
    await measure('staff: sort serial, page 1, total not cached', async () => {
      const keys = await h.redis.keys(`${h.redisPrefix}:fleet:count:*`);
      if (keys.length) await h.redis.del(...keys);
      return fleet.gateways(staff, { sort: 'serial' });
    }),
    await measure('staff: sort last seen desc, page 200', () =>
      fleet.gateways(staff, { sort: 'last_seen_at', desc: '1', page: 200 }),
    ),
    await measure("staff: open alarms desc (the desk's view)", () =>
      fleet.gateways(staff, { sort: 'open_alarms', desc: '1' }),
    ),
    await measure('staff: offline only, sort last seen', () =>
      fleet.gateways(staff, { online: 'offline', sort: 'last_seen_at' }),
    ),
    await measure('staff: firmware 1.6.0-rc1, sort serial', () =>
      fleet.gateways(staff, { firmware: '1.6.0-rc1', sort: 'serial' }),
    ),
    await measure('staff: serial prefix search', (i) =>
      fleet.gateways(staff, { search: `ILS-B000${String(i % 100).padStart(2, '0')}` }),
    ),
    await measure('staff: address search (rare), sort serial', (i) =>
      fleet.gateways(staff, { search: `kerkstraat ${1 + (i % 250)}` }),
    ),
    await measure('staff: with alarms, sort firmware', () =>
      fleet.gateways(staff, { alarms: 'yes', sort: 'firmware_version' }),
    ),
    await measure('installer (1 of 40 tenants): sort serial', () =>
      fleet.gateways(installer, { sort: 'serial' }),
    ),
    await measure('installer: offline, sort last seen desc', () =>
      fleet.gateways(installer, { online: 'offline', sort: 'last_seen_at', desc: '1' }),
    ),
  ];
  const base = results[0]!;
  out(
    `\nfleet gateway table, ${GATEWAYS.toLocaleString('en')} gateways, ${RUNS} runs each (goal: p95 < 50 ms)`,
  );
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
