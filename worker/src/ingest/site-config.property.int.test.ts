/*
 * One identity per device, and a gateway configuration built from the whole site (decision 071), as a property: any
 * sequence of the settings people change — a car's consumption, charge timers, iLuStore modules granted and
 * withdrawn, peak shaving, load balancing and dynamic charging settings, an installer's Modbus device edit — keeps
 * every device of the site in the configuration the gateway gets, and afterwards a command to each device still
 * reaches it. The platform's real services, ingest and a simulated home with the real gateway runtime, on a private
 * Mosquitto with logins.
 */
import { randomBytes } from 'node:crypto';
import { type ProjectBroker, startProjectBroker } from '@ilumen/broker';
import { type Simulation, startSimulation } from '@ilumen/gateway-firmware/sim';
import { createLogger } from '@ilumen/logger';
import type { GatewayConfigBody } from '@ilumen/mqtt-contract';
import {
  type Actor,
  connectGatewayLink,
  createServices,
  isAppError,
  type Services,
  STORE_MODULES,
} from '@ilumen/services';
import {
  createServiceHarness,
  createWorld,
  type ServiceHarness,
  until,
  type World,
} from '@ilumen/services/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Ingest, startIngest } from './ingest';

const SERIAL = 'ILS-SIM00001';
const silent = createLogger({ name: 'site-config-property', level: 'silent' });

let broker: ProjectBroker;
let h: ServiceHarness;
let services: Services;
let world: World;
let ingest: Ingest;
let link: ReturnType<typeof connectGatewayLink>;
let sim: Simulation;
let siteId: number;
let owner: Actor;
let admin: Actor;
let installer: Actor;
let gatewayId: number;

beforeAll(async () => {
  broker = await startProjectBroker({ gateways: [{ serial: SERIAL, password: 'gw-pw' }] });
  h = await createServiceHarness('site_config_property');
  link = connectGatewayLink({
    url: broker.url,
    ...broker.users.worker,
    clientId: `platform-${randomBytes(3).toString('hex')}`,
  });
  await new Promise<void>((r) => (link.client.connected ? r() : link.client.once('connect', () => r())));
  // real time: the gateway checks a command's expiry against its own clock
  services = createServices(
    { ...h.services.deps, clock: { now: () => new Date() }, gatewayLink: link },
    { secureCookies: false },
  );
  world = await createWorld(services);
  siteId = world.sites.siteA;
  owner = await world.actor(world.users.ownerA);
  admin = await world.actor(world.users.admin);
  installer = await world.actor(world.users.instAAdmin);
  const db = h.testDb.db;
  gatewayId = Number(
    (
      await db
        .insertInto('gateways')
        .values({
          serial: SERIAL,
          site_id: siteId,
          organization_id: world.orgs.instA,
          hardware_revision: 'SIM',
        })
        .executeTakeFirstOrThrow()
    ).insertId,
  );
  // the world's site has a meter, a battery and a charger; the home also has PV and a boiler
  await services.devices.create(world.system, {
    siteId,
    type: 'inverter',
    model: 'SunSpec',
    serial: 'INV-P-1',
  });
  await services.devices.create(world.system, {
    siteId,
    type: 'heat',
    model: 'iLuheat 200',
    serial: 'ILH-P-1',
  });
  const keys = await db
    .selectFrom('devices')
    .select(['type', 'device_key'])
    .where('site_id', '=', siteId)
    .execute();
  const keyOf = (type: string) => keys.find((k) => k.type === type)!.device_key;

  ingest = await startIngest({
    db,
    redis: h.redis,
    logger: silent,
    redisPrefix: h.redisPrefix,
    mqttUrl: broker.url,
    mqttUsername: broker.users.ingest.username,
    mqttPassword: broker.users.ingest.password,
    shareGroup: 'property',
    clientId: `ingest-${randomBytes(3).toString('hex')}`,
  });
  sim = await startSimulation({
    gateways: 1,
    speed: 1,
    brokerUrl: broker.url,
    credentials: () => ({ password: 'gw-pw' }),
    profile: (_i, generated) => ({
      ...generated,
      pvKwp: 4,
      battery: { capacityWh: 10_000, maxW: 5000 },
      ev: { phases: 3, maxCurrentA: 16 },
      boiler: { ratedW: 2400, volumeL: 200 },
      deviceKeys: {
        inverter: keyOf('inverter'),
        battery: keyOf('battery'),
        charger: keyOf('charger'),
        heat: keyOf('heat'),
      },
    }),
  });
  await until(
    () => db.selectFrom('gateways').select('online').where('id', '=', gatewayId).executeTakeFirstOrThrow(),
    (g) => g.online,
    30_000,
  );
}, 180_000);

afterAll(async () => {
  await sim?.stop();
  await ingest?.stop();
  await link?.close();
  await broker?.close();
  await h?.close();
});

/** Every device of the site the gateway reads over Modbus, by key. */
async function siteDeviceKeys(): Promise<string[]> {
  const rows = await h.testDb.db
    .selectFrom('devices')
    .select('device_key')
    .where('site_id', '=', siteId)
    .where('type', '!=', 'meter')
    .execute();
  return rows.map((r) => r.device_key).sort();
}

async function latestConfig(): Promise<{ version: number; body: GatewayConfigBody } | null> {
  const row = await h.testDb.db
    .selectFrom('gateway_configs')
    .select(['version', 'config'])
    .where('gateway_id', '=', gatewayId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    version: row.version,
    body: (typeof row.config === 'string' ? JSON.parse(row.config) : row.config) as GatewayConfigBody,
  };
}

/** A person's change that the product may refuse (a module not granted, an overlapping timer): refusals are fine. */
async function tolerateRefusal(change: () => Promise<unknown>): Promise<void> {
  try {
    await change();
  } catch (error) {
    if (!isAppError(error)) throw error;
  }
}

type Step = { name: string; run: () => Promise<void> };

const steps = (): fc.Arbitrary<Step> =>
  fc.oneof(
    fc.integer({ min: 10, max: 40 }).map((kwh) => ({
      name: `EV consumption ${kwh} kWh/100 km`,
      run: () =>
        tolerateRefusal(() =>
          services.charging.saveSettings(owner, {
            deviceId: world.devices.chargerA,
            consumptionKwhPer100km: kwh,
          }),
        ),
    })),
    fc
      .record({ start: fc.integer({ min: 0, max: 23 }), hours: fc.integer({ min: 1, max: 6 }) })
      .map(({ start, hours }) => ({
        name: `timer ${start}h +${hours}h`,
        run: () =>
          tolerateRefusal(() =>
            services.chargeTimers.add(owner, {
              siteId,
              deviceId: world.devices.batteryA,
              startHour: start,
              endHour: (start + hours) % 24,
              powerW: 2500,
            }),
          ),
      })),
    fc.constant({
      name: 'remove a timer',
      run: async () => {
        const list = await services.chargeTimers.list(owner, { siteId });
        const first = list.timers[0];
        if (first) await services.chargeTimers.remove(owner, { siteId, timerId: first.id });
      },
    }),
    fc
      .record({ module: fc.constantFrom(...STORE_MODULES), grant: fc.boolean() })
      .map(({ module, grant }) => ({
        name: `${grant ? 'grant' : 'withdraw'} ${module}`,
        run: () =>
          tolerateRefusal(() =>
            grant
              ? services.storeModules.grant(admin, { siteId, module })
              : services.storeModules.revoke(admin, { siteId, module }),
          ),
      })),
    fc
      .record({ enabled: fc.boolean(), thresholdW: fc.integer({ min: 2500, max: 9000 }) })
      .map(({ enabled, thresholdW }) => ({
        name: `peak shaving ${enabled ? 'on' : 'off'} at ${thresholdW} W`,
        run: () =>
          tolerateRefusal(() =>
            services.peakShaving.save(owner, { siteId, enabled, thresholdW, reservePct: 20 }),
          ),
      })),
    fc.integer({ min: 16, max: 40 }).map((limitA) => ({
      name: `load balancing at ${limitA} A`,
      run: () => tolerateRefusal(() => services.loadBalancing.save(owner, { siteId, limitA })),
    })),
    fc.record({ enabled: fc.boolean(), hours: fc.integer({ min: 1, max: 6 }) }).map(({ enabled, hours }) => ({
      name: `dynamic charging ${enabled ? 'on' : 'off'}, ${hours} h`,
      run: () => tolerateRefusal(() => services.dynamicCharging.save(owner, { siteId, enabled, hours })),
    })),
    fc
      .record({ type: fc.constantFrom('inverter', 'battery', 'charger', 'heat'), scanned: fc.boolean() })
      .map(({ type, scanned }) => ({
        name: `installer ${scanned ? 'stores the scanned address of' : 'clears the address of'} the ${type}`,
        run: async () => {
          const key = (
            await h.testDb.db
              .selectFrom('devices')
              .select('device_key')
              .where('site_id', '=', siteId)
              .where('type', '=', type)
              .executeTakeFirstOrThrow()
          ).device_key;
          const found = sim.gateways[0]!.site.gatewayDevices().find((d) => d.id === key)!;
          const modbus = scanned
            ? JSON.stringify({ driver: found.driver, endpoint: found.endpoint, unitId: found.unitId })
            : null;
          await h.testDb.db
            .updateTable('devices')
            .set({ modbus })
            .where('site_id', '=', siteId)
            .where('device_key', '=', key)
            .execute();
          await services.gatewayConfig.publishForSite(installer, siteId);
        },
      })),
  );

/** A register read through the troubleshooting page's command, by device key; resolves with its final status. */
async function readThrough(deviceKey: string): Promise<string> {
  const config = sim.gateways[0]!.runtime.devices.config(deviceKey);
  if (!config) return `no ${deviceKey} on the gateway`;
  const sunspec = config.driver === 'sunspec';
  const sent = await services.commands.diagnose(admin, {
    siteId,
    name: 'modbus.read',
    args: {
      deviceId: deviceKey,
      unit: config.unitId,
      address: sunspec ? 40000 : 0,
      count: 2,
      kind: sunspec ? 'holding' : 'input',
    },
  });
  const done = await until(
    () => services.commands.get(admin, { commandId: sent.id }),
    (c) => c.status !== 'sent',
    30_000,
  );
  return done.status;
}

describe('the gateway configuration after any sequence of settings changes', () => {
  it('keeps every device of the site, and a command to each device still reaches it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(steps(), { minLength: 1, maxLength: 6 }), async (sequence) => {
        const devices = await siteDeviceKeys();
        for (const step of sequence) {
          await step.run();
          const config = await latestConfig();
          // every change that reached the gateway named the whole site
          if (config) expect(config.body.modbus?.devices.map((d) => d.id).sort(), step.name).toEqual(devices);
        }
        const published = await latestConfig();
        if (!published) return;
        const applied = await until(
          () => services.gatewayConfig.status(admin, { siteId }),
          (s) => s?.version === published.version && s.state !== 'pending',
          30_000,
        );
        expect(applied, `gateway answer to version ${published.version}`).toMatchObject({ state: 'applied' });
        for (const key of devices) expect(await readThrough(key), `read of ${key}`).toBe('succeeded');
        const stop = await services.charging.stop(owner, { deviceId: world.devices.chargerA });
        const stopped = await until(
          () => services.commands.get(owner, { commandId: stop.id }),
          (c) => c.status !== 'sent',
          30_000,
        );
        expect(stopped.status, 'charge.stop on the charger').toBe('succeeded');
      }),
      { numRuns: 8, endOnFailure: true },
    );
  }, 600_000);
});
