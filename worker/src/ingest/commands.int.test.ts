import { randomBytes } from 'node:crypto';
import { createLogger } from '@ilumen/logger';
import { commandRequestSchema, configPayloadSchema, encode, topics } from '@ilumen/mqtt-contract';
import {
  createServiceHarness,
  createWorld,
  type ServiceHarness,
  until,
  type World,
} from '@ilumen/services/testing';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireCommands } from './command-sink';
import { type Ingest, startIngest } from './ingest';

let h: ServiceHarness;
let world: World;
let ingest: Ingest;
let gw: MqttClient;
const serial = `ILS-C${randomBytes(4).toString('hex').toUpperCase()}`;
let answer = true;

beforeAll(async () => {
  h = await createServiceHarness('commands', { broker: true });
  world = await createWorld(h.services);
  await h.testDb.db
    .insertInto('gateways')
    .values({ serial, site_id: world.sites.siteA, organization_id: world.orgs.instA, online: true })
    .execute();
  await h.testDb.db
    .updateTable('devices')
    .set({
      modbus: JSON.stringify({
        driver: 'ilubat',
        endpoint: { transport: 'tcp', host: '192.168.1.20', port: 502 },
        unitId: 1,
      }),
    })
    .where('id', '=', world.devices.batteryA)
    .execute();
  ingest = await startIngest({
    db: h.testDb.db,
    redis: h.redis,
    logger: createLogger({ name: 'cmd-test', level: 'silent' }),
    redisPrefix: h.redisPrefix,
    mqttUrl: h.broker!.url,
    mqttUsername: h.broker!.users.ingest.username,
    mqttPassword: h.broker!.users.ingest.password,
    shareGroup: `g${randomBytes(4).toString('hex')}`,
    clientId: `ingest-${randomBytes(4).toString('hex')}`,
  });
  // A stand-in gateway: answers register reads with fixed values, acknowledges configurations.
  gw = await mqtt.connectAsync(h.broker!.url, {
    username: serial,
    password: await h.broker!.addGateway(serial),
    clientId: `fake-${serial}`,
  });
  await gw.subscribeAsync([topics.cmdReq(serial), topics.config(serial)], { qos: 1 });
  gw.on('message', (topic, payload) => {
    if (topic === topics.config(serial)) {
      const cfg = configPayloadSchema.parse(JSON.parse(payload.toString()));
      const bad = cfg.config.modbus?.devices.some((d) => (d.unitId ?? 0) > 200);
      void gw.publishAsync(
        topics.configAck(serial),
        encode(
          'configAck',
          bad
            ? { v: 1, version: cfg.version, ok: false, error: 'unit id out of range' }
            : { v: 1, version: cfg.version, ok: true },
        ),
        { qos: 1 },
      );
      return;
    }
    if (!answer) return;
    const req = commandRequestSchema.parse(JSON.parse(payload.toString()));
    if (req.name === 'modbus.read') {
      void gw.publishAsync(
        topics.cmdRes(serial),
        encode('cmdRes', {
          v: 1,
          id: req.id,
          ok: true,
          name: 'modbus.read',
          result: { registers: Array.from({ length: req.args.count }, (_, i) => 100 + i) },
          finishedAt: new Date().toISOString(),
        }),
        { qos: 1 },
      );
    }
  });
});

afterAll(async () => {
  await gw?.endAsync();
  await ingest?.stop();
  await h?.close();
});

describe('commands to a gateway', () => {
  it("sends a register read from the troubleshooting page and shows the gateway's answer", async () => {
    const tech = await world.actor(world.users.instATech);
    const sent = await h.services.commands.diagnose(tech, {
      siteId: world.sites.siteA,
      name: 'modbus.read',
      args: { deviceId: 'bat1', unit: 1, address: 100, count: 3, kind: 'holding' },
    });
    expect(sent.gatewayOnline).toBe(true);
    const done = await until(
      () => h.services.commands.get(tech, { commandId: sent.id }),
      (c) => c.status !== 'sent',
    );
    expect(done).toMatchObject({
      status: 'succeeded',
      name: 'modbus.read',
      result: { registers: [100, 101, 102] },
    });
    const audit = await h.services.audit.listForSite(tech, { siteId: world.sites.siteA });
    expect(
      audit.rows.some((r) => r.action === 'command.modbus.read' && r.actor_email === 'tech@zonnewarmte.test'),
    ).toBe(true);
  });

  it('lets a command the gateway never answers expire with a reason', async () => {
    answer = false;
    const support = await world.actor(world.users.support);
    const sent = await h.services.commands.diagnose(support, {
      siteId: world.sites.siteA,
      name: 'p1.lastTelegram',
      args: {},
    });
    h.clock.advance(61_000);
    expect((await h.services.commands.get(support, { commandId: sent.id })).status).toBe('expired');
    expect(await expireCommands(h.testDb.db, h.clock.now())).toBeGreaterThanOrEqual(1);
    const row = await h.services.commands.get(support, { commandId: sent.id });
    expect(row).toMatchObject({ status: 'expired', errorCode: 'expired' });
    h.clock.set(new Date());
    answer = true;
  });

  it('refuses diagnostics to homeowners and other tenants, and bad arguments with the reason', async () => {
    const owner = await world.actor(world.users.ownerA);
    await expect(
      h.services.commands.diagnose(owner, { siteId: world.sites.siteA, name: 'reboot', args: {} }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const other = await world.actor(world.users.instBTech);
    await expect(
      h.services.commands.diagnose(other, { siteId: world.sites.siteA, name: 'reboot', args: {} }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const tech = await world.actor(world.users.instATech);
    await expect(
      h.services.commands.diagnose(tech, {
        siteId: world.sites.siteA,
        name: 'modbus.read',
        args: { unit: 1, address: 0, count: 500, kind: 'holding', deviceId: '1' },
      }),
    ).rejects.toMatchObject({ code: 'validation' });
    await expect(
      h.services.commands.diagnose(tech, { siteId: world.sites.siteA2, name: 'reboot', args: {} }),
    ).rejects.toMatchObject({ messageKey: 'commands.noGateway' });
  });
});

describe('gateway configuration', () => {
  it("publishes every device of the site under its key as a versioned configuration and records the gateway's acknowledgement", async () => {
    const admin = await world.actor(world.users.instAAdmin);
    const first = await h.services.gatewayConfig.publishForSite(admin, world.sites.siteA);
    expect(first).toEqual({ version: 1 });
    const applied = await until(
      () => h.services.gatewayConfig.status(admin, { siteId: world.sites.siteA }),
      (s) => s?.state === 'applied',
    );
    expect(applied).toMatchObject({ version: 1, ackedVersion: 1, state: 'applied' });
    // the battery with the connection the scan stored, the charger (never scanned) by its key alone: both stay
    expect(applied?.config?.modbus?.devices).toEqual([
      {
        id: 'bat1',
        type: 'battery',
        driver: 'ilubat',
        endpoint: { transport: 'tcp', host: '192.168.1.20', port: 502 },
        unitId: 1,
      },
      { id: 'charger1', type: 'charger' },
    ]);
    const devices = await h.testDb.db
      .selectFrom('devices')
      .select(['device_key', 'gateway_id'])
      .where('site_id', '=', world.sites.siteA)
      .where('type', '!=', 'meter')
      .orderBy('id')
      .execute();
    expect(devices.map((d) => d.device_key)).toEqual(['bat1', 'charger1']);
    expect(devices.every((d) => d.gateway_id !== null)).toBe(true);

    await h.testDb.db
      .updateTable('devices')
      .set({
        modbus: JSON.stringify({
          driver: 'ilubat',
          endpoint: { transport: 'tcp', host: '192.168.1.20' },
          unitId: 240,
        }),
      })
      .where('id', '=', world.devices.batteryA)
      .execute();
    expect(await h.services.gatewayConfig.publishForSite(admin, world.sites.siteA)).toEqual({ version: 2 });
    const refused = await until(
      () => h.services.gatewayConfig.status(admin, { siteId: world.sites.siteA }),
      (s) => s?.ackedVersion === 2,
    );
    expect(refused).toMatchObject({ state: 'refused', error: 'unit id out of range' });
  });
});
