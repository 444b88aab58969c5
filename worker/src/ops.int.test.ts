/*
 * What an operator's probes and Prometheus see on the worker's internal HTTP port: alive, ready only while MariaDB,
 * Redis and the broker answer and the migrations are current (and ready again by itself when they come back), and
 * the metrics of queues, pool, gateways and ingest. The worker is its production build in a process of its own; each
 * dependency is reached through a TCP proxy of the test's own, so cutting it touches no one else.
 */
import { randomBytes } from 'node:crypto';
import { type ProjectBroker, startProjectBroker } from '@ilumen/broker';
import { sql } from '@ilumen/db';
import { createTestDb, type TestDb } from '@ilumen/db/testing';
import { encode, topics } from '@ilumen/mqtt-contract';
import { until } from '@ilumen/services/testing';
import { Redis } from 'ioredis';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerGateways } from './testing/fixtures';
import { startTcpProxy, type TcpProxy } from './testing/tcp-proxy';
import { buildWorker, spawnWorker, type WorkerProcess } from './testing/worker-process';

const serial = `ILS-O${randomBytes(4).toString('hex').toUpperCase()}`;
const prefix = `test-ops-${randomBytes(4).toString('hex')}`;

let t: TestDb;
let broker: ProjectBroker;
let gw: MqttClient;
let worker: WorkerProcess;
let dbProxy: TcpProxy;
let redisProxy: TcpProxy;
let brokerProxy: TcpProxy;
let base: string;
let built: string;

interface Readiness {
  ok: boolean;
  checks: Record<string, { ok: boolean; error?: string }>;
}
const ready = async (): Promise<{ status: number; body: Readiness }> => {
  const res = await fetch(`${base}/readyz`);
  return { status: res.status, body: (await res.json()) as Readiness };
};
const metrics = async () => (await fetch(`${base}/metrics`)).text();
const value = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : Number.NaN;
};

beforeAll(async () => {
  t = await createTestDb('ops');
  broker = await startProjectBroker({ gateways: [{ serial, password: 'gw-pw' }] });
  await registerGateways(t.db, [serial]);
  dbProxy = await startTcpProxy({ host: '127.0.0.1', port: 3306 });
  redisProxy = await startTcpProxy({ host: '127.0.0.1', port: 6379 });
  brokerProxy = await startTcpProxy({ host: '127.0.0.1', port: broker.port });
  const dbUrl = new URL(t.url);
  dbUrl.port = String(dbProxy.port);
  // the worker as production runs it: the bundle, by plain node
  built = buildWorker();
  worker = spawnWorker(
    {
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`,
      REDIS_PREFIX: prefix,
      ...broker.envFor('worker'),
      MQTT_URL: `mqtt://127.0.0.1:${brokerProxy.port}`,
      INGEST_MQTT_USERNAME: broker.users.ingest.username,
      INGEST_MQTT_PASSWORD: broker.users.ingest.password,
      INGEST_CLIENT_ID: `ops-ingest-${prefix}`,
      INGEST_SHARE_GROUP: 'ops',
      ROLLOUTS_ENABLED: 'false',
      CONTROL_ENABLED: 'false',
      WORKER_HTTP_PORT: '0',
    },
    { built },
  );
  await worker.waitForLog(/worker http listening/);
  const port = /"port":(\d+)[^\n]*worker http listening/.exec(worker.output)?.[1];
  base = `http://127.0.0.1:${port}`;
  gw = await mqtt.connectAsync(broker.url, {
    clientId: `gw-${serial}`,
    username: serial,
    password: 'gw-pw',
    protocolVersion: 5,
  });
}, 90_000);

afterAll(async () => {
  await worker?.kill('SIGKILL');
  await gw?.endAsync(true);
  await Promise.all([dbProxy?.close(), redisProxy?.close(), brokerProxy?.close()]);
  const redis = new Redis({ host: '127.0.0.1', port: 6379 });
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await broker?.close();
  await t?.drop();
});

describe("the worker's health, readiness and metrics", () => {
  it('is alive and ready once its dependencies answer', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const r = await until(ready, (r) => r.status === 200);
    expect(r.body.ok).toBe(true);
    expect(Object.keys(r.body.checks).sort()).toEqual([
      'broker',
      'database',
      'ingest',
      'migrations',
      'redis',
      'redis-queues',
    ]);
  });

  for (const [name, proxy, check] of [
    ['MariaDB', () => dbProxy, 'database'],
    ['Redis', () => redisProxy, 'redis'],
    ['the broker', () => brokerProxy, 'broker'],
  ] as const) {
    it(`is unready while ${name} is away, alive all the same, and ready again by itself`, async () => {
      proxy().cut();
      try {
        const down = await until(ready, (r) => r.status === 503 && r.body.checks[check]?.ok === false);
        expect(down.status).toBe(503);
        expect(down.body.checks[check]?.error).toBeTruthy();
        expect((await fetch(`${base}/healthz`)).status).toBe(200);
      } finally {
        proxy().restore();
      }
      const back = await until(ready, (r) => r.status === 200, 60_000, 250);
      expect(back.body.checks).toMatchObject({ [check]: { ok: true } });
    }, 90_000);
  }

  it('is unready while the database misses a migration this release has', async () => {
    const [last] = (
      await sql<{ name: string; timestamp: string }>`
        SELECT name, timestamp FROM kysely_migration ORDER BY name DESC LIMIT 1`.execute(t.db)
    ).rows;
    await sql`DELETE FROM kysely_migration WHERE name = ${last!.name}`.execute(t.db);
    try {
      const r = await until(ready, (r) => r.status === 503);
      expect(r.body.checks.migrations?.error).toContain(last!.name);
    } finally {
      await sql`INSERT INTO kysely_migration (name, timestamp) VALUES (${last!.name}, ${last!.timestamp})`.execute(
        t.db,
      );
    }
    expect((await until(ready, (r) => r.status === 200)).status).toBe(200);
  });

  it('exports queue depths, pool use, gateways, and ingest messages and refusals', async () => {
    gw.publish(topics.live(serial), encode('live', { v: 1, ts: new Date().toISOString(), pv: { w: 1000 } }));
    gw.publish(topics.live(serial), 'not json');
    const text = await until(
      metrics,
      (m) => value(m, 'ilumen_ingest_refused_total{reason="not_json",process="worker"}') >= 1,
    );
    expect(value(text, 'ilumen_ingest_refused_total{reason="not_json",process="worker"}')).toBe(1);
    expect(value(text, 'ilumen_ingest_messages_total{kind="live",process="worker"}')).toBeGreaterThanOrEqual(
      1,
    );
    expect(text).toContain('ilumen_queue_jobs{queue="mail",state="waiting",process="worker"} 0');
    expect(
      value(text, 'ilumen_queue_jobs{queue="gateways",state="delayed",process="worker"}'),
    ).toBeGreaterThan(0);
    expect(value(text, 'ilumen_db_pool_connections{state="limit",process="worker"}')).toBe(10);
    expect(value(text, 'ilumen_gateways{state="offline",process="worker"}')).toBeGreaterThanOrEqual(0);
    expect(value(text, 'ilumen_ingest_connected{process="worker"}')).toBe(1);
    expect(value(text, 'ilumen_scrape_collect_ok{process="worker"}')).toBe(1);
    expect(text).toMatch(/^process_resident_memory_bytes\{process="worker"\} \d+/m);
  });

  it('runs only the queues it is told to, and schedules only theirs', async () => {
    const mailOnly = spawnWorker(
      {
        DATABASE_URL: t.url,
        REDIS_URL: 'redis://127.0.0.1:6379',
        REDIS_PREFIX: `${prefix}-mail`,
        INGEST_ENABLED: 'false',
        ROLLOUTS_ENABLED: 'false',
        CONTROL_ENABLED: 'false',
        WORKER_QUEUES: 'mail',
        WORKER_HTTP_PORT: '0',
      },
      { built },
    );
    try {
      await mailOnly.waitForLog(/worker started/);
      expect(mailOnly.output).toMatch(/"queues":\["mail"\][^\n]*worker started/);
      const port = /"port":(\d+)[^\n]*worker http listening/.exec(mailOnly.output)?.[1];
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const queues = new Set([...text.matchAll(/^ilumen_queue_jobs\{queue="(\w+)"/gm)].map((m) => m[1]));
      expect([...queues]).toEqual(['mail']);
      // no repeating job of a queue it does not run: the gateways queue holds nothing
      const redis = new Redis({ host: '127.0.0.1', port: 6379 });
      expect(await redis.keys(`${prefix}-mail:gateways:*`)).toEqual([]);
      await redis.quit();
      // the readiness of a worker without ingest or broker links does not ask for the broker
      const r = (await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as Readiness;
      expect(Object.keys(r.checks).sort()).toEqual(['database', 'migrations', 'redis', 'redis-queues']);
    } finally {
      await mailOnly.kill('SIGKILL');
      const redis = new Redis({ host: '127.0.0.1', port: 6379 });
      const keys = await redis.keys(`${prefix}-mail:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  }, 60_000);
});
