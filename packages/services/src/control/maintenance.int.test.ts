import { randomUUID } from 'node:crypto';
import { readJson } from '@ilumen/db';
import { instantOfLocal, type PriceSlot } from '@ilumen/energy';
import { coded, translate } from '@ilumen/i18n';
import { type GatewayConfigBody, maintenanceControllerSchema } from '@ilumen/mqtt-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '../testing';
import { chargeKey } from './maintenance';

let h: ServiceHarness;
let world: World;
let gatewayId: number;

const NOW = new Date('2026-01-20T10:00:00Z');
const TOMORROW = '2026-01-21';

beforeAll(async () => {
  h = await createServiceHarness('maintenance', {
    broker: true,
  });
  world = await createWorld(h.services);
  h.clock.set(NOW);
  const db = h.testDb.db;
  const gw = await db
    .insertInto('gateways')
    .values({
      serial: 'ILS-MNT00001',
      site_id: world.sites.siteA,
      organization_id: world.orgs.instA,
      online: true,
    })
    .executeTakeFirstOrThrow();
  gatewayId = Number(gw.insertId);
  await db
    .insertInto('gateways')
    .values({
      serial: 'ILS-MNT00002',
      site_id: world.sites.siteB,
      organization_id: world.orgs.instB,
      online: true,
    })
    .execute();
  await db
    .updateTable('devices')
    .set({ device_key: 'bat1', active_since: '2025-06-01' })
    .where('id', 'in', [world.devices.batteryA, world.devices.batteryB])
    .execute();
  // SoC every 6 hours for 30 days: site A's battery last full on 30 December, site B's yesterday
  const rows = [];
  for (let t = NOW.getTime() - 30 * 86_400_000; t < NOW.getTime(); t += 6 * 3_600_000) {
    const ts = new Date(t);
    rows.push({
      site_id: world.sites.siteA,
      device_key: 'bat1',
      ts,
      soc_pct: ts.toISOString().startsWith('2025-12-30T16') ? '100.0' : '62.5',
      temp_c: null,
      energy_wh: null,
    });
    rows.push({
      site_id: world.sites.siteB,
      device_key: 'bat1',
      ts,
      soc_pct: ts.getTime() > NOW.getTime() - 86_400_000 ? '100.0' : '50.0',
      temp_c: null,
      energy_wh: null,
    });
  }
  await db.insertInto('device_qh').values(rows).execute();
  // tomorrow's hourly prices: the run 01:00–04:00 is the cheapest three in a row
  const slots: PriceSlot[] = Array.from({ length: 24 }, (_, hour) => ({
    start: new Date(instantOfLocal(TOMORROW, hour, 0)).toISOString(),
    minutes: 60,
    eurPerMwh: [
      70, 40, 41, 42, 60, 75, 90, 110, 100, 80, 60, 35, 90, 85, 80, 85, 100, 130, 140, 120, 100, 90, 80, 75,
    ][hour]!,
  }));
  await h.services.prices.store({
    zone: 'BE',
    day: TOMORROW,
    status: 'ok',
    minutes: 60,
    slots,
    complete: true,
  });
});
afterAll(async () => {
  await h.close();
});

async function sentMaintenance() {
  const row = await h.testDb.db
    .selectFrom('gateway_configs')
    .select('config')
    .where('gateway_id', '=', gatewayId)
    .executeTakeFirst();
  const config = row ? readJson<GatewayConfigBody>(row.config) : null;
  return config?.controllers?.maintenance
    ? maintenanceControllerSchema.parse(config.controllers.maintenance)
    : null;
}

describe('battery maintenance mode', () => {
  it('plans a charge for a battery not full within 14 days, in the cheapest window, and announces it in the app and by mail', async () => {
    const r = await h.services.maintenance.planDue({ intervalDays: 14, windowHours: 3 });
    expect(r.planned).toHaveLength(1);
    const charge = r.planned[0]!;
    expect(charge).toMatchObject({ siteId: world.sites.siteA, deviceKey: 'bat1' });
    expect(charge.windowStart.toISOString()).toBe(new Date(instantOfLocal(TOMORROW, 1, 0)).toISOString());
    expect(charge.windowEnd.toISOString()).toBe(new Date(instantOfLocal(TOMORROW, 4, 0)).toISOString());
    const row = await h.testDb.db
      .selectFrom('maintenance_charges')
      .selectAll()
      .where('id', '=', charge.id)
      .executeTakeFirstOrThrow();
    expect(row.last_full_at?.toISOString()).toBe('2025-12-30T16:00:00.000Z');
    expect(row.mean_eur_per_mwh).toBe('41.00');
    expect(row.announced_at?.toISOString()).toBe(NOW.toISOString());

    const notes = await h.services.notifications.list(await world.actor(world.users.ownerA));
    const note = notes.rows.find((n) => n.kind === 'maintenance');
    expect(note).toMatchObject({
      siteId: world.sites.siteA,
      titleKey: 'notification.maintenance.planned.title',
    });
    // the window in the reader's own format, in Brussels time
    expect(translate('nl', note!.bodyKey, note!.params)).toContain('op 21/01/2026 tussen 01:00 en 04:00');
    const mail = await h.sink.waitFor(
      (m) => m.to.includes('owner-a@home.test') && m.subject === 'Onderhoud van je thuisbatterij',
      15_000,
    );
    expect(mail.text).toContain('Kerkstraat 1, 9000 Gent');
    expect(mail.text).toContain(`/app/sites/${world.sites.siteA}/timeline`);

    // a second run plans nothing new
    expect((await h.services.maintenance.planDue({ intervalDays: 14, windowHours: 3 })).planned).toEqual([]);
    // the site's gateway gets it in its configuration
    await h.services.gatewayConfig.publishForSite(world.system, world.sites.siteA);
    const section = await sentMaintenance();
    expect(section?.charges).toEqual([
      {
        id: chargeKey(charge.id),
        batteryId: 'bat1',
        start: charge.windowStart.toISOString(),
        end: charge.windowEnd.toISOString(),
        targetSocPct: 100,
      },
    ]);
    expect(
      await h.services.maintenance.list(await world.actor(world.users.ownerA), { siteId: world.sites.siteA }),
    ).toMatchObject([{ status: 'planned' }]);
  });

  it('records what the gateway reports, and a charge nobody reported on as missed', async () => {
    const charge = await h.testDb.db
      .selectFrom('maintenance_charges')
      .selectAll()
      .where('site_id', '=', world.sites.siteA)
      .executeTakeFirstOrThrow();
    const at = (min: number) => new Date(charge.window_start.getTime() + min * 60_000);
    const progress = (min: number, phase: string, socPct: number) => ({
      site_id: world.sites.siteA,
      gateway_id: gatewayId,
      uid: randomUUID(),
      ts: at(min),
      type: 'maintenance.progress',
      device_key: 'bat1',
      payload: JSON.stringify({ batteryId: 'bat1', chargeId: chargeKey(charge.id), phase, socPct }),
    });
    await h.testDb.db
      .insertInto('events')
      .values([progress(0, 'started', 58), progress(30, 'charging', 70)])
      .execute();
    h.clock.set(at(40));
    expect(await h.services.maintenance.reconcile()).toEqual({ updated: 1, sites: [] });
    expect(
      await h.testDb.db
        .selectFrom('maintenance_charges')
        .select(['status', 'final_soc_pct'])
        .where('id', '=', charge.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: 'running', final_soc_pct: '70.0' });

    await h.testDb.db
      .insertInto('events')
      .values(progress(130, 'completed', 100))
      .execute();
    // a second, older charge of site B that its gateway never reported on
    const missed = await h.testDb.db
      .insertInto('maintenance_charges')
      .values({
        site_id: world.sites.siteB,
        device_id: world.devices.batteryB,
        device_key: 'bat1',
        status: 'planned',
        window_start: at(-600),
        window_end: at(-420),
        announced_at: at(-2000),
      })
      .executeTakeFirstOrThrow();
    h.clock.set(at(140));
    const r = await h.services.maintenance.reconcile();
    expect(r.updated).toBe(2);
    expect(r.sites.sort()).toEqual([world.sites.siteA, world.sites.siteB].sort());
    const done = await h.testDb.db
      .selectFrom('maintenance_charges')
      .selectAll()
      .where('id', '=', charge.id)
      .executeTakeFirstOrThrow();
    expect(done).toMatchObject({ status: 'completed', final_soc_pct: '100.0' });
    expect(done.started_at?.toISOString()).toBe(at(0).toISOString());
    expect(done.finished_at?.toISOString()).toBe(at(130).toISOString());
    expect(
      await h.testDb.db
        .selectFrom('maintenance_charges')
        .select(['status', 'reason'])
        .where('id', '=', Number(missed.insertId))
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: 'missed', reason: coded('control.maintenance.reason.noReport') });
    // a finished charge leaves the gateway's configuration
    await h.services.gatewayConfig.publishForSite(world.system, world.sites.siteA);
    expect(await sentMaintenance()).toBeNull();
  });
});
