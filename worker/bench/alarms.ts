import { randomBytes } from 'node:crypto';
import { sql } from '@ilumen/db';
import { createTestDb } from '@ilumen/db/testing';
import { AlarmEvaluator, gatewayKeys } from '@ilumen/services';
import { Redis } from 'ioredis';

/**
 * One alarm evaluation pass over 100,000 gateways of active sites (decisions 040–042, decision 041): time per pass when a
 * pass raises the alarms of a bad hour (1 % device faults, 2 % offline, 1 % without P1, Modbus errors, refusals,
 * ended mandates) and in the steady state after it, next to two floors measured in the same run: reading every
 * gateway row once, and reading the live-seen scores once — the least any pass over the fleet must do.
 */
const GATEWAYS = Number(process.env.BENCH_GATEWAYS ?? 100_000);
const PASSES = Number(process.env.BENCH_PASSES ?? 5);
const out = (s: string) => process.stdout.write(`${s}\n`);

const t = await createTestDb('bench_alarms', { connectionLimit: 8 });
const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
const prefix = `bench-alarms-${randomBytes(3).toString('hex')}`;
const now = new Date();
const clock = { now: () => now };
try {
  const db = t.db;
  const started = performance.now();
  const orgs: number[] = [];
  for (let i = 0; i < 40; i++)
    orgs.push(
      Number(
        (
          await db
            .insertInto('organizations')
            .values({ kind: 'installer', name: `Installateur ${i}` })
            .executeTakeFirstOrThrow()
        ).insertId,
      ),
    );
  const keys = gatewayKeys(prefix);
  const hourAgo = new Date(now.getTime() - 3600_000);
  for (let from = 0; from < GATEWAYS; from += 2000) {
    const n = Math.min(GATEWAYS, from + 2000) - from;
    const idx = Array.from({ length: n }, (_, k) => from + k);
    const first = Number(
      (
        await db
          .insertInto('sites')
          .values(
            idx.map((i) => ({
              organization_id: orgs[i % 40]!,
              street: 'Kerkstraat',
              house_number: String(i % 250),
              postal_code: '9000',
              city: 'Gent',
            })),
          )
          .executeTakeFirstOrThrow()
      ).insertId,
    );
    const gw = Number(
      (
        await db
          .insertInto('gateways')
          .values(
            idx.map((i, k) => ({
              serial: `ILS-A${String(i).padStart(8, '0')}`,
              organization_id: orgs[i % 40]!,
              site_id: first + k,
              online: i % 50 !== 0,
              online_changed_at: hourAgo,
              last_seen_at: i % 50 !== 0 ? now : hourAgo,
            })),
          )
          .executeTakeFirstOrThrow()
      ).insertId,
    );
    await db
      .insertInto('devices')
      .values(
        idx.flatMap((i, k) => [
          {
            site_id: first + k,
            gateway_id: gw + k,
            type: 'battery' as const,
            model: 'iLubat',
            serial: `B${i}`,
            device_key: 'bat1',
            active_since: '2026-01-01',
            status: i % 100 === 7 ? 'Fout' : 'Laden',
            status_code: i % 100 === 7 ? '101' : null,
            status_text: i % 100 === 7 ? 'Overtemperatuur' : null,
            status_changed_at: hourAgo,
          },
          {
            site_id: first + k,
            gateway_id: gw + k,
            type: 'inverter' as const,
            model: 'SunSpec',
            serial: `I${i}`,
            device_key: 'inv1',
            active_since: '2026-01-01',
            status: 'OK',
            status_changed_at: hourAgo,
          },
        ]),
      )
      .execute();
    // Live values from every online site, P1 missing on 1 % of them for half an hour.
    const live: Array<string | number> = [];
    const p1: Array<string | number> = [];
    idx.forEach((i, k) => {
      if (i % 50 === 0) return;
      live.push(now.getTime() - 3000, first + k);
      p1.push(i % 100 === 3 ? now.getTime() - 1800_000 : now.getTime() - 3000, first + k);
    });
    if (live.length) await redis.zadd(keys.liveSeen, ...live);
    if (p1.length) await redis.zadd(keys.p1Seen, ...p1);
    // Modbus errors on 0.2 % of the sites, refusals from 0.05 % of the gateways, ended mandates on 0.1 %.
    const errors = idx.filter((i) => i % 500 === 11);
    if (errors.length) {
      await db
        .insertInto('events')
        .values(
          errors.flatMap((i) =>
            Array.from({ length: 6 }, (_, e) => ({
              site_id: first + (i - from),
              gateway_id: gw + (i - from),
              uid: `${String(i).padStart(8, '0')}-0000-4000-8000-00000000000${e}`,
              ts: now,
              type: 'modbus.error',
              device_key: 'inv1',
              payload: JSON.stringify({ code: 'timeout', message: 'no answer' }),
              received_at: now,
            })),
          ),
        )
        .execute();
    }
    for (const i of idx.filter((x) => x % 2000 === 5)) {
      const serial = `ILS-A${String(i).padStart(8, '0')}`;
      for (let r = 0; r < 6; r++)
        await redis.lpush(
          keys.refused(serial),
          JSON.stringify({ at: now.toISOString(), topic: 'x', reason: 'bad payload', sample: '{}' }),
        );
      await redis.zadd(keys.refusedRecent, now.getTime(), serial);
    }
    const ended = idx.filter((i) => i % 1000 === 13);
    if (ended.length)
      await db
        .insertInto('fluvius_mandates')
        .values(
          ended.map((i) => ({
            reference_number: `ref${i}`,
            origin: 'console' as const,
            site_id: first + (i - from),
            ean: `5414${String(i).padStart(14, '0')}`,
            status: 'expired' as const,
          })),
        )
        .execute();
  }
  for (const table of ['gateways', 'sites', 'devices', 'events', 'fluvius_mandates'])
    await sql.raw(`ANALYZE TABLE ${table}`).execute(db);
  out(
    `seeded ${GATEWAYS.toLocaleString('en')} gateways, ${(2 * GATEWAYS).toLocaleString('en')} devices in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const time = async (fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    const r = await fn();
    return { ms: performance.now() - t0, r };
  };
  const floorRows = await time(() =>
    db
      .selectFrom('gateways as g')
      .innerJoin('sites as s', 's.id', 'g.site_id')
      .select(['g.id', 'g.serial', 'g.site_id', 'g.online', 'g.online_changed_at', 's.organization_id'])
      .where('s.status', '=', 'active')
      .execute(),
  );
  const floorRedis = await time(() => redis.zrange(keys.liveSeen, '0', '-1', 'WITHSCORES'));

  const evaluator = new AlarmEvaluator({ db, redis, redisPrefix: prefix, clock });
  const passes: Array<{ ms: number; raised: number; cleared: number; open: number; conditions: number }> = [];
  for (let p = 0; p < PASSES; p++) {
    const { ms, r } = await time(() => evaluator.pass());
    passes.push({ ms, ...(r as { raised: number; cleared: number; open: number; conditions: number }) });
  }
  const steady = passes
    .slice(1)
    .map((p) => p.ms)
    .sort((a, b) => a - b);
  out(
    `\nalarm evaluation, ${GATEWAYS.toLocaleString('en')} gateways (${PASSES} passes; one pass a minute in production)`,
  );
  out(`${'what'.padEnd(58)} ${'ms'.padStart(9)}`);
  out(
    `${'floor: read every gateway of an active site (one query)'.padEnd(58)} ${floorRows.ms.toFixed(0).padStart(9)}`,
  );
  out(
    `${'floor: read the live-seen scores of every site (Redis)'.padEnd(58)} ${floorRedis.ms.toFixed(0).padStart(9)}`,
  );
  out(
    `${`first pass: raises ${passes[0]!.raised.toLocaleString('en')} alarms (${passes[0]!.conditions.toLocaleString('en')} conditions)`.padEnd(58)} ${passes[0]!.ms.toFixed(0).padStart(9)}`,
  );
  out(
    `${`steady pass (median of ${steady.length}), ${passes.at(-1)!.open.toLocaleString('en')} open alarms`.padEnd(58)} ${(steady[Math.floor(steady.length / 2)] ?? Number.NaN).toFixed(0).padStart(9)}`,
  );
  out(`${'steady pass (worst)'.padEnd(58)} ${(steady.at(-1) ?? Number.NaN).toFixed(0).padStart(9)}`);
} finally {
  const left = await redis.keys(`${prefix}:*`);
  if (left.length) await redis.del(...left);
  await redis.quit();
  await t.drop();
}
