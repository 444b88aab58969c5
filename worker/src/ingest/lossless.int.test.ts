/*
 * The ingest loses nothing when the services around it misbehave: the database away (a proxy of this test's own
 * cuts the ingest off; the shared MariaDB keeps running), the energy table locked, the broker restarted, the
 * subscription gone. Each on a private Mosquitto with logins and persistence, as in production.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type ProjectBroker, startProjectBroker } from '@ilumen/broker';
import { createDb, type Db } from '@ilumen/db';
import { createTestDb, type TestDb } from '@ilumen/db/testing';
import { createLogger } from '@ilumen/logger';
import { encode, sharedSubscription, type TopicKind, topics, wildcard } from '@ilumen/mqtt-contract';
import { type Actor, IngestHealthService, liveKeys, type ServiceDeps, systemClock } from '@ilumen/services';
import { until } from '@ilumen/services/testing';
import { Redis } from 'ioredis';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockTable, registerGateways } from '../testing/fixtures';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy';
import { GatewayDirectory } from './gateway-directory';
import { type Ingest, type IngestOptions, startIngest } from './ingest';
import { refusalKeys } from './refusals';

const Q = 15 * 60_000;
const serials = ['A', 'B', 'C', 'D', 'E'].map(
  (x) => `ILS-L${x}${randomBytes(3).toString('hex').toUpperCase()}`,
);
const silent = createLogger({ name: 'lossless-test', level: (process.env.TEST_LOG as 'info') ?? 'silent' });

let t: TestDb;
let broker: ProjectBroker;
let redis: Redis;
let proxy: TcpProxy;
/** The test database as the ingest sees it: through the proxy. */
let proxied: Db;
const prefix = `test-lossless-${randomBytes(4).toString('hex')}`;
const site = new Map<string, number>();
const gateway = new Map<string, number>();
const running: Ingest[] = [];
/** The console's start page reads the ingest's health from Redis (decision 152). */
let health: IngestHealthService;
const person = (kind: 'operator' | 'installer', role: 'support' | 'technician'): Actor => ({
  type: 'user',
  userId: 1,
  email: `${role}@test`,
  name: role,
  locale: 'nl',
  memberships: [{ organizationId: 1, organizationKind: kind, organizationName: kind, role }],
  readOnly: false,
  sessionId: null,
  ip: null,
  requestId: null,
});
const support = person('operator', 'support');
const installer = person('installer', 'technician');
const clients: MqttClient[] = [];

beforeAll(async () => {
  t = await createTestDb('lossless');
  broker = await startProjectBroker({
    gateways: [...serials.map((s) => ({ serial: s, password: `pw-${s}` }))],
  });
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
  health = new IngestHealthService({ redis, redisPrefix: prefix, clock: systemClock } as ServiceDeps);
  const db = new URL(t.url);
  proxy = await startTcpProxy({ host: db.hostname, port: Number(db.port || 3306) });
  db.host = `127.0.0.1:${proxy.port}`;
  proxied = createDb({ url: db.toString(), connectionLimit: 5 });
  for (const g of (await registerGateways(t.db, serials)).values()) {
    site.set(g.serial, g.siteId);
    gateway.set(g.serial, g.gatewayId);
  }
});

afterAll(async () => {
  for (const c of clients) await c.endAsync(true);
  for (const i of running) await i.stop().catch(() => undefined);
  await proxied?.destroy();
  await proxy?.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis?.quit();
  await broker?.close();
  await t?.drop();
});

async function ingestOn(db: Db, extra: Partial<IngestOptions> = {}): Promise<Ingest> {
  const ingest = await startIngest({
    db,
    redis,
    logger: silent,
    redisPrefix: prefix,
    mqttUrl: broker.url,
    mqttUsername: broker.users.ingest.username,
    mqttPassword: broker.users.ingest.password,
    shareGroup: `g${randomBytes(3).toString('hex')}`,
    clientId: `ingest-${randomBytes(3).toString('hex')}`,
    energyBatch: { maxItems: 100, maxWaitMs: 50 },
    ...extra,
  });
  running.push(ingest);
  return ingest;
}

async function gatewayClient(serial: string): Promise<MqttClient> {
  const c = await mqtt.connectAsync(broker.url, {
    clientId: `gw-${serial}`,
    username: serial,
    password: `pw-${serial}`,
    protocolVersion: 5,
  });
  clients.push(c);
  return c;
}

const energy = (i: number, base = Date.parse('2026-03-02T00:00:00Z')) =>
  encode('energy', {
    v: 1,
    ts: new Date(base + i * Q).toISOString(),
    seq: i,
    meter: { importT1Wh: 1_000_000 + 250 * i, importT2Wh: 0, exportT1Wh: 0, exportT2Wh: 0 },
  });

const counters = (serial: string) =>
  t.db
    .selectFrom('energy_counters')
    .select('ts')
    .where('site_id', '=', site.get(serial)!)
    .execute()
    .then((r) => r.length);

describe('the ingest loses nothing', () => {
  it('keeps answering for gateways it knows while the database is away, and asks again for one it never saw', async () => {
    let clock = Date.parse('2026-03-02T12:00:00Z');
    const directory = new GatewayDirectory(proxied, () => clock, 60_000);
    const known = await directory.resolve(serials[0]!);
    expect(known).toMatchObject({ gatewayId: gateway.get(serials[0]!), siteId: site.get(serials[0]!) });
    proxy.cut();
    try {
      clock += 5 * 60_000;
      expect(await directory.resolve(serials[0]!)).toEqual(known);
      await expect(directory.resolve(serials[1]!)).rejects.toThrow();
    } finally {
      proxy.restore();
    }
    expect(await directory.resolve(serials[1]!)).toMatchObject({
      gatewayId: gateway.get(serials[1]!),
      siteId: site.get(serials[1]!),
    });
  });

  it('writes what arrives while the database is away once it is back, for a gateway it had not seen yet too', async () => {
    const ingest = await ingestOn(proxied);
    const [a, b] = [serials[0]!, serials[1]!];
    const gwA = await gatewayClient(a);
    const gwB = await gatewayClient(b);
    await gwA.publishAsync(topics.energy(a), energy(0), { qos: 1 });
    expect(
      await until(
        () => counters(a),
        (n) => n === 1,
      ),
    ).toBe(1);

    proxy.cut();
    try {
      await gwA.publishAsync(topics.energy(a), energy(1), { qos: 1 });
      await gwB.publishAsync(topics.energy(b), energy(0), { qos: 1 });
      await gwB.publishAsync(
        topics.event(b),
        encode('event', {
          v: 1,
          id: randomUUID(),
          ts: '2026-03-02T00:03:00.000Z',
          type: 'device.status',
          deviceId: 'bat1',
          deviceType: 'battery',
          from: 'Standby',
          to: 'Laden',
        }),
        { qos: 1 },
      );
      // the ingest has tried and is waiting, these three unacknowledged (a loaded run once had a fourth waiting with
      // them; what counts is that all of it is written once the database is back, and acknowledged)
      const waiting = await until(
        async () => ingest.health().unacked,
        (n) => n >= 3,
      );
      expect(waiting).toBeGreaterThanOrEqual(3);
    } finally {
      proxy.restore();
    }
    expect(
      await until(
        () => counters(a),
        (n) => n === 2,
      ),
    ).toBe(2);
    expect(
      await until(
        () => counters(b),
        (n) => n === 1,
      ),
    ).toBe(1);
    const events = await until(
      () => t.db.selectFrom('events').select('type').where('site_id', '=', site.get(b)!).execute(),
      (e) => e.length === 1,
    );
    expect(events).toEqual([{ type: 'device.status' }]);
    expect(await redis.llen(refusalKeys(prefix).perGateway(b))).toBe(0);
    expect(
      await until(
        async () => ingest.health().unacked,
        (n) => n === 0,
      ),
    ).toBe(0);
    await ingest.stop();
  });

  it('stops taking messages at its receive maximum while the energy table is locked, and writes them all after', async () => {
    const c = serials[2]!;
    const ingest = await ingestOn(t.db, { receiveMaximum: 20 });
    const gw = await gatewayClient(c);
    const lock = await lockTable(t.db, 'energy_counters');
    try {
      for (let i = 0; i < 100; i++) await gw.publishAsync(topics.energy(c), energy(i), { qos: 1 });
      const held = await until(
        async () => ingest.health().unacked,
        (n) => n === 20,
      );
      expect(held).toBe(20);
      // the broker keeps the rest for the ingest: it has been sent no more than its receive maximum
      expect((ingest.stats() as { acks: { received: number } }).acks.received).toBe(20);
    } finally {
      await lock.unlock();
    }
    expect(
      await until(
        () => counters(c),
        (n) => n === 100,
        60_000,
      ),
    ).toBe(100);
    const quarters = await t.db
      .selectFrom('energy_qh')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('import_wh').as('wh')])
      .where('site_id', '=', site.get(c)!)
      .executeTakeFirstOrThrow();
    expect({ n: Number(quarters.n), wh: Number(quarters.wh) }).toEqual({ n: 99, wh: 99 * 250 });
    await ingest.stop();
  });

  it('subscribes again after a broker restart that kept its session but lost the shared subscription', async () => {
    const d = serials[3]!;
    const ingest = await ingestOn(t.db);
    await broker.stop();
    await until(
      async () => ingest.health().connected,
      (up) => !up,
    );
    await broker.start();
    expect(await until(async () => ingest.health().subscribed, Boolean, 30_000)).toBe(true);
    const gw = await gatewayClient(d);
    await gw.publishAsync(topics.energy(d), energy(0), { qos: 1 });
    expect(
      await until(
        () => counters(d),
        (n) => n === 1,
      ),
    ).toBe(1);
    await ingest.stop();
  });

  it('notices when it hears nothing from a fleet that should be talking, and subscribes again', async () => {
    const e = serials[4]!;
    const group = `g${randomBytes(3).toString('hex')}`;
    const ingest = await ingestOn(t.db, { shareGroup: group, silentAfterMs: 1000 });
    // the broker forgets the ingest's subscription behind its back
    const kinds: TopicKind[] = ['state', 'live', 'energy', 'event', 'cmdRes', 'configAck', 'otaStatus'];
    await ingest.client.unsubscribeAsync(kinds.map((k) => sharedSubscription(group, wildcard(k))));
    const gw = await gatewayClient(e);
    const since = Date.now();
    const send = setInterval(() => {
      gw.publish(topics.live(e), encode('live', { v: 1, ts: new Date().toISOString(), pv: { w: 1000 } }));
    }, 200);
    try {
      const silences = await until(
        async () => (ingest.stats() as { outcomes: { silences: number } }).outcomes.silences,
        (n) => n >= 1,
      );
      expect(silences).toBeGreaterThanOrEqual(1);
      // reported where a console or an exporter reads it (the console's start page, for the support desk), at the
      // moment it was noticed
      const seen = await until(
        () => health.overview(support),
        (o) => o.state === 'silent',
        5000,
        10,
      );
      expect(seen).toMatchObject({ state: 'silent', processes: 1 });
      const latest = await until(
        () => redis.get(liveKeys(prefix).latest(site.get(e)!)),
        (v) => v !== null && Date.parse(JSON.parse(v).receivedAt) > since,
        30_000,
      );
      expect(latest).not.toBeNull();
      expect(ingest.health()).toMatchObject({ connected: true, subscribed: true, silent: false });
      // hearing the fleet again, it says so at once
      const back = await until(
        () => health.overview(support),
        (o) => o.state === 'ok',
        5000,
      );
      expect(back.lastMessageAgeMs).toBeLessThan(15_000);
      // an installer is not told how the platform is doing
      await expect(health.overview(installer)).rejects.toMatchObject({ code: 'forbidden' });
    } finally {
      clearInterval(send);
    }
    await ingest.stop();
    // a process that stopped leaves the page at once: nobody stores what the gateways send
    expect(await health.overview(support)).toMatchObject({ state: 'none', processes: 0 });
  });
});
