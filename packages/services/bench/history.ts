import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { createDb, sql } from '@ilumen/db';
import { ensureDatabase } from '@ilumen/db/admin';
import { migrateToLatest } from '@ilumen/db/migrator';
import { addDays, localDate, localMonth, quarterStartsOfDay } from '@ilumen/energy';
import { JobProducer } from '@ilumen/jobs';
import { Redis } from 'ioredis';
import { createConnection } from 'mysql2';
import { loadUserActor, systemActor } from '../src/actor';
import { createServices } from '../src/index';

/**
 * History queries with 1,000 sites × 3 years of quarter-hours (≈105 million quarter rows, their day and month
 * rollups): day, week, month and year p95, next to a primary-key read of one quarter row measured in the same run.
 * Goal: p95 under 20 ms. The data set is built once (≈15 minutes) into its own database and reused by later runs.
 */
const SITES = Number(process.env.BENCH_HISTORY_SITES ?? 1000);
const YEARS = Number(process.env.BENCH_HISTORY_YEARS ?? 3);
const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const DB_URL = process.env.BENCH_HISTORY_DB ?? `mysql://root@127.0.0.1:3306/bench_history_${SITES}x${YEARS}`;
const FIRST_DAY = '2023-12-01';
const out = (s: string) => process.stdout.write(`${s}\n`);

function dayCount() {
  let n = 0;
  for (let d = FIRST_DAY; d < addDays(FIRST_DAY, YEARS * 365); d = addDays(d, 1)) n++;
  return n;
}

/** A household with PV: import at night and evening, export at midday in summer. Deterministic per site and quarter. */
function quarterValues(site: number, ts: number, dayOfYear: number) {
  const hour = (((ts / 3_600_000) % 24) + 1) % 24;
  const summer = Math.cos(((dayOfYear - 172) / 365) * 2 * Math.PI) * 0.5 + 0.5;
  const sun = hour > 6 && hour < 20 ? Math.max(0, Math.sin(((hour - 6) / 14) * Math.PI)) : 0;
  const pv = Math.round(sun * (150 + 500 * summer) * (0.8 + ((site * 13) % 7) / 20));
  const load = 60 + ((site * 31 + Math.floor(ts / 900_000)) % 90) + (hour >= 17 && hour <= 21 ? 120 : 0);
  const net = load - pv;
  return { imp: Math.max(0, net), exp: Math.max(0, -net), pv };
}

async function seed() {
  const u = new URL(DB_URL);
  const conn = createConnection({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: 'root',
    database: u.pathname.slice(1),
    infileStreamFactory: () => stream,
    timezone: 'Z',
  } as never);
  let stream: Readable = Readable.from([]);
  const load = (table: string, cols: string[], lines: () => Generator<string>) =>
    new Promise<void>((resolve, reject) => {
      stream = Readable.from(lines(), { objectMode: false });
      conn.query(
        `LOAD DATA LOCAL INFILE 'stream' INTO TABLE ${table} FIELDS TERMINATED BY '\\t' (${cols.join(',')})`,
        (err: Error | null) => (err ? reject(err) : resolve()),
      );
    });
  await new Promise<void>((r) => conn.query("SET time_zone = '+00:00'", () => r()));
  const days = dayCount();
  const started = performance.now();
  for (let s = 1; s <= SITES; s++) {
    const dayRows: string[] = [];
    const months = new Map<
      string,
      { imp: number; exp: number; pv: number; q: number; peak: number; at: number }
    >();
    await load(
      'energy_qh',
      [
        'site_id',
        'ts',
        'import_wh',
        'export_wh',
        'grid_source',
        'grid_quality',
        'gw_import_wh',
        'gw_export_wh',
        'production_wh',
      ],
      function* () {
        let buf = '';
        let day = FIRST_DAY;
        for (let d = 0; d < days; d++, day = addDays(day, 1)) {
          let imp = 0;
          let exp = 0;
          let pv = 0;
          const qs = quarterStartsOfDay(day);
          for (const ts of qs) {
            const v = quarterValues(s, ts, d % 365);
            imp += v.imp;
            exp += v.exp;
            pv += v.pv;
            buf += `${s}\t${new Date(ts).toISOString().slice(0, 19).replace('T', ' ')}\t${v.imp}\t${v.exp}\tgateway\tmeasured\t${v.imp}\t${v.exp}\t${v.pv}\n`;
            const m = `${localMonth(ts)}-01`;
            const acc = months.get(m) ?? { imp: 0, exp: 0, pv: 0, q: 0, peak: -1, at: 0 };
            acc.imp += v.imp;
            acc.exp += v.exp;
            acc.pv += v.pv;
            acc.q++;
            if (v.imp * 4 > acc.peak) {
              acc.peak = v.imp * 4;
              acc.at = ts;
            }
            months.set(m, acc);
          }
          dayRows.push(`${s}\t${day}\t${imp}\t${exp}\t${pv}\t${qs.length}\n`);
          if (buf.length > 1 << 20) {
            yield buf;
            buf = '';
          }
        }
        if (buf) yield buf;
      },
    );
    await load(
      'energy_day',
      ['site_id', 'day', 'import_wh', 'export_wh', 'production_wh', 'grid_quarters'],
      function* () {
        yield dayRows.join('');
      },
    );
    await load(
      'energy_month',
      [
        'site_id',
        'month',
        'import_wh',
        'export_wh',
        'production_wh',
        'grid_quarters',
        'qh_peak_w',
        'qh_peak_at',
      ],
      function* () {
        yield [...months]
          .map(
            ([m, a]) =>
              `${s}\t${m}\t${a.imp}\t${a.exp}\t${a.pv}\t${a.q}\t${a.peak}\t${new Date(a.at).toISOString().slice(0, 19).replace('T', ' ')}\n`,
          )
          .join('');
      },
    );
    if (s % 50 === 0 || s === SITES) {
      const el = (performance.now() - started) / 1000;
      out(
        `  seeded ${s}/${SITES} sites (${Math.round(el)} s, about ${Math.round((el / s) * (SITES - s))} s left)`,
      );
    }
  }
  conn.end();
}

await ensureDatabase(DB_URL);
const db = createDb({ url: DB_URL, connectionLimit: 4 });
await migrateToLatest(db);
const have = await db
  .selectFrom('energy_month')
  .select((eb) => eb.fn.count<number>('site_id').distinct().as('n'))
  .executeTakeFirstOrThrow();
if (Number(have.n) < SITES) {
  out(
    `building the data set: ${SITES} sites × ${YEARS} years (${((SITES * dayCount() * 96) / 1e6).toFixed(0)} million quarter rows)…`,
  );
  await db.deleteFrom('energy_qh').execute();
  await db.deleteFrom('energy_day').execute();
  await db.deleteFrom('energy_month').execute();
  await seed();
}
const org =
  (await db.selectFrom('organizations').select('id').where('name', '=', 'Bench').executeTakeFirst())?.id ??
  Number(
    (
      await db
        .insertInto('organizations')
        .values({ kind: 'installer', name: 'Bench' })
        .executeTakeFirstOrThrow()
    ).insertId,
  );
const siteCount = Number(
  (
    await db
      .selectFrom('sites')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
);
if (siteCount < SITES) {
  for (let i = siteCount; i < SITES; i += 1000) {
    await db
      .insertInto('sites')
      .values(
        Array.from({ length: Math.min(1000, SITES - i) }, () => ({
          organization_id: org,
          street: 'S',
          house_number: '1',
          postal_code: '9000',
          city: 'Gent',
        })),
      )
      .execute();
  }
}
const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
const jobs = new JobProducer({ connection: redis, prefix: 'bench-history' });
const services = createServices({
  db,
  redis,
  jobs,
  clock: { now: () => new Date('2026-11-27T12:00:00Z') },
  publicUrl: 'http://localhost',
  redisPrefix: 'bench-history',
});
const staff = (
  await services.users.provision(systemActor('bench'), {
    email: 'staff@bench.test',
    name: 'S',
    password: 'Bench-password-1',
    membership: {
      organizationId: (await services.organizations.ensureOperator(systemActor('bench'))).id,
      role: 'support',
    },
  })
).id;
const actor = (await loadUserActor(db, staff))!;

const days = dayCount();
let rndState = 1;
const rnd = () => {
  rndState = (rndState * 1103515245 + 12345) % 2147483648;
  return rndState / 2147483648;
};
const randomSite = () => 1 + Math.floor(rnd() * SITES);
const randomDay = () => addDays(FIRST_DAY, Math.floor(rnd() * (days - 1)));

async function measure(name: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 20; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { name, p50: times[Math.floor(RUNS / 2)]!, p95: times[Math.floor(RUNS * 0.95)]! };
}

const quarterRows = Number(
  (
    await sql<{
      n: number;
    }>`SELECT TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'energy_qh'`.execute(
      db,
    )
  ).rows[0]?.n ?? 0,
);
const results = [
  await measure('baseline: one quarter row by primary key', () =>
    db
      .selectFrom('energy_qh')
      .selectAll()
      .where('site_id', '=', randomSite())
      .where('ts', '=', new Date(Date.parse('2024-01-01T00:00:00Z') + Math.floor(rnd() * 90_000) * 900_000))
      .executeTakeFirst(),
  ),
  await measure('day (hourly bars from 92–100 quarters)', () =>
    services.history.series(actor, { siteId: randomSite(), period: 'day', date: randomDay() }),
  ),
  await measure('week (7 day rows)', () =>
    services.history.series(actor, { siteId: randomSite(), period: 'week', date: randomDay() }),
  ),
  await measure('month (28–31 day rows)', () =>
    services.history.series(actor, { siteId: randomSite(), period: 'month', date: randomDay() }),
  ),
  await measure('year (12 month rows + 365 days for the cost)', () =>
    services.history.series(actor, { siteId: randomSite(), period: 'year', date: randomDay() }),
  ),
  await measure('capacity (13 month rows)', () =>
    services.history.capacity(actor, {
      siteId: randomSite(),
      month: localDate(Date.parse(`${randomDay()}T12:00:00Z`)).slice(0, 7),
    }),
  ),
];
out(
  `\nhistory, ${SITES.toLocaleString('en')} sites × ${YEARS} years (≈${(quarterRows / 1e6).toFixed(0)} million quarter rows), ${RUNS} random site/period reads each (goal: p95 < 20 ms)`,
);
out(`${'query'.padEnd(48)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p95 / baseline'.padStart(15)}`);
for (const r of results)
  out(
    `${r.name.padEnd(48)} ${r.p50.toFixed(2).padStart(8)} ${r.p95.toFixed(2).padStart(8)} ${(r.p95 / results[0]!.p95).toFixed(1).padStart(14)}×`,
  );
await jobs.close();
await redis.quit();
await db.destroy();
