/*
 * kill -9 of the worker between receiving messages and committing them: the broker still has them (they were not
 * acknowledged) and sends them again to the restarted worker; what had already been committed comes again too and is
 * not counted twice. The worker is the real `src/main.ts` in a process of its own.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type ProjectBroker, startProjectBroker } from '@ilumen/broker';
import { sql } from '@ilumen/db';
import { createTestDb, type TestDb } from '@ilumen/db/testing';
import { encode, type PayloadInput, topics } from '@ilumen/mqtt-contract';
import { until } from '@ilumen/services/testing';
import { Redis } from 'ioredis';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdSiteCounters, registerGateways } from '../testing/fixtures';
import { spawnWorker, type WorkerProcess } from '../testing/worker-process';

const Q = 15 * 60_000;
const serial = `ILS-K${randomBytes(4).toString('hex').toUpperCase()}`;
const prefix = `test-crash-${randomBytes(4).toString('hex')}`;
const BASE = Date.parse('2026-03-02T08:00:00Z');

let t: TestDb;
let broker: ProjectBroker;
let gw: MqttClient;
let siteId: number;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  t = await createTestDb('crash');
  broker = await startProjectBroker({
    gateways: [{ serial, password: 'gw-pw' }],
  });
  siteId = (await registerGateways(t.db, [serial])).get(serial)!.siteId;
  gw = await mqtt.connectAsync(broker.url, {
    clientId: `gw-${serial}`,
    username: serial,
    password: 'gw-pw',
    protocolVersion: 5,
  });
});

afterAll(async () => {
  await worker?.kill('SIGKILL');
  await gw?.endAsync(true);
  const redis = new Redis({ host: '127.0.0.1', port: 6379 });
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await broker?.close();
  await t?.drop();
});

function startWorker(): WorkerProcess {
  return spawnWorker({
    DATABASE_URL: t.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: prefix,
    ...broker.envFor('worker'),
    INGEST_MQTT_USERNAME: broker.users.ingest.username,
    INGEST_MQTT_PASSWORD: broker.users.ingest.password,
    INGEST_CLIENT_ID: `crash-ingest-${prefix}`,
    INGEST_SHARE_GROUP: 'crash',
    ROLLOUTS_ENABLED: 'false',
    CONTROL_ENABLED: 'false',
  });
}

const session = { sessionId: 's-crash-1', chargerId: 'charger1', mode: 'fast' as const };
const event = (type: string, minutes: number, extra: Record<string, unknown> = {}) =>
  encode('event', {
    v: 1,
    id: randomUUID(),
    ts: new Date(BASE + minutes * 60_000).toISOString(),
    type,
    ...session,
    ...extra,
  } as PayloadInput<'event'>);

describe('a worker killed between receiving and committing', () => {
  it('gets the messages again after its restart, and counts nothing twice', async () => {
    worker = startWorker();
    await worker.waitForLog(/ingest subscribed/);

    // The site's counters are held by another transaction: the energy batch waits on them; the events are committed
    // but, coming after the energy in arrival order, not acknowledged yet.
    const hold = await holdSiteCounters(t.db, siteId);
    try {
      for (let i = 0; i <= 8; i++) {
        await gw.publishAsync(
          topics.energy(serial),
          encode('energy', {
            v: 1,
            ts: new Date(BASE + i * Q).toISOString(),
            seq: i,
            meter: { importT1Wh: 500_000 + 400 * i, importT2Wh: 0, exportT1Wh: 0, exportT2Wh: 0 },
            chargers: [{ id: 'charger1', wh: 20_000 + 300 * i }],
          }),
          { qos: 1 },
        );
      }
      await gw.publishAsync(topics.event(serial), event('charge.session.start', 5), { qos: 1 });
      await gw.publishAsync(topics.event(serial), event('charge.session.energy', 60, { energyWh: 1200 }), {
        qos: 1,
      });
      await gw.publishAsync(
        topics.event(serial),
        event('charge.session.stop', 115, { energyWh: 2300, reason: 'ev_disconnected' }),
        { qos: 1 },
      );
      // the worker has the energy and waits for the table; its session events are in
      const waiting = await until(
        () =>
          sql<{ n: number }>`SELECT COUNT(*) AS n FROM information_schema.innodb_trx x
            JOIN information_schema.processlist p ON p.id = x.trx_mysql_thread_id
            WHERE p.db = DATABASE() AND x.trx_state = 'LOCK WAIT'`
            .execute(t.db)
            .then((r) => Number(r.rows[0]?.n ?? 0)),
        (n) => n > 0,
        30_000,
        // read once a second: reading InnoDB's transaction list 20 times a second kept the ingest's insert from
        // reaching its lock wait at all
        1000,
      );
      expect(waiting).toBeGreaterThan(0);
      const session = await until(
        () => t.db.selectFrom('charge_sessions').select(['ended_at']).where('site_id', '=', siteId).execute(),
        (rows) => rows.length === 1 && rows[0]!.ended_at !== null,
      );
      expect(session).toHaveLength(1);
      await worker.kill('SIGKILL');
    } finally {
      await hold.release();
    }
    expect(await t.db.selectFrom('energy_counters').select('ts').execute()).toEqual([]);

    worker = startWorker();
    await worker.waitForLog(/ingest subscribed/);
    const counters = await until(
      () => t.db.selectFrom('energy_counters').select('ts').where('site_id', '=', siteId).execute(),
      (rows) => rows.length === 9,
    );
    expect(counters).toHaveLength(9);
    const quarters = await t.db
      .selectFrom('energy_qh')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('import_wh').as('wh')])
      .where('site_id', '=', siteId)
      .executeTakeFirstOrThrow();
    expect({ n: Number(quarters.n), wh: Number(quarters.wh) }).toEqual({ n: 8, wh: 8 * 400 });
    const day = await t.db
      .selectFrom('energy_day')
      .select(['import_wh', 'grid_quarters'])
      .where('site_id', '=', siteId)
      .executeTakeFirstOrThrow();
    expect({ wh: Number(day.import_wh), quarters: Number(day.grid_quarters) }).toEqual({
      wh: 8 * 400,
      quarters: 8,
    });
    // the session events came again (they had not been acknowledged): still one session, its energy once
    await until(
      () => t.db.selectFrom('events').select('uid').where('site_id', '=', siteId).execute(),
      (rows) => rows.length === 3,
    );
    const sessions = await t.db
      .selectFrom('charge_sessions')
      .select(['session_uid', 'energy_wh', 'stop_reason'])
      .where('site_id', '=', siteId)
      .execute();
    expect(sessions).toEqual([{ session_uid: 's-crash-1', energy_wh: 2300, stop_reason: 'ev_disconnected' }]);
    await worker.kill('SIGTERM');
  }, 180_000);
});
