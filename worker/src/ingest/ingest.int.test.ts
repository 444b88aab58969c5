import { randomBytes, randomUUID } from 'node:crypto';
import { type ProjectBroker, startProjectBroker } from '@ilumen/broker';
import { createTestDb, type TestDb } from '@ilumen/db/testing';
import { createLogger } from '@ilumen/logger';
import { encode, topics } from '@ilumen/mqtt-contract';
import { liveKeys } from '@ilumen/services';
import { until } from '@ilumen/services/testing';
import { Redis } from 'ioredis';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Ingest, startIngest } from './ingest';
import { refusalKeys } from './refusals';

let t: TestDb;
let broker: ProjectBroker;
let strangerGw: MqttClient;
let redis: Redis;
let ingest: Ingest;
let gw: MqttClient;
const prefix = `test-ingest-${randomBytes(4).toString('hex')}`;
const serial = `ILS-T${randomBytes(4).toString('hex').toUpperCase()}`;
const stranger = `ILS-X${randomBytes(4).toString('hex').toUpperCase()}`;
let siteId: number;
let gatewayId: number;
let batteryId: number;

beforeAll(async () => {
  t = await createTestDb('ingest');
  broker = await startProjectBroker({ persistence: false });
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
  const org = await t.db
    .insertInto('organizations')
    .values({ kind: 'installer', name: 'I' })
    .executeTakeFirstOrThrow();
  const site = await t.db
    .insertInto('sites')
    .values({
      organization_id: Number(org.insertId),
      street: 'S',
      house_number: '1',
      postal_code: '9000',
      city: 'Gent',
      // 3 × 32 A: 22 kW, 27.6 kW with the plausibility margin (decision 090)
      grid_phases: 3,
      main_fuse_a: 32,
    })
    .executeTakeFirstOrThrow();
  siteId = Number(site.insertId);
  gatewayId = Number(
    (
      await t.db
        .insertInto('gateways')
        .values({ serial, site_id: siteId, organization_id: Number(org.insertId) })
        .executeTakeFirstOrThrow()
    ).insertId,
  );
  batteryId = Number(
    (
      await t.db
        .insertInto('devices')
        .values({
          site_id: siteId,
          gateway_id: gatewayId,
          type: 'battery',
          model: 'iLubat',
          serial: `B-${serial}`,
          active_since: '2026-01-01',
          device_key: 'bat-1',
        })
        .executeTakeFirstOrThrow()
    ).insertId,
  );
  ingest = await startIngest({
    db: t.db,
    redis,
    logger: createLogger({ name: 'ingest-test', level: 'silent' }),
    redisPrefix: prefix,
    mqttUrl: broker.url,
    mqttUsername: broker.users.ingest.username,
    mqttPassword: broker.users.ingest.password,
    shareGroup: `g${randomBytes(4).toString('hex')}`,
    clientId: `ingest-test-${randomBytes(4).toString('hex')}`,
    energyBatch: { maxItems: 100, maxWaitMs: 50 },
  });
  const connect = async (username: string) =>
    mqtt.connectAsync(broker.url, {
      username,
      password: await broker.addGateway(username),
      clientId: `gw-test-${randomBytes(4).toString('hex')}`,
    });
  gw = await connect(serial);
  // a box with a broker login that the platform does not know
  strangerGw = await connect(stranger);
});

afterAll(async () => {
  await gw?.endAsync();
  await strangerGw?.endAsync();
  await ingest?.stop();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await t?.drop();
  await broker?.close();
});

describe('ingest over a real broker', () => {
  it('stores live values in Redis and announces them on the site channel', async () => {
    const sub = new Redis({ host: '127.0.0.1', port: 6379 });
    const got = new Promise<string>((resolve) => {
      sub.on('message', (_c, m) => resolve(m));
    });
    await sub.subscribe(liveKeys(prefix).channel(siteId));
    const ts = new Date().toISOString();
    await gw.publishAsync(
      topics.live(serial),
      encode('live', {
        v: 1,
        ts,
        grid: { importW: 1234, exportW: 0, monthPeak: { w: 4100, at: '2026-11-03T17:15:00Z' } },
        pv: { w: 560 },
      }),
    );
    const published = JSON.parse(await got);
    expect(published.live.grid.importW).toBe(1234);
    const latest = JSON.parse((await redis.get(liveKeys(prefix).latest(siteId)))!);
    expect(latest).toMatchObject({ siteId, gatewaySerial: serial, live: { ts, pv: { w: 560 } } });
    const month = await until(
      () =>
        t.db
          .selectFrom('energy_month')
          .select(['meter_peak_w', 'meter_peak_at'])
          .where('site_id', '=', siteId)
          .executeTakeFirst(),
      (m) => Boolean(m?.meter_peak_w),
    );
    expect(month).toEqual({ meter_peak_w: 4100, meter_peak_at: new Date('2026-11-03T17:15:00Z') });
    await sub.quit();
  });

  it('drops a live reading the connection cannot carry, and a meter peak it cannot, and keeps them for support', async () => {
    const sub = new Redis({ host: '127.0.0.1', port: 6379 });
    const seen: Array<{ live: { grid?: { importW: number; monthPeak?: unknown } } }> = [];
    sub.on('message', (_c, m) => seen.push(JSON.parse(m)));
    await sub.subscribe(liveKeys(prefix).channel(siteId));
    const live = (importW: number, monthPeak?: { w: number; at: string }) =>
      gw.publishAsync(
        topics.live(serial),
        encode('live', { v: 1, ts: new Date().toISOString(), grid: { importW, exportW: 0, monthPeak } }),
      );
    await live(31_337);
    await live(999);
    await until(
      async () => seen.length,
      (n) => n > 0,
    );
    expect(seen.map((m) => m.live.grid?.importW)).toEqual([999]);
    expect(JSON.parse((await redis.get(liveKeys(prefix).latest(siteId)))!).live.grid.importW).toBe(999);

    // a plausible reading with an implausible meter peak: shown without the peak, the peak not stored
    const thisMonth = new Date(
      Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1, 12),
    ).toISOString();
    await live(1000, { w: 40_000, at: thisMonth });
    await until(
      async () => seen.length,
      (n) => n > 1,
    );
    expect(seen[1]!.live.grid).toEqual({ importW: 1000, exportW: 0 });

    const events = await until(
      () =>
        t.db
          .selectFrom('events')
          .select(['type', 'payload'])
          .where('site_id', '=', siteId)
          .where('type', '=', 'data.implausible')
          .execute(),
      (rows) => rows.length >= 2,
    );
    expect(events.map((e) => e.payload)).toEqual(
      expect.arrayContaining([
        { code: 'over-connection', field: 'grid.importW', value: 31_337, limit: 27_600, source: 'live' },
        { code: 'over-connection', field: 'grid.monthPeak.w', value: 40_000, limit: 27_600, source: 'live' },
      ]),
    );
    const peaks = await t.db
      .selectFrom('energy_month')
      .select('meter_peak_w')
      .where('site_id', '=', siteId)
      .execute();
    expect(peaks.map((p) => p.meter_peak_w)).not.toContain(40_000);
    await sub.quit();
  });

  it('turns energy messages into quarters, ignoring repeats', async () => {
    const Q = 15 * 60_000;
    const base = Date.parse('2026-11-20T10:00:00Z');
    const msgs = [0, 1, 2, 3].map((i) =>
      encode('energy', {
        v: 1,
        ts: new Date(base + i * Q).toISOString(),
        seq: 100 + i,
        meter: { importT1Wh: 5000 + i * 400, importT2Wh: 0, exportT1Wh: 0, exportT2Wh: 0 },
      }),
    );
    for (const m of [msgs[2], msgs[0], msgs[1], msgs[1], msgs[3], msgs[0]])
      await gw.publishAsync(topics.energy(serial), m!, { qos: 1 });
    const rows = await until(
      () =>
        t.db
          .selectFrom('energy_qh')
          .select(['ts', 'import_wh'])
          .where('site_id', '=', siteId)
          .orderBy('ts')
          .execute(),
      (r) => r.length === 3,
    );
    expect(rows.map((r) => r.import_wh)).toEqual([400, 400, 400]);
    const day = await t.db
      .selectFrom('energy_day')
      .select('import_wh')
      .where('site_id', '=', siteId)
      .executeTakeFirstOrThrow();
    expect(Number(day.import_wh)).toBe(1200);
  });

  it('records device statuses on the device and the timeline, a late status never overwriting a newer one', async () => {
    const newer = {
      v: 1 as const,
      id: randomUUID(),
      ts: '2026-11-20T12:00:00.000Z',
      type: 'device.status' as const,
      deviceId: 'bat-1',
      deviceType: 'battery' as const,
      from: 'Standby' as const,
      to: 'Fout' as const,
      error: { code: '101', text: 'Celspanning te hoog' },
    };
    const older = {
      ...newer,
      id: randomUUID(),
      ts: '2026-11-20T11:00:00.000Z',
      from: 'Standby' as const,
      to: 'Laden' as const,
      error: undefined,
    };
    await gw.publishAsync(topics.event(serial), encode('event', newer), { qos: 1 });
    await gw.publishAsync(topics.event(serial), encode('event', older), { qos: 1 });
    await gw.publishAsync(topics.event(serial), encode('event', newer), { qos: 1 });
    const events = await until(
      () =>
        t.db
          .selectFrom('events')
          .select(['uid', 'type'])
          .where('site_id', '=', siteId)
          .where('type', '=', 'device.status')
          .execute(),
      (e) => e.length === 2,
    );
    expect(events).toHaveLength(2);
    const device = await t.db
      .selectFrom('devices')
      .select(['status', 'status_code', 'status_text'])
      .where('id', '=', batteryId)
      .executeTakeFirstOrThrow();
    expect(device).toEqual({ status: 'Fout', status_code: '101', status_text: 'Celspanning te hoog' });
  });

  it('keeps the gateway row in step with its state and last will', async () => {
    await gw.publishAsync(
      topics.state(serial),
      encode('state', {
        v: 1,
        online: true,
        ts: new Date().toISOString(),
        firmwareVersion: '1.4.2',
        hardwareRevision: 'B',
        uptimeS: 3600,
      }),
      { qos: 1, retain: false },
    );
    const row = await until(
      () =>
        t.db
          .selectFrom('gateways')
          .select(['online', 'firmware_version', 'hardware_revision', 'uptime_s'])
          .where('id', '=', gatewayId)
          .executeTakeFirstOrThrow(),
      (r) => r.firmware_version === '1.4.2',
    );
    expect(row).toEqual({ online: true, firmware_version: '1.4.2', hardware_revision: 'B', uptime_s: 3600 });
    await gw.publishAsync(topics.state(serial), JSON.stringify({ v: 1, online: false }), { qos: 1 });
    const off = await until(
      () =>
        t.db.selectFrom('gateways').select(['online']).where('id', '=', gatewayId).executeTakeFirstOrThrow(),
      (r) => r.online === false,
    );
    expect(off.online).toBe(false);
  });

  it('refuses malformed messages and unknown gateways with a reason, and keeps them for support', async () => {
    await gw.publishAsync(topics.energy(serial), '{"v":1,"ts":"2026-11-20T10:07:00Z","seq":1}', { qos: 1 });
    await gw.publishAsync(topics.live(serial), 'not json', { qos: 0 });
    await strangerGw.publishAsync(
      topics.live(stranger),
      encode('live', { v: 1, ts: new Date().toISOString() }),
    );
    const keys = refusalKeys(prefix);
    const kept = await until(
      () => redis.lrange(keys.perGateway(serial), 0, -1),
      (l) => l.length >= 2,
    );
    const reasons = kept.map((x) => JSON.parse(x).reason as string);
    expect(reasons.some((r) => /quarter-hour boundary/.test(r))).toBe(true);
    expect(reasons.some((r) => /JSON/i.test(r))).toBe(true);
    const unknown = await until(
      () => redis.lrange(keys.perGateway(stranger), 0, -1),
      (l) => l.length >= 1,
    );
    expect(JSON.parse(unknown[0]!).reason).toMatch(/unknown gateway/);
    // Nothing half-written: the bad energy message left no counters.
    const counters = await t.db
      .selectFrom('energy_counters')
      .select('ts')
      .where('site_id', '=', siteId)
      .execute();
    expect(counters).toHaveLength(4);
  });

  it('files the meter peak history under its months, not on the timeline (decision 130)', async () => {
    await gw.publishAsync(
      topics.event(serial),
      encode('event', {
        v: 1,
        id: randomUUID(),
        ts: '2026-11-20T10:00:00.000Z',
        type: 'meter.peakHistory',
        months: [
          { month: '2025-11', w: 6200, at: '2025-11-10T17:15:00.000Z' },
          { month: '2025-12', w: 0, at: null }, // empty on the meter: no source
          { month: '2026-01', w: 7000, at: '2026-02-02T10:00:00.000Z' }, // dated outside its month: no source
          { month: '2026-11', w: 9000, at: '2026-11-04T08:00:00.000Z' }, // the running month is the live value's
        ],
      }),
      { qos: 1 },
    );
    const rows = await until(
      () =>
        t.db
          .selectFrom('energy_month')
          .select(['month', 'meter_peak_w', 'meter_peak_at'])
          .where('site_id', '=', siteId)
          .where('meter_peak_w', 'is not', null)
          .orderBy('month')
          .execute(),
      (r) => r.some((m) => m.month.startsWith('2025-11')),
    );
    expect(rows.map((r) => [r.month.slice(0, 7), r.meter_peak_w])).toEqual([
      ['2025-11', 6200],
      ['2026-11', 4100],
    ]);
    const timeline = await t.db
      .selectFrom('events')
      .select('type')
      .where('site_id', '=', siteId)
      .where('type', '=', 'meter.peakHistory')
      .execute();
    expect(timeline).toEqual([]);
  });
});
