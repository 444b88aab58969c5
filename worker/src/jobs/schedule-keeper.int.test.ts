/*
 * Redis without persistence loses BullMQ's job schedulers when it restarts (or is flushed): the worker must put its
 * repeating jobs back by itself, without a restart of its own. The worker is the real `src/main.ts` in a process of its
 * own, on a Redis of the test's own that the test kills and starts again.
 */
import { randomBytes } from 'node:crypto';
import { createTestDb, type TestDb } from '@ilumen/db/testing';
import { until } from '@ilumen/services/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivateRedis, privateRedis } from '../testing/redis-server';
import { spawnWorker, type WorkerProcess } from '../testing/worker-process';

const prefix = `test-schedules-${randomBytes(4).toString('hex')}`;

let t: TestDb;
let redisServer: PrivateRedis;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  t = await createTestDb('schedules');
  redisServer = await privateRedis();
  await redisServer.start();
  worker = spawnWorker({
    DATABASE_URL: t.url,
    REDIS_URL: redisServer.url,
    REDIS_PREFIX: prefix,
    INGEST_ENABLED: 'false',
    ROLLOUTS_ENABLED: 'false',
    CONTROL_ENABLED: 'false',
    SCHEDULES_CHECK_EVERY_S: '1',
  });
  await worker.waitForLog(/worker started/);
}, 90_000);

afterAll(async () => {
  await worker?.kill('SIGKILL');
  await redisServer?.kill();
  await t?.drop();
});

/** The scheduler ids Redis holds for the worker's always-on queues. */
async function schedulerIds(): Promise<string[]> {
  const connection = new Redis(redisServer.url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  connection.on('error', () => undefined);
  const queues = ['gateways', 'alarms'].map((name) => new Queue(name, { connection, prefix }));
  try {
    const all = await Promise.all(queues.map((q) => q.getJobSchedulers()));
    return all
      .flat()
      .map((s) => s.key)
      .sort();
  } catch {
    return [];
  } finally {
    await Promise.all(queues.map((q) => q.close()));
    connection.disconnect();
  }
}

const expected = ['digest', 'evaluate', 'expire-commands', 'mark-offline'];

describe('the worker keeps its repeating jobs in Redis', () => {
  it('has them after its start', async () => {
    expect(await until(schedulerIds, (ids) => ids.length === expected.length)).toEqual(expected);
  });

  it('puts them back when Redis is flushed under it', async () => {
    const admin = new Redis(redisServer.url);
    await admin.flushall();
    expect(await admin.keys(`${prefix}:*:repeat*`)).toEqual([]);
    await admin.quit();
    expect(await until(schedulerIds, (ids) => ids.length === expected.length)).toEqual(expected);
  });

  it('puts them back when Redis restarts empty, and the jobs run again', async () => {
    await redisServer.kill();
    await redisServer.start();
    expect(await until(schedulerIds, (ids) => ids.length === expected.length)).toEqual(expected);
    // not only the schedulers: the worker, reconnected, runs what they produce
    await worker!.waitForLog(/put back/);
    const connection = new Redis(redisServer.url, { maxRetriesPerRequest: null });
    const gateways = new Queue('gateways', { connection, prefix });
    const done = await until(
      () => gateways.getCompletedCount(),
      (n) => n > 0,
    );
    await gateways.close();
    connection.disconnect();
    expect(done).toBeGreaterThan(0);
    expect(worker!.exited).toBe(false);
  });
});
