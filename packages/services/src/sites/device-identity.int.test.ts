import { randomBytes } from 'node:crypto';
import { translate } from '@ilumen/i18n';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayConfigService, modbusDevicesContributor } from '../gateways/config';
import { createServiceHarness, createWorld, refusalOf, type ServiceHarness, type World } from '../testing';

let h: ServiceHarness;
let world: World;
let gatewayId: number;

beforeAll(async () => {
  h = await createServiceHarness('device_identity', { broker: true });
  world = await createWorld(h.services);
  gatewayId = Number(
    (
      await h.testDb.db
        .insertInto('gateways')
        .values({
          serial: `ILS-K${randomBytes(4).toString('hex').toUpperCase()}`,
          site_id: world.sites.siteA,
          organization_id: world.orgs.instA,
        })
        .executeTakeFirstOrThrow()
    ).insertId,
  );
});
afterAll(async () => {
  await h.close();
});

/** The device keys in the configuration last sent to the site's gateway. */
async function sentDevices(): Promise<string[]> {
  const row = await h.testDb.db
    .selectFrom('gateway_configs')
    .select('config')
    .where('gateway_id', '=', gatewayId)
    .executeTakeFirstOrThrow();
  const config = (typeof row.config === 'string' ? JSON.parse(row.config) : row.config) as {
    modbus: { devices: Array<{ id: string }> };
  };
  return config.modbus.devices.map((d) => d.id);
}

describe('one key per device (decision 071)', () => {
  it('is given when the device is added: p1 for the meter, then per type, never a removed one’s with history', async () => {
    const sys = world.system;
    const site = (
      await h.services.sites.create(sys, {
        organizationId: world.orgs.instA,
        street: 'Sleutelstraat',
        houseNumber: '7',
        postalCode: '9000',
        city: 'Gent',
        gridPhases: 3,
        mainFuseA: 40,
      })
    ).id;
    const add = async (type: 'meter' | 'inverter' | 'battery', serial: string, ean?: string) => {
      const { id } = await h.services.devices.create(sys, { siteId: site, type, model: 'M', serial, ean });
      return (
        await h.testDb.db
          .selectFrom('devices')
          .select('device_key')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).device_key;
    };
    expect(await add('meter', '1SAG1100000099', '541448820044159304')).toBe('p1');
    expect(await add('inverter', 'INV-K-1')).toBe('inv1');
    expect(await add('battery', 'ILB-K-1')).toBe('bat1');
    expect(await add('battery', 'ILB-K-2')).toBe('bat2');
    // bat2 goes, leaving its quarters: a new battery does not take over its history
    const bat2 = await h.testDb.db
      .selectFrom('devices')
      .select('id')
      .where('site_id', '=', site)
      .where('device_key', '=', 'bat2')
      .executeTakeFirstOrThrow();
    await h.testDb.db
      .insertInto('device_qh')
      .values({
        site_id: site,
        device_key: 'bat2',
        ts: new Date('2026-01-01T10:00:00Z'),
        soc_pct: 50,
        energy_wh: 0,
      })
      .execute();
    await h.services.devices.remove(sys, { siteId: site, deviceId: bat2.id });
    expect(await add('battery', 'ILB-K-3')).toBe('bat3');
  });

  it('adding or removing a device sends the gateway a configuration with every device of the site', async () => {
    const sys = world.system;
    const { id } = await h.services.devices.create(sys, {
      siteId: world.sites.siteA,
      type: 'heat',
      model: 'iLuheat 200',
      serial: 'ILH-K-1',
    });
    expect(await sentDevices()).toEqual(['bat1', 'charger1', 'heat1']);
    await h.services.devices.remove(sys, { siteId: world.sites.siteA, deviceId: id });
    expect(await sentDevices()).toEqual(['bat1', 'charger1']);
  });

  it('refuses to remove a device a timer or a switched-on controller still steers, and says why', async () => {
    const owner = await world.actor(world.users.ownerA);
    const admin = await world.actor(world.users.admin);
    const installer = await world.actor(world.users.instAAdmin);
    const siteId = world.sites.siteA;
    const battery = { siteId, deviceId: world.devices.batteryA };
    const timer = await h.services.chargeTimers.add(owner, {
      ...battery,
      startHour: 1,
      endHour: 5,
      powerW: 2500,
    });
    const e = await refusalOf(h.services.devices.remove(installer, battery));
    expect(e).toMatchObject({ code: 'conflict', messageKey: 'devices.inUse.chargeTimers' });
    expect(translate('nl', e.messageKey)).toBe(
      'Deze batterij heeft nog laadtimers. Verwijder eerst de laadtimers, dan de batterij.',
    );
    expect(translate('fr', e.messageKey)).toMatch(/^Cette batterie a encore des minuteries/);

    await h.services.chargeTimers.remove(owner, { siteId, timerId: timer.id });
    await h.services.storeModules.grant(admin, { siteId, module: 'peak_shaving' });
    expect(await refusalOf(h.services.devices.remove(installer, battery))).toMatchObject({
      messageKey: 'devices.inUse.peakShaving',
    });
    // nothing half-done: the battery is still there and still on the gateway
    expect(await sentDevices()).toContain('bat1');
    await h.services.peakShaving.save(owner, { siteId, enabled: false, thresholdW: 4000, reservePct: 20 });
    await h.services.devices.remove(installer, battery);
    expect(await sentDevices()).toEqual(['charger1']);
  });

  it('never sends a configuration whose controllers name a device the site does not have', async () => {
    const stray = new GatewayConfigService(h.services.deps, [
      modbusDevicesContributor,
      async () => ({
        controllers: {
          chargeTimers: {
            enabled: true,
            timers: [{ batteryId: 'bat9', startHour: 1, endHour: 2, powerW: 1000 }],
          },
        },
      }),
    ]);
    const before = await h.services.gatewayConfig.status(world.system, { siteId: world.sites.siteA });
    const e = await refusalOf(stray.publishForSite(world.system, world.sites.siteA));
    expect(e).toMatchObject({ code: 'conflict', messageKey: 'gatewayConfig.deviceStillNamed' });
    expect(translate('nl', e.messageKey, e.params)).toContain('toestel bat9');
    const after = await h.services.gatewayConfig.status(world.system, { siteId: world.sites.siteA });
    expect(after?.version).toBe(before?.version);
  });
});
