import { randomUUID } from 'node:crypto';
import { readJson } from '@ilumen/db';
import { cheapestHours, hourlyPrices, instantOfLocal, type PriceSlot } from '@ilumen/energy';
import {
  dynamicChargingControllerSchema,
  type GatewayConfigBody,
  loadBalancingControllerSchema,
  peakShavingControllerSchema,
} from '@ilumen/mqtt-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '../testing';

let h: ServiceHarness;
let world: World;

beforeAll(async () => {
  h = await createServiceHarness('store_modules', {
    broker: true,
  });
  world = await createWorld(h.services);
  h.clock.set('2026-01-14T09:00:00Z');
  await h.testDb.db
    .insertInto('gateways')
    .values({
      serial: 'ILS-CTRL00001',
      site_id: world.sites.siteA,
      organization_id: world.orgs.instA,
      online: true,
    })
    .execute();
  await h.testDb.db
    .updateTable('devices')
    .set({ device_key: 'bat1' })
    .where('id', '=', world.devices.batteryA)
    .execute();
  await h.testDb.db
    .updateTable('devices')
    .set({ device_key: 'charger1' })
    .where('id', '=', world.devices.chargerA)
    .execute();
});
afterAll(async () => {
  await h.close();
});

const audit = (action: string) =>
  h.testDb.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', action)
    .where('site_id', '=', world.sites.siteA)
    .orderBy('id')
    .execute();
async function sentConfig(): Promise<GatewayConfigBody> {
  const row = await h.testDb.db
    .selectFrom('gateway_configs as c')
    .innerJoin('gateways as g', 'g.id', 'c.gateway_id')
    .select('c.config')
    .where('g.site_id', '=', world.sites.siteA)
    .executeTakeFirstOrThrow();
  return readJson<GatewayConfigBody>(row.config)!;
}

/** A quarter-hour price day whose quarters differ inside each hour, so the hour's mean matters. */
function quarterDay(day: string): PriceSlot[] {
  const start = instantOfLocal(day, 0, 0);
  const end = instantOfLocal(day, 24, 0);
  const slots: PriceSlot[] = [];
  for (let t = start, i = 0; t < end; t += 15 * 60_000, i++) {
    const hour = Math.floor(i / 4);
    // cheapest around 03:00 and 14:00, but one quarter of 14:00 is expensive enough to push that hour out
    const base = 80 - 30 * Math.exp(-((hour - 3) ** 2) / 4) - 35 * Math.exp(-((hour - 14) ** 2) / 3);
    const spike = hour === 14 && i % 4 === 2 ? 140 : 0;
    slots.push({
      start: new Date(t).toISOString(),
      minutes: 15,
      eurPerMwh: Math.round((base + spike + (i % 4) * 0.37) * 100) / 100,
    });
  }
  return slots;
}

describe('iLuStore modules', () => {
  it('are granted and withdrawn by staff and the site’s installer admin only, audited', async () => {
    const owner = await world.actor(world.users.ownerA);
    const support = await world.actor(world.users.support);
    const otherInstaller = await world.actor(world.users.instBAdmin);
    const installer = await world.actor(world.users.instAAdmin);
    const technician = await world.actor(world.users.instATech);
    const admin = await world.actor(world.users.admin);
    const siteId = world.sites.siteA;
    // A technician services the site; what the customer pays for is the installer admin's to grant (decision 081).
    await expect(
      h.services.storeModules.grant(technician, { siteId, module: 'peak_shaving' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect((await h.services.storeModules.list(technician, { siteId })).canGrant).toBe(false);
    await expect(
      h.services.storeModules.grant(owner, { siteId, module: 'peak_shaving' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      h.services.storeModules.grant(support, { siteId, module: 'peak_shaving' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      h.services.storeModules.grant(otherInstaller, { siteId, module: 'peak_shaving' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await h.services.storeModules.grant(installer, { siteId, module: 'peak_shaving' })).toEqual({
      granted: true,
      changed: true,
    });
    expect(await h.services.storeModules.grant(installer, { siteId, module: 'peak_shaving' })).toEqual({
      granted: true,
      changed: false,
    });
    await h.services.storeModules.grant(admin, { siteId, module: 'dynamic_charging' });
    await h.services.storeModules.grant(installer, { siteId, module: 'load_balancing' });
    const lines = await audit('store_module.grant');
    expect(lines.map((l) => [l.actor_email, readJson<{ module: string }>(l.after)?.module])).toEqual([
      ['admin@zonnewarmte.test', 'peak_shaving'],
      ['admin@ilumen.test', 'dynamic_charging'],
      ['admin@zonnewarmte.test', 'load_balancing'],
    ]);
    // load balancing starts at the main fuse
    expect((await h.services.loadBalancing.view(owner, { siteId })).limitA).toBe(40);

    const list = await h.services.storeModules.list(owner, { siteId });
    expect(list.canGrant).toBe(false);
    expect(list.modules.map((m) => [m.module, m.granted, m.grantedBy])).toEqual([
      ['peak_shaving', true, null],
      ['dynamic_charging', true, null],
      ['load_balancing', true, null],
    ]);
    expect((await h.services.storeModules.list(installer, { siteId })).modules[0]).toMatchObject({
      granted: true,
      grantedBy: 'Anna Installateur',
    });
    const chargersOnly = await world.actor(world.users.memberChargers);
    await expect(h.services.storeModules.list(chargersOnly, { siteId })).rejects.toMatchObject({
      code: 'forbidden',
      messageKey: 'home.chargersOnly',
    });
    await expect(
      h.services.storeModules.list(await world.actor(world.users.ownerB), { siteId }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('peak shaving: the owner sets threshold and reserve (warned under 2500 W), audited and sent to the gateway', async () => {
    const owner = await world.actor(world.users.ownerA);
    const siteId = world.sites.siteA;
    expect(
      await h.services.peakShaving.save(owner, {
        siteId,
        thresholdW: '2000',
        reservePct: '30',
        enabled: 'on',
      }),
    ).toEqual({ noGain: true });
    const view = await h.services.peakShaving.view(owner, { siteId });
    expect(view).toMatchObject({
      granted: true,
      enabled: true,
      thresholdW: 2000,
      reservePct: 30,
      noGain: true,
      canEdit: true,
      hasBattery: true,
    });
    await h.services.peakShaving.save(owner, { siteId, thresholdW: 4000, reservePct: 30 });
    const lines = await audit('peak_shaving.settings');
    expect(lines.map((l) => [readJson(l.before), readJson(l.after)])).toEqual([
      [
        { thresholdW: 4000, reservePct: 20 },
        { thresholdW: 2000, reservePct: 30 },
      ],
      [{ thresholdW: 2000 }, { thresholdW: 4000 }],
    ]);
    const config = await sentConfig();
    expect(peakShavingControllerSchema.parse(config.controllers?.peakShaving)).toMatchObject({
      enabled: true,
      thresholdW: 4000,
      reservePct: 30,
      batteryIds: ['bat1'],
    });
    // an "Alle data" member reads but may not change; out-of-range values are refused per field
    const member = await world.actor(world.users.memberAll);
    await expect(
      h.services.peakShaving.save(member, { siteId, thresholdW: 3000, reservePct: 20 }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      h.services.peakShaving.save(owner, { siteId, thresholdW: 100, reservePct: 120 }),
    ).rejects.toMatchObject({ code: 'validation', fieldErrors: { thresholdW: {}, reservePct: {} } });
  });

  it('load balancing: an import limit in A (not over the main fuse) and/or W, sent as the gateway section', async () => {
    const installer = await world.actor(world.users.instAAdmin);
    const siteId = world.sites.siteA;
    await expect(
      h.services.loadBalancing.save(installer, { siteId, limitA: '63', limitW: '' }),
    ).rejects.toMatchObject({ code: 'validation', fieldErrors: { limitA: { key: 'control.lb.overFuse' } } });
    await expect(
      h.services.loadBalancing.save(installer, { siteId, limitA: '', limitW: '' }),
    ).rejects.toMatchObject({ fieldErrors: { limitA: { key: 'control.lb.limitRequired' } } });
    await h.services.loadBalancing.save(installer, { siteId, limitA: '25', limitW: '11000' });
    const lb = loadBalancingControllerSchema.parse((await sentConfig()).controllers?.loadBalancing);
    expect(lb).toMatchObject({ maxPhaseA: 25, maxImportW: 11_000, chargerIds: ['charger1'] });
  });

  it('dynamic charging plans the "Aantal uren" cheapest hours (an hour is the mean of its quarters) and sends them under the peak threshold', async () => {
    const owner = await world.actor(world.users.ownerA);
    const siteId = world.sites.siteA;
    const tomorrow = '2026-01-15';
    const slots = quarterDay(tomorrow);
    await h.services.prices.store({
      zone: 'BE',
      day: tomorrow,
      status: 'ok',
      minutes: 15,
      slots,
      complete: true,
    });
    await h.services.dynamicCharging.save(owner, { siteId, enabled: 'on', hours: '4' });
    const view = await h.services.dynamicCharging.view(owner, { siteId });
    const day = view.days.find((d) => d.day === tomorrow)!;
    expect(day.published).toBe(true);
    expect(day.hourly).toHaveLength(24);
    // the four hours with the lowest mean of their quarters, worked out here by hand
    const means = new Map<number, number[]>();
    for (const s of slots) {
      const hour = Math.floor((Date.parse(s.start) - instantOfLocal(tomorrow, 0, 0)) / 3_600_000);
      means.set(hour, [...(means.get(hour) ?? []), s.eurPerMwh]);
    }
    const ranked = [...means]
      .map(([hour, p]) => ({ hour, mean: p.reduce((a, b) => a + b, 0) / p.length }))
      .sort((a, b) => a.mean - b.mean || a.hour - b.hour);
    const expected = ranked
      .slice(0, 4)
      .map((r) => new Date(instantOfLocal(tomorrow, r.hour, 0)).toISOString())
      .sort();
    expect(day.planned?.map((p) => p.start)).toEqual(expected);
    // 14:00 is not among them although three of its quarters are cheap: its mean is not
    expect(expected).not.toContain(new Date(instantOfLocal(tomorrow, 14, 0)).toISOString());
    expect(day.planned?.map((p) => p.start)).toEqual(
      cheapestHours(hourlyPrices(slots, tomorrow), { hours: 4 }).hours.map((x) =>
        new Date(x.start).toISOString(),
      ),
    );
    // the gateway got them, to be charged under the peak threshold
    const dyn = dynamicChargingControllerSchema.parse((await sentConfig()).controllers?.dynamicCharging);
    expect(dyn.hours.map((x) => x.start)).toEqual(expected);
    expect(dyn.maxImportW).toBe(4000);
    expect(await audit('dynamic_charging.settings')).toHaveLength(1);
  });

  it('the timeline shows the decisions with their reasons, to the owner and to support, and pages back', async () => {
    const siteId = world.sites.siteA;
    const gw = await h.testDb.db
      .selectFrom('gateways')
      .select('id')
      .where('site_id', '=', siteId)
      .executeTakeFirstOrThrow();
    const at = (m: number) => new Date(Date.parse('2026-01-14T17:00:00Z') + m * 60_000);
    const rows = [
      {
        type: 'control.decision',
        payload: {
          controller: 'peakShaving',
          action: 'battery.setpoint',
          reason: 'the home takes 6.80 kW…',
          values: {
            code: 'peak.shave',
            predictedW: 6400,
            thresholdW: 4000,
            watts: -2800,
            deviceId: 'bat1',
            result: 'ok',
          },
        },
      },
      {
        type: 'device.status',
        payload: { deviceId: 'charger1', deviceType: 'charger', from: 'Standby', to: 'Laden' },
      },
      {
        type: 'control.decision',
        payload: {
          controller: 'loadBalancing',
          action: 'charger.current',
          reason: 'L1 at 27 A (limit 25 A): lower charger1 to 12 A',
          values: { code: 'lb.lower', amps: 12, deviceId: 'charger1', result: 'ok' },
        },
      },
      {
        type: 'maintenance.progress',
        payload: { batteryId: 'bat1', chargeId: 'mnt-9', phase: 'started', socPct: 41 },
      },
    ];
    await h.testDb.db
      .insertInto('events')
      .values(
        rows.map((r, i) => ({
          site_id: siteId,
          gateway_id: gw.id,
          uid: randomUUID(),
          ts: at(i),
          type: r.type,
          device_key: null,
          payload: JSON.stringify(r.payload),
        })),
      )
      .execute();
    // the demo's chargers are called 'iLucharge 11': the page names it once, not 'iLucharge iLucharge 11'
    await h.testDb.db
      .updateTable('devices')
      .set({ model: 'iLucharge 11' })
      .where('site_id', '=', siteId)
      .where('type', '=', 'charger')
      .execute();
    const owner = await world.actor(world.users.ownerA);
    const first = await h.services.timeline.list(owner, { siteId, limit: 2 });
    expect(Object.values(first.devices)).toContain('iLucharge 11');
    expect(Object.values(first.devices)).toContain('iLubat Model battery');
    expect(first.items.map((i) => [i.controller, i.code])).toEqual([
      ['maintenance', 'mnt.started'],
      ['loadBalancing', 'lb.lower'],
    ]);
    expect(first.items[1]?.reason).toBe('L1 at 27 A (limit 25 A): lower charger1 to 12 A');
    const next = await h.services.timeline.list(owner, { siteId, limit: 2, cursor: first.cursor });
    expect(next.items.map((i) => i.code)).toEqual(['peak.shave']);
    expect(next.cursor).toBeNull();
    const support = await world.actor(world.users.support);
    expect(
      (await h.services.timeline.list(support, { siteId, show: 'all' })).items.map((i) => i.type),
    ).toContain('device.status');
    await expect(
      h.services.timeline.list(await world.actor(world.users.instBTech), { siteId }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('withdrawing a module takes its section out of the gateway configuration', async () => {
    const admin = await world.actor(world.users.admin);
    await h.services.storeModules.revoke(admin, { siteId: world.sites.siteA, module: 'load_balancing' });
    const config = await sentConfig();
    expect(config.controllers?.loadBalancing).toBeUndefined();
    expect(config.controllers?.peakShaving).toBeDefined();
    expect(await audit('store_module.revoke')).toHaveLength(1);
    await expect(
      h.services.loadBalancing.save(admin, { siteId: world.sites.siteA, limitA: 20 }),
    ).rejects.toMatchObject({ code: 'forbidden', messageKey: 'control.notGranted' });
  });
});
