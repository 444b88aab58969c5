import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProjectBroker } from '@ilumen/broker';
import { sql, writeJson } from '@ilumen/db';
import { createTestDb } from '@ilumen/db/testing';
import { createLogger } from '@ilumen/logger';
import { Redis } from 'ioredis';
import mqtt from 'mqtt';
import { startIngest } from '../src/ingest/ingest';

/**
 * Ingest throughput and lag: simulated gateways → Mosquitto → ingest → MySQL and Redis, next to two ceilings measured
 * in the same run: the broker's raw publish-to-receive rate, and batched INSERTs of the same rows straight into MySQL
 * (plus the same Redis writes). Goals (decision 150): ≥ 20,000 messages/s sustained (100,000 gateways at a 5-second
 * live interval) and ≥ 0.5 of the INSERT ceiling, with lag p99 < 1 s. The ladder runs twice, acknowledging QoS 1
 * messages after their commit (the product, decision 115) and on receipt (before it), to show what the later
 * acknowledgement costs. The machine's load average is printed with the figures: on a shared machine they move with it.
 */
// The project's broker (logins and rights as in production); the publisher plays every gateway on one login.
const broker = await startProjectBroker({ persistence: false, loadGenerator: true });
const MQTT_URL = broker.url;
const LOAD_URL = broker.loadGenerator!.url;
const GATEWAYS = Number(process.env.BENCH_GATEWAYS ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const here = path.dirname(fileURLToPath(import.meta.url));
const out = (s: string) => process.stdout.write(`${s}\n`);
const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};

function publisher(
  serials: string[],
  rate: number,
  seconds: number,
  mode = 'ingest',
  start = '2026-01-05T00:00:00Z',
) {
  const file = path.join(tmpdir(), `bench-pub-${randomBytes(4).toString('hex')}.json`);
  return new Promise<{ count: number; seconds: number; sent: Array<[string, string, number]> }>(
    (resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(here, 'publisher.ts'),
          LOAD_URL,
          serials.join(','),
          String(rate),
          String(seconds),
          file,
          mode,
          start,
        ],
        { stdio: 'inherit' },
      );
      child.once('exit', (code) => {
        if (code !== 0) return reject(new Error(`publisher exited ${code}`));
        const r = JSON.parse(readFileSync(file, 'utf8'));
        rmSync(file);
        resolve(r);
      });
    },
  );
}

/**
 * Where each step's simulated quarters start: a month apart (a step is hours of quarters at most), and in the past,
 * or the ingest would set them aside as from the future (decision 090) instead of writing them.
 */
const stepStart = (step: number) =>
  new Date(Date.parse('2022-01-03T00:00:00Z') + step * 30 * 86_400_000).toISOString();

const t = await createTestDb('bench_ingest');
const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
const prefix = `bench-ingest-${randomBytes(3).toString('hex')}`;
try {
  const org = await t.db
    .insertInto('organizations')
    .values({ kind: 'installer', name: 'Bench' })
    .executeTakeFirstOrThrow();
  const serials = Array.from({ length: GATEWAYS }, (_, i) => `ILS-B${String(i).padStart(7, '0')}`);
  for (let i = 0; i < GATEWAYS; i += 1000) {
    await t.db
      .insertInto('sites')
      .values(
        serials.slice(i, i + 1000).map(() => ({
          organization_id: Number(org.insertId),
          street: 'S',
          house_number: '1',
          postal_code: '9000',
          city: 'Gent',
        })),
      )
      .execute();
  }
  const sites = await t.db.selectFrom('sites').select('id').orderBy('id').execute();
  for (let i = 0; i < GATEWAYS; i += 1000) {
    await t.db
      .insertInto('gateways')
      .values(
        serials
          .slice(i, i + 1000)
          .map((serial, j) => ({ serial, site_id: sites[i + j]!.id, organization_id: Number(org.insertId) })),
      )
      .execute();
  }

  // 1. The broker alone: publish → receive, nothing done with the message.
  const raw = await mqtt.connectAsync(LOAD_URL, { clientId: `bench-raw-${process.pid}`, protocolVersion: 5 });
  let rawCount = 0;
  raw.on('message', () => rawCount++);
  await raw.subscribeAsync('bench/raw/#', { qos: 0 });
  const rawRun = await publisher(serials, 0, SECONDS, 'raw');
  await new Promise((r) => setTimeout(r, 500));
  await raw.endAsync();
  const rawRate = rawCount / rawRun.seconds;

  // 2. The ingest under a ladder of offered rates: a rate is sustained when everything published is written within
  //    two seconds of the end and the live lag stays under a second. Once per way of acknowledging.
  type Step = {
    rate: number;
    published: number;
    written: number;
    perSecond: number;
    liveP50: number;
    liveP99: number;
    energyP50: number;
    energyP99: number;
    sustained: boolean;
  };
  const rates = (process.env.BENCH_RATES ?? '2000,5000,10000,15000,20000,25000,30000').split(',').map(Number);
  const modes = (process.env.BENCH_ACK ?? 'after-commit,on-receipt').split(',') as Array<
    'after-commit' | 'on-receipt'
  >;
  const loadBefore = loadavg()[0]!;
  let stepNo = 0;
  let quarters = 0;
  const ladders = new Map<string, Step[]>();
  const drains = new Map<string, { messages: number; perSecond: number }>();
  for (const mode of modes) {
    const ingestOptions = {
      db: t.db,
      redis,
      logger: createLogger({ name: 'bench', level: 'warn' }),
      redisPrefix: prefix,
      mqttUrl: MQTT_URL,
      mqttUsername: broker.users.ingest.username,
      mqttPassword: broker.users.ingest.password,
      shareGroup: `bench${randomBytes(3).toString('hex')}`,
      clientId: `bench-ingest-${randomBytes(3).toString('hex')}`,
    };
    const ingest = await startIngest({ ...ingestOptions, acknowledge: mode });
    const processed = () => {
      const s = ingest.stats() as {
        live: { flushed: number; coalesced: number };
        energy: { flushed: number };
      };
      // a live value replaced by the same site's newer one while waiting is handled too (only the newest counts)
      return s.live.flushed + s.live.coalesced + s.energy.flushed;
    };
    const lagSub = new Redis({ host: '127.0.0.1', port: 6379 });
    let liveLags: number[] = [];
    lagSub.on('pmessage', (_p, _c, m) =>
      liveLags.push(Date.now() - Date.parse((JSON.parse(m) as { live: { ts: string } }).live.ts)),
    );
    await lagSub.psubscribe(`${prefix}:live:*`);
    const ladder: Step[] = [];
    for (const rate of rates) {
      liveLags = [];
      await t.db.deleteFrom('energy_counters').execute();
      const before = processed();
      const t0 = Date.now();
      const run = await publisher(serials, rate, SECONDS, 'ingest', stepStart(stepNo++));
      const deadline = Date.now() + 2000;
      while (processed() - before < run.count && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      const written = processed() - before;
      const seconds = (Date.now() - t0) / 1000;
      const received = await t.db
        .selectFrom('energy_counters as c')
        .innerJoin('gateways as g', 'g.id', 'c.gateway_id')
        .select(['g.serial', 'c.ts', 'c.received_at'])
        .execute();
      const at = new Map(received.map((r) => [`${r.serial}|${r.ts.toISOString()}`, r.received_at.getTime()]));
      const energyLags = run.sent
        .map(([sr, ts, sentAt]) => (at.get(`${sr}|${ts}`) ?? Number.NaN) - sentAt)
        .filter((x) => Number.isFinite(x));
      const row = {
        rate,
        published: run.count,
        written,
        perSecond: written / seconds,
        liveP50: pct(liveLags, 0.5),
        liveP99: pct(liveLags, 0.99),
        energyP50: pct(energyLags, 0.5),
        energyP99: pct(energyLags, 0.99),
        sustained: written >= run.count * 0.99 && pct(liveLags, 0.99) < 1000 && pct(energyLags, 0.99) < 1000,
      };
      ladder.push(row);
      // Let a backlog from an unsustained rate drain before the next step.
      const drainUntil = Date.now() + 60_000;
      let last = -1;
      while (Date.now() < drainUntil && processed() !== last) {
        last = processed();
        await new Promise((r) => setTimeout(r, 1000));
      }
      if (!row.sustained) break;
    }
    ladders.set(mode, ladder);
    await lagSub.quit();
    await ingest.stop();

    // 3. Throughput without a publisher's pace: energy messages wait in the ingest's session while it is stopped,
    //    then it starts again and writes them as fast as it can.
    await t.db.deleteFrom('energy_counters').execute();
    const backlog = await publisher(serials, 0, Math.max(2, SECONDS / 2), 'energy', stepStart(stepNo++));
    const again = await startIngest({ ...ingestOptions, acknowledge: mode });
    const d0 = Date.now();
    let drained = 0;
    const drainUntil = Date.now() + 180_000;
    while (drained < backlog.count && Date.now() < drainUntil) {
      await new Promise((r) => setTimeout(r, 100));
      drained = (again.stats() as { energy: { flushed: number } }).energy.flushed;
    }
    drains.set(mode, { messages: drained, perSecond: drained / ((Date.now() - d0) / 1000) });
    await again.stop();
    quarters += Number(
      (
        await t.db
          .selectFrom('energy_qh')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    await t.db.deleteFrom('energy_qh').execute();
  }
  const loadDuring = loadavg()[0]!;

  // 4. Ceiling: the same rows written straight into MySQL in batches, and the same Redis writes, no MQTT, no checks.
  const ceilingMessages = 200_000;
  const energyRows = Math.round(ceilingMessages / 4);
  const liveRows = ceilingMessages - energyRows;
  await t.db.deleteFrom('energy_counters').execute();
  await t.db.deleteFrom('energy_qh').execute();
  const c0 = Date.now();
  for (let i = 0; i < energyRows; i += 1000) {
    const n = Math.min(1000, energyRows - i);
    const rows = Array.from({ length: n }, (_, j) => ({
      site: sites[(i + j) % GATEWAYS]!.id,
      ts: new Date(Date.parse('2026-01-05T00:00:00Z') + Math.floor((i + j) / GATEWAYS) * 900_000),
    }));
    await t.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('energy_counters')
        .values(
          rows.map((r) => ({
            site_id: r.site,
            ts: r.ts,
            gateway_id: 1,
            seq: 1,
            counters: writeJson({ meter: { importT1Wh: 1 } })!,
          })),
        )
        .execute();
      await trx
        .insertInto('energy_qh')
        .values(
          rows.map((r) => ({
            site_id: r.site,
            ts: r.ts,
            import_wh: 250,
            export_wh: 0,
            gw_import_wh: 250,
            gw_export_wh: 0,
            grid_source: 'gateway' as const,
            grid_quality: 'measured' as const,
          })),
        )
        .execute();
      await trx
        .insertInto('energy_day')
        .values(rows.map((r) => ({ site_id: r.site, day: r.ts.toISOString().slice(0, 10), import_wh: 250 })))
        .onDuplicateKeyUpdate({ import_wh: sql<number>`import_wh + VALUES(import_wh)` })
        .execute();
    });
  }

  const c1 = Date.now();
  for (let i = 0; i < liveRows; i += 1000) {
    const multi = redis.multi();
    for (let j = 0; j < Math.min(1000, liveRows - i); j++) {
      multi.set(
        `${prefix}:ceiling:${j % GATEWAYS}`,
        '{"v":1,"ts":"x","grid":{"importW":1,"exportW":0}}',
        'EX',
        60,
      );
      multi.publish(`${prefix}:ceiling:${j % GATEWAYS}`, 'x');
    }
    await multi.exec();
  }
  const c2 = Date.now();
  const ceiling = ceilingMessages / ((c2 - c0) / 1000);
  const energyCeiling = energyRows / ((c1 - c0) / 1000);

  out(
    `\ningest, ${GATEWAYS.toLocaleString('en')} gateways, ${SECONDS} s per step, message mix 3 live : 1 energy; load average ${loadBefore.toFixed(1)} before, ${loadDuring.toFixed(1)} after the ladders (2 cores)`,
  );
  out(
    `broker raw publish→receive (ceiling):                ${Math.round(rawRate).toLocaleString('en')} msg/s`,
  );
  out(
    `straight batched INSERTs + Redis writes (ceiling):   ${Math.round(ceiling).toLocaleString('en')} msg/s (energy rows alone: ${Math.round(energyCeiling).toLocaleString('en')}/s)`,
  );
  const best = (mode: string) => [...(ladders.get(mode) ?? [])].reverse().find((r) => r.sustained);
  for (const [mode, ladder] of ladders) {
    out(`\nacknowledged ${mode}`);
    out(
      `${'offered msg/s'.padStart(14)} ${'written msg/s'.padStart(14)} ${'live p50/p99 ms'.padStart(16)} ${'energy p50/p99 ms'.padStart(18)}  sustained`,
    );
    for (const r of ladder) {
      out(
        `${r.rate.toLocaleString('en').padStart(14)} ${Math.round(r.perSecond).toLocaleString('en').padStart(14)} ${`${r.liveP50}/${r.liveP99}`.padStart(16)} ${`${r.energyP50}/${r.energyP99}`.padStart(18)}  ${r.sustained ? 'yes' : 'no'}`,
      );
    }
    const drain = drains.get(mode);
    if (drain)
      out(
        `energy backlog of ${drain.messages.toLocaleString('en')} written at ${Math.round(drain.perSecond).toLocaleString('en')} msg/s: ${(drain.perSecond / energyCeiling).toFixed(2)} of straight INSERTs of the same rows`,
      );
    const top = best(mode);
    out(
      `highest sustained rate: ${top ? top.rate.toLocaleString('en') : 'none'} msg/s (goal ≥ 20,000, lag p99 < 1,000 ms); ratio to broker / INSERT ceiling: ${top ? (top.perSecond / rawRate).toFixed(2) : '-'} / ${top ? (top.perSecond / ceiling).toFixed(2) : '-'} (goal ≥ 0.5 of the INSERT ceiling)`,
    );
  }
  const late = best('after-commit');
  const early = best('on-receipt');
  if (late && early)
    out(
      `\ncost of acknowledging after the commit: highest sustained ${late.rate.toLocaleString('en')} vs ${early.rate.toLocaleString('en')} msg/s on receipt; energy lag p99 there ${late.energyP99} vs ${early.energyP99} ms`,
    );
  out(`quarters derived: ${quarters.toLocaleString('en')}`);
} finally {
  const keys = await redis.keys(`${prefix}:*`);
  for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
  await redis.quit();
  await t.drop();
  await broker.close();
}
