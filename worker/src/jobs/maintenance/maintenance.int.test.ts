import { randomUUID } from 'node:crypto';
import { readJson } from '@ilumen/db';
import type { Handlers } from '@ilumen/jobs';
import { createLogger } from '@ilumen/logger';
import { type GatewayConfigBody, maintenanceControllerSchema } from '@ilumen/mqtt-contract';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '@ilumen/services/testing';
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maintenanceHandlers } from './maintenance-handlers';

/*
 * The maintenance queue as the worker runs it: the daily run plans and announces a charge and sends it in the
 * gateway's configuration; the reconcile run records the gateway's report and takes the finished charge out again.
 */

let h: ServiceHarness;
let world: World;
let handlers: Handlers<'maintenance'>;
let gatewayId: number;
const job = { id: 'test' } as Job;

beforeAll(async () => {
  h = await createServiceHarness('maintenance_jobs', {
    broker: true,
  });
  world = await createWorld(h.services);
  h.clock.set('2026-01-20T10:00:00Z');
  const db = h.testDb.db;
  const gw = await db
    .insertInto('gateways')
    .values({
      serial: 'ILS-MNTJOB01',
      site_id: world.sites.siteA,
      organization_id: world.orgs.instA,
      online: true,
    })
    .executeTakeFirstOrThrow();
  gatewayId = Number(gw.insertId);
  await db
    .updateTable('devices')
    .set({ device_key: 'bat1', active_since: '2025-06-01' })
    .where('id', '=', world.devices.batteryA)
    .execute();
  const rows = [];
  for (let d = 20; d >= 0; d--)
    rows.push({
      site_id: world.sites.siteA,
      device_key: 'bat1',
      ts: new Date(Date.parse('2026-01-20T09:00:00Z') - d * 86_400_000),
      soc_pct: '55.0',
      temp_c: null,
      energy_wh: null,
    });
  await db.insertInto('device_qh').values(rows).execute();
  handlers = maintenanceHandlers({
    services: h.services,
    logger: createLogger({ name: 'maintenance-test', level: 'silent' }),
    intervalDays: 14,
    windowHours: 3,
  });
});
afterAll(async () => {
  await h.close();
});

async function section() {
  const row = await h.testDb.db
    .selectFrom('gateway_configs')
    .select('config')
    .where('gateway_id', '=', gatewayId)
    .executeTakeFirst();
  const c = row ? readJson<GatewayConfigBody>(row.config)?.controllers?.maintenance : undefined;
  return c ? maintenanceControllerSchema.parse(c) : null;
}

describe('maintenance jobs', () => {
  it('plans, announces and sends a charge; records its completion; takes it out of the configuration', async () => {
    expect(await handlers.planDue({}, job)).toEqual({ planned: 1, mails: 1, sent: 1 });
    const planned = await section();
    expect(planned?.charges).toHaveLength(1);
    const charge = planned!.charges[0]!;
    // without prices for tomorrow: the night window from 02:00 Brussels
    expect(charge.start).toBe('2026-01-21T01:00:00.000Z');
    await h.sink.waitFor(
      (m) => m.to.includes('owner-a@home.test') && m.subject === 'Onderhoud van je thuisbatterij',
      15_000,
    );

    const at = (min: number) => new Date(Date.parse(charge.start) + min * 60_000);
    const progress = (min: number, phase: string, socPct: number) => ({
      site_id: world.sites.siteA,
      gateway_id: gatewayId,
      uid: randomUUID(),
      ts: at(min),
      type: 'maintenance.progress',
      device_key: 'bat1',
      payload: JSON.stringify({ batteryId: 'bat1', chargeId: charge.id, phase, socPct }),
    });
    await h.testDb.db
      .insertInto('events')
      .values([progress(0, 'started', 52), progress(95, 'completed', 100)])
      .execute();
    h.clock.set(at(100));
    expect(await handlers.reconcile({}, job)).toEqual({ updated: 1, sent: 1 });
    expect(await section()).toBeNull();
    const row = await h.testDb.db
      .selectFrom('maintenance_charges')
      .select(['status', 'final_soc_pct'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'completed', final_soc_pct: '100.0' });
  });
});
