import { readJson } from '@ilumen/db';
import { hourBucketsOfDay, instantOfLocal, type PriceSlot } from '@ilumen/energy';
import {
  createEntsoeClient,
  type EntsoeClient,
  EntsoeRateLimitError,
  type EntsoeServer,
  startEntsoeServer,
} from '@ilumen/entsoe';
import type { Handlers } from '@ilumen/jobs';
import { createLogger } from '@ilumen/logger';
import { dynamicChargingControllerSchema, type GatewayConfigBody } from '@ilumen/mqtt-contract';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '@ilumen/services/testing';
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { priceHandlers } from './prices-handlers';

/*
 * The price jobs end to end against the local ENTSO-E server (real A44 documents: the fixtures for their days,
 * generated ones for others), through the real client: tomorrow's prices fetched once published, the "Aantal uren"
 * cheapest hours planned for a site (hourly, quarter-hourly, and across the clock changes) and sent to its gateway.
 */

const TOKEN = 'test-entsoe-token';
let h: ServiceHarness;
let world: World;
let server: EntsoeServer;
let client: EntsoeClient;
let handlers: Handlers<'prices'>;
let gatewayId: number;
let now = Date.parse('2024-10-07T10:30:00Z'); // 12:30 in Brussels: tomorrow not published yet

beforeAll(async () => {
  h = await createServiceHarness('prices_jobs', {
    broker: true,
  });
  world = await createWorld(h.services);
  server = await startEntsoeServer({ securityToken: TOKEN, now: () => now });
  client = createEntsoeClient({
    baseUrl: server.url,
    securityToken: TOKEN,
    now: () => now,
    sleep: async () => {},
    retries: 1,
    retryDelayMs: 1,
  });
  handlers = priceHandlers({
    services: h.services,
    client,
    jobs: h.jobs,
    logger: createLogger({ name: 'prices-test', level: 'silent' }),
    now: () => new Date(now),
    chunk: 100,
  });
  const db = h.testDb.db;
  const gw = await db
    .insertInto('gateways')
    .values({
      serial: 'ILS-PRC00001',
      site_id: world.sites.siteA,
      organization_id: world.orgs.instA,
      online: true,
    })
    .executeTakeFirstOrThrow();
  gatewayId = Number(gw.insertId);
  await db
    .updateTable('devices')
    .set({ device_key: 'bat1' })
    .where('id', '=', world.devices.batteryA)
    .execute();
  const sys = world.system;
  await h.services.storeModules.grant(sys, { siteId: world.sites.siteA, module: 'dynamic_charging' });
});
afterAll(async () => {
  await server?.close();
  await h?.close();
});

const job = (id: string) => ({ id }) as Job;

/** The n cheapest hours worked out here from the stored slots: an hour's price is the mean of what covers it. */
function bruteForce(slots: PriceSlot[], day: string, n: number): string[] {
  const hours = hourBucketsOfDay(day).map((b) => {
    const inside = slots.filter((s) => Date.parse(s.start) >= b.start && Date.parse(s.start) < b.end);
    const minutes = inside.reduce((m, s) => m + s.minutes, 0);
    return {
      start: b.start,
      mean: inside.reduce((sum, s) => sum + s.eurPerMwh * s.minutes, 0) / minutes,
      minutes,
    };
  });
  return hours
    .filter((x) => x.minutes === 60)
    .sort((a, b) => a.mean - b.mean || a.start - b.start)
    .slice(0, n)
    .map((x) => new Date(x.start).toISOString())
    .sort();
}

async function plannedFor(day: string): Promise<string[]> {
  const row = await h.testDb.db
    .selectFrom('charge_plans')
    .select('hours')
    .where('site_id', '=', world.sites.siteA)
    .where('day', '=', day)
    .executeTakeFirstOrThrow();
  return (readJson<{ start: string }[]>(row.hours) ?? []).map((x) => x.start);
}

async function setHours(hours: number) {
  await h.testDb.db
    .insertInto('site_control_settings')
    .values({ site_id: world.sites.siteA, dynamic_hours: hours })
    .onDuplicateKeyUpdate({ dynamic_hours: hours })
    .execute();
}

describe('day-ahead prices and dynamic charging jobs', () => {
  it("waits for tomorrow's publication, then plans the cheapest hours of the real hourly prices (2024-10-08)", async () => {
    await setHours(3);
    expect(await handlers.fetchTomorrow({}, job('t1'))).toEqual({ day: '2024-10-08', status: 'no-data' });
    now = Date.parse('2024-10-07T11:30:00Z'); // 13:30: published
    expect(await handlers.fetchTomorrow({}, job('t2'))).toMatchObject({
      day: '2024-10-08',
      status: 'stored',
      slots: 24,
      complete: true,
    });
    // once in, a later run asks ENTSO-E nothing
    const requests = server.requestCount();
    expect(await handlers.fetchTomorrow({}, job('t3'))).toEqual({ day: '2024-10-08', status: 'have' });
    expect(server.requestCount()).toBe(requests);

    h.clock.set(new Date(now));
    expect(await handlers.planDay({ day: '2024-10-08' }, job('plan-a'))).toEqual({
      day: '2024-10-08',
      planned: 1,
    });
    const stored = (await h.services.prices.day('BE', '2024-10-08'))!;
    const planned = await plannedFor('2024-10-08');
    expect(planned).toEqual(bruteForce(stored.slots, '2024-10-08', 3));
    // in the real document: 47.05 at 04:00, 47.52 at 03:00 and 50.00 at 23:00 Brussels time
    expect(planned).toEqual(
      [3, 4, 23].map((hour) => new Date(instantOfLocal('2024-10-08', hour, 0)).toISOString()),
    );

    // the plan goes to the gateway in a chunk job
    const queued = await h.jobs.raw('prices').getJobs(['waiting', 'delayed']);
    const publish = queued.find((j) => j.name === 'publishPlans');
    expect(publish?.data).toEqual({ day: '2024-10-08', siteIds: [world.sites.siteA] });
    expect(await handlers.publishPlans(publish!.data, publish!)).toEqual({ sent: 1, failed: 0 });
    const config = await h.testDb.db
      .selectFrom('gateway_configs')
      .select('config')
      .where('gateway_id', '=', gatewayId)
      .executeTakeFirstOrThrow();
    const section = dynamicChargingControllerSchema.parse(
      readJson<GatewayConfigBody>(config.config)?.controllers?.dynamicCharging,
    );
    expect(section.hours.map((x) => x.start)).toEqual(planned);
    expect(section.hours[0]?.eurPerMwh).toBe(47.52);
  });

  it('plans from quarter-hour prices with gaps (A03) by the mean of each hour’s quarters (2024-10-07 fixture)', async () => {
    await setHours(4);
    expect(await handlers.fetchDay({ day: '2024-10-07' }, job('f1'))).toMatchObject({
      status: 'stored',
      slots: 96,
    });
    const stored = (await h.services.prices.day('BE', '2024-10-07'))!;
    expect(stored.minutes).toBe(15);
    const r = await h.services.dynamicCharging.planDay('2024-10-07');
    expect(r.siteIds).toEqual([world.sites.siteA]);
    expect(await plannedFor('2024-10-07')).toEqual(bruteForce(stored.slots, '2024-10-07', 4));
  });

  it('plans the clock-change days: 25 hours in October, 23 in March (quarter-hour market)', async () => {
    await setHours(5);
    for (const [day, quarters, hours] of [
      ['2025-10-26', 100, 25],
      ['2026-03-29', 92, 23],
    ] as const) {
      now = Date.parse(`${day}T00:00:00Z`);
      expect(await handlers.fetchDay({ day }, job(`f-${day}`))).toMatchObject({
        status: 'stored',
        slots: quarters,
        complete: true,
      });
      const stored = (await h.services.prices.day('BE', day))!;
      await h.services.dynamicCharging.planDay(day);
      const planned = await plannedFor(day);
      expect(planned).toEqual(bruteForce(stored.slots, day, 5));
      expect(planned).toHaveLength(5);
      expect(hourBucketsOfDay(day)).toHaveLength(hours);
    }
  });

  it('waits out a 429: nothing is asked until the ban is over, then the day comes in', async () => {
    now = Date.parse('2025-11-03T12:00:00Z');
    server.faults.failNext(429, 1, { retryAfterSeconds: 600 });
    await expect(handlers.fetchDay({ day: '2025-11-04' }, job('r1'))).rejects.toBeInstanceOf(
      EntsoeRateLimitError,
    );
    const requests = server.requestCount();
    // BullMQ retries the job: still banned, so ENTSO-E is not asked again
    now += 5 * 60_000;
    await expect(handlers.fetchDay({ day: '2025-11-04' }, job('r1'))).rejects.toBeInstanceOf(
      EntsoeRateLimitError,
    );
    expect(server.requestCount()).toBe(requests);
    now += 6 * 60_000;
    expect(await handlers.fetchDay({ day: '2025-11-04' }, job('r1'))).toMatchObject({
      status: 'stored',
      slots: 96,
    });
  });
});
