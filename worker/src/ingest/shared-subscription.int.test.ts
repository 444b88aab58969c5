/*
 * Two ingest processes in one shared-subscription group, as a deployment scales the ingest out (docs/operations.md):
 * the broker splits the gateways' messages between them, and every message is stored once — nothing lost, nothing
 * doubled. Each ingest counts what it took in metrics of its own, as two processes would.
 */
import { randomBytes } from 'node:crypto';
import { type ProjectBroker, startProjectBroker } from '@ilumen/broker';
import { createTestDb, type TestDb } from '@ilumen/db/testing';
import { createLogger } from '@ilumen/logger';
import { encode, topics } from '@ilumen/mqtt-contract';
import { createMetrics, type Metrics } from '@ilumen/observability';
import { until } from '@ilumen/services/testing';
import { Redis } from 'ioredis';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerGateways } from '../testing/fixtures';
import { type Ingest, startIngest } from './ingest';

const GATEWAYS = 12;
const BOUNDARIES = 5;
const Q = 15 * 60_000;
const BASE = Date.parse('2026-11-20T10:00:00Z');
const prefix = `test-share-${randomBytes(4).toString('hex')}`;
const group = `g${randomBytes(4).toString('hex')}`;
const serials = Array.from(
  { length: GATEWAYS },
  (_, i) => `ILS-S${randomBytes(3).toString('hex').toUpperCase()}${i}`,
);

let t: TestDb;
let broker: ProjectBroker;
let redis: Redis;
const ingests: Ingest[] = [];
const metrics: Metrics[] = [];
const gateways: MqttClient[] = [];

beforeAll(async () => {
  t = await createTestDb('share');
  broker = await startProjectBroker({ persistence: false });
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
  await registerGateways(t.db, serials);
  for (const n of [1, 2]) {
    const m = createMetrics('worker');
    metrics.push(m);
    ingests.push(
      await startIngest({
        db: t.db,
        redis,
        logger: createLogger({ name: `ingest-${n}`, level: 'silent' }),
        redisPrefix: prefix,
        mqttUrl: broker.url,
        mqttUsername: broker.users.ingest.username,
        mqttPassword: broker.users.ingest.password,
        shareGroup: group,
        clientId: `share-${n}-${randomBytes(4).toString('hex')}`,
        energyBatch: { maxItems: 20, maxWaitMs: 20 },
        metrics: m,
      }),
    );
  }
  for (const serial of serials)
    gateways.push(
      await mqtt.connectAsync(broker.url, {
        username: serial,
        password: await broker.addGateway(serial),
        clientId: `gw-${serial}`,
      }),
    );
}, 60_000);

afterAll(async () => {
  await Promise.all(gateways.map((g) => g.endAsync()));
  for (const i of ingests) await i.stop();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await broker?.close();
  await t?.drop();
});

const taken = async (m: Metrics) =>
  (await m.ingestMessages.get()).values.find((v) => v.labels.kind === 'energy')?.value ?? 0;

describe('two ingest processes on the shared subscription', () => {
  it('split the messages between them and store each once', async () => {
    for (let b = 0; b < BOUNDARIES; b++)
      await Promise.all(
        gateways.map((g, i) =>
          g.publishAsync(
            topics.energy(serials[i]!),
            encode('energy', {
              v: 1,
              ts: new Date(BASE + b * Q).toISOString(),
              seq: b + 1,
              meter: { importT1Wh: 10_000 + b * 400, importT2Wh: 0, exportT1Wh: 0, exportT2Wh: 0 },
            }),
            { qos: 1 },
          ),
        ),
      );
    const quarters = await until(
      () =>
        t.db
          .selectFrom('energy_qh')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.n)),
      (n) => n >= GATEWAYS * (BOUNDARIES - 1),
    );
    expect(quarters).toBe(GATEWAYS * (BOUNDARIES - 1));
    const [first, second] = [await taken(metrics[0]!), await taken(metrics[1]!)];
    // each took a share, and together exactly what was sent: no message came twice
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(0);
    expect(first + second).toBe(GATEWAYS * BOUNDARIES);
    const perSite = await t.db
      .selectFrom('energy_qh')
      .select([
        'site_id',
        (eb) => eb.fn.countAll<number>().as('n'),
        (eb) => eb.fn.sum<number>('import_wh').as('wh'),
      ])
      .groupBy('site_id')
      .execute();
    expect(perSite).toHaveLength(GATEWAYS);
    for (const s of perSite) {
      expect(Number(s.n)).toBe(BOUNDARIES - 1);
      expect(Number(s.wh)).toBe((BOUNDARIES - 1) * 400);
    }
  });
});
