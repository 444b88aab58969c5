import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createTestDb } from '@ilumen/db/testing';
import { addDays, localDate, type PriceSlot, quarterStartsOfDay } from '@ilumen/energy';
import { generateDayPrices, resolutionForDay } from '@ilumen/entsoe';
import { JobProducer } from '@ilumen/jobs';
import { createServices, DayPlanner, type GatewayLink, systemActor } from '@ilumen/services';
import { withRetry } from '@ilumen/services/energy';
import { Redis } from 'ioredis';

/**
 * Dynamic charging for a fleet: N sites with the module, one day of quarter-hour prices. Measures the two steps of
 * the `prices` queue — planning every site's cheapest hours (`planDay`: one price computation, one plan per distinct
 * "Aantal uren", batched upserts) and sending every site's new gateway configuration (`publishForSite` per site, as
 * the publishPlans jobs do, with a link that only counts) — next to baselines in the same run: the planning arithmetic
 * alone (no database), and a bare batched insert of the same N rows.
 *
 * `tsx bench/dynamic-planning.ts [--sites 10000] [--concurrency 8]`
 */
const { values } = parseArgs({
  options: {
    sites: { type: 'string', default: process.env.BENCH_SITES ?? '10000' },
    concurrency: { type: 'string', default: '8' },
  },
});
const N = Number(values.sites);
const CONCURRENCY = Number(values.concurrency);
const out = (s: string) => process.stdout.write(`${s}\n`);
const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const chunks = <T>(xs: T[], n: number) =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

const testDb = await createTestDb('bench_dynamic', { connectionLimit: CONCURRENCY + 2 });
const db = testDb.db;
const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
const prefix = `bench-dyn-${randomBytes(4).toString('hex')}`;
const jobs = new JobProducer({
  connection: { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null },
  prefix,
});
let published = 0;
const link: GatewayLink = {
  async publish() {
    published++;
  },
};
const today = localDate(Date.now());
const day = addDays(today, 1);
const services = createServices(
  {
    db,
    redis,
    jobs,
    clock: { now: () => new Date() },
    publicUrl: 'http://localhost:3000',
    redisPrefix: prefix,
    gatewayLink: link,
  },
  { secureCookies: false, brokerCredentials: null },
);

try {
  out(`dynamic charging for ${fmt(N)} sites, one day (${day}) of ${resolutionForDay(day)}-minute prices`);
  // --- the fleet: N sites with a gateway, a battery, the module, and a mix of "Aantal uren"
  const t0 = performance.now();
  const org = await db
    .insertInto('organizations')
    .values({ name: 'Bench Installers', kind: 'installer' })
    .executeTakeFirstOrThrow();
  const orgId = Number(org.insertId);
  for (const part of chunks(
    Array.from({ length: N }, (_, i) => i),
    1000,
  )) {
    await db
      .insertInto('sites')
      .values(
        part.map((i) => ({
          organization_id: orgId,
          street: 'Benchstraat',
          house_number: String(i + 1),
          postal_code: '9000',
          city: 'Gent',
          status: 'active' as const,
          search_text: `benchstraat ${i + 1}`,
        })),
      )
      .execute();
  }
  const siteIds = (
    await db.selectFrom('sites').select('id').where('organization_id', '=', orgId).orderBy('id').execute()
  ).map((s) => s.id);
  for (const part of chunks(siteIds, 1000)) {
    await db
      .insertInto('gateways')
      .values(
        part.map((id) => ({
          serial: `ILS-BENCH${String(id).padStart(7, '0')}`,
          site_id: id,
          organization_id: orgId,
          online: true,
        })),
      )
      .execute();
    await db
      .insertInto('devices')
      .values(
        part.map((id) => ({
          site_id: id,
          type: 'battery' as const,
          model: 'iLubat 10',
          serial: `B-${id}`,
          active_since: '2025-01-01',
          device_key: 'bat1',
        })),
      )
      .execute();
    await db
      .insertInto('site_modules')
      .values(
        part.map((id) => ({ site_id: id, module: 'dynamic_charging' as const, granted_at: new Date() })),
      )
      .execute();
    await db
      .insertInto('site_control_settings')
      .values(part.map((id) => ({ site_id: id, dynamic_hours: 1 + (id % 6) })))
      .execute();
  }
  const starts = quarterStartsOfDay(day);
  const minutes = resolutionForDay(day);
  const prices = generateDayPrices(day, minutes);
  const slots: PriceSlot[] = (minutes === 15 ? starts : starts.filter((_, i) => i % 4 === 0)).map((t, i) => ({
    start: new Date(t).toISOString(),
    minutes,
    eurPerMwh: prices[i]!,
  }));
  await services.prices.store({ zone: 'BE', day, status: 'ok', minutes, slots, complete: true });
  out(`  fleet set up in ${fmt((performance.now() - t0) / 1000, 1)} s`);

  // --- baseline 1: the planning arithmetic alone, as if every site were planned on its own
  const b1 = performance.now();
  let sink = 0;
  for (const id of siteIds) sink += new DayPlanner(slots, day).plan(1 + (id % 6)).hours.length;
  const arithmeticMs = performance.now() - b1;

  // --- baseline 2: a bare batched insert of N rows of the plan's size
  await db.schema
    .createTable('bench_rows')
    .addColumn('site_id', 'bigint', (c) => c.primaryKey())
    .addColumn('hours', 'json', (c) => c.notNull())
    .execute();
  const sample = JSON.stringify(new DayPlanner(slots, day).plan(3).hours);
  const b2 = performance.now();
  for (const part of chunks(siteIds, 500))
    await (
      db as never as {
        insertInto: (t: string) => { values: (v: unknown) => { execute: () => Promise<unknown> } };
      }
    )
      .insertInto('bench_rows')
      .values(part.map((id) => ({ site_id: id, hours: sample })))
      .execute();
  const insertMs = performance.now() - b2;

  // --- the real planning step
  const p0 = performance.now();
  const planned = await services.dynamicCharging.planDay(day);
  const planMs = performance.now() - p0;

  // --- sending: every site's configuration, CONCURRENCY at a time (as that many publishPlans jobs would)
  const actor = systemActor('bench');
  const s0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const i = next++;
        if (i >= planned.siteIds.length) return;
        await withRetry(() => services.gatewayConfig.publishForSite(actor, planned.siteIds[i]!));
      }
    }),
  );
  const sendMs = performance.now() - s0;

  out(
    `  plan every site (planDay: read prices, plan per distinct hours, upsert ${fmt(planned.siteIds.length)} rows): ${fmt(planMs)} ms`,
  );
  out(
    `    baseline, the same arithmetic per site without memo or database: ${fmt(arithmeticMs)} ms (${sink > 0 ? 'ok' : '?'})`,
  );
  out(`    baseline, a bare batched insert of ${fmt(N)} rows of the same size: ${fmt(insertMs)} ms`);
  out(
    `  send every site's configuration (publishForSite x ${fmt(published)}, ${CONCURRENCY} at a time): ${fmt(sendMs / 1000, 1)} s, ${fmt((published / sendMs) * 1000)} sites/s, ${fmt(sendMs / published, 2)} ms per site`,
  );
  out(`  total for the fleet: ${fmt((planMs + sendMs) / 1000, 1)} s`);
} finally {
  await jobs.close();
  await redis.quit();
  await testDb.drop();
}
