import { randomBytes } from 'node:crypto';
import { readJson } from '@ilumen/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, createWorld, refusalOf, type ServiceHarness, type World } from '../../testing';

let h: ServiceHarness;
let world: World;

beforeAll(async () => {
  h = await createServiceHarness('troubleshoot_cmds', { broker: true });
  world = await createWorld(h.services);
  await h.testDb.db
    .insertInto('gateways')
    .values({
      serial: `ILS-T${randomBytes(4).toString('hex').toUpperCase()}`,
      site_id: world.sites.siteA,
      organization_id: world.orgs.instA,
      online: true,
    })
    .execute();
});
afterAll(async () => {
  await h.close();
});

async function command(id: string) {
  const row = await h.testDb.db
    .selectFrom('commands')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const audit = await h.testDb.db
    .selectFrom('audit_log')
    .select(['action', 'actor_email'])
    .where('entity_type', '=', 'command')
    .where('entity_id', '=', id)
    .executeTakeFirstOrThrow();
  return { name: row.name, args: readJson(row.args), audit };
}

describe('support commands on the troubleshooting page', () => {
  it('reboots the gateway only when confirmed, and keeps who asked in the audit trail', async () => {
    const support = await world.actor(world.users.support);
    const siteId = world.sites.siteA;
    const unconfirmed = await refusalOf(h.services.troubleshooting.reboot(support, { siteId }));
    expect(unconfirmed.fieldErrors.confirm?.key).toBe('troubleshoot.reboot.confirmRequired');
    expect(
      await h.testDb.db.selectFrom('commands').select('id').where('name', '=', 'reboot').execute(),
    ).toEqual([]);
    const sent = await h.services.troubleshooting.reboot(support, { siteId, confirm: 'on' });
    expect(await command(sent.id)).toEqual({
      name: 'reboot',
      args: { delayS: 0 },
      audit: { action: 'command.reboot', actor_email: 'support@ilumen.test' },
    });
  });

  it('scans one Modbus endpoint over a unit range, and asks for the log tail', async () => {
    const tech = await world.actor(world.users.instATech);
    const siteId = world.sites.siteA;
    const bad = await refusalOf(
      h.services.troubleshooting.scanModbus(tech, {
        siteId,
        endpoint: 'not an address',
        unitFrom: '1',
        unitTo: '3',
      }),
    );
    expect(bad.fieldErrors.endpoint?.key).toBe('commissioning.scan.badEndpoint');
    const range = await refusalOf(
      h.services.troubleshooting.scanModbus(tech, {
        siteId,
        endpoint: '192.168.1.20',
        unitFrom: '1',
        unitTo: '300',
      }),
    );
    expect(range.fieldErrors.unitTo).toEqual({
      key: 'validation.integerRange',
      params: { min: 1, max: 247 },
    });
    const scan = await h.services.troubleshooting.scanModbus(tech, {
      siteId,
      endpoint: '192.168.1.20',
      unitFrom: '1',
      unitTo: '3',
    });
    expect(await command(scan.id)).toMatchObject({
      name: 'modbus.scan',
      args: { endpoint: { transport: 'tcp', host: '192.168.1.20', port: 502 }, unitIds: [1, 2, 3] },
    });
    const tail = await h.services.troubleshooting.tailLog(tech, { siteId, lines: '50', minLevel: 'warn' });
    expect(await command(tail.id)).toMatchObject({ name: 'log.tail', args: { lines: 50, minLevel: 'warn' } });
  });

  it("is not for the homeowner nor another installer's staff", async () => {
    for (const who of [world.users.ownerA, world.users.instBTech]) {
      const e = await refusalOf(
        h.services.troubleshooting.reboot(await world.actor(who), {
          siteId: world.sites.siteA,
          confirm: 'on',
        }),
      );
      expect(['forbidden', 'not_found']).toContain(e.code);
    }
  });
});

describe('the timeline', () => {
  it('names the device of each event, whether the event carries its key or (older events) its id', async () => {
    const siteId = world.sites.siteA;
    const battery = await h.testDb.db
      .selectFrom('devices')
      .select(['id', 'device_key', 'model'])
      .where('site_id', '=', siteId)
      .where('type', '=', 'battery')
      .executeTakeFirstOrThrow();
    const event = (uid: string, key: string) => ({
      site_id: siteId,
      uid,
      ts: new Date('2026-12-01T10:00:00Z'),
      type: 'device.status',
      device_key: key,
      payload: JSON.stringify({ from: 'Standby', to: 'Laden' }),
    });
    await h.testDb.db
      .insertInto('events')
      .values([event('tl-1', battery.device_key), event('tl-2', String(battery.id)), event('tl-3', 'gone9')])
      .execute();
    const { rows } = await h.services.troubleshooting.events(await world.actor(world.users.support), {
      siteId,
      type: 'device.status',
    });
    const byKey = (key: string) => rows.find((r) => r.device_key === key)!;
    const named = { key: battery.device_key, type: 'battery', model: battery.model };
    expect(byKey(battery.device_key).device).toMatchObject(named);
    expect(byKey(String(battery.id)).device).toMatchObject(named);
    expect(byKey('gone9').device).toBeNull();
  });
});
