import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '../testing';

// Staff revoke a gateway's broker login (returned, stolen) on the project's broker: the connected box is dropped at
// once, cannot log in again, the revocation is audited; claiming it again gives it a working login.
const SERIAL = 'ILS-REVOKE0042';
const CODE = 'QQQQQ-WWWWW';
let h: ServiceHarness;
let world: World;
const clients: MqttClient[] = [];

beforeAll(async () => {
  h = await createServiceHarness('revoke', { broker: true });
  world = await createWorld(h.services);
  await h.services.gateways.register(await world.actor(world.users.fleet), {
    rows: `${SERIAL};${CODE};Zonnewarmte BV`,
  });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true)));
  await h?.close();
});

const claim = async () =>
  h.services.gateways.claim(
    await world.actor(world.users.instATech),
    { id: world.sites.siteA2, organizationId: world.orgs.instA },
    { serial: SERIAL, claimCode: CODE },
  );

async function connect(password: string): Promise<MqttClient> {
  const c = await mqtt.connectAsync(h.broker!.url, {
    username: SERIAL,
    password,
    clientId: `gw-${SERIAL}-${clients.length}`,
    protocolVersion: 5,
    reconnectPeriod: 0,
  });
  clients.push(c);
  return c;
}
const refused = (p: Promise<unknown>) =>
  p.then(
    () => 'connected',
    (e: { code?: number }) => e.code,
  );

describe('revoking a gateway', () => {
  it('is for staff only, with a reason and a confirmation', async () => {
    await claim();
    const installer = await world.actor(world.users.instAAdmin);
    await expect(
      h.services.gateways.revoke(installer, { serial: SERIAL, reason: 'stolen', confirm: 'on' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const fleet = await world.actor(world.users.fleet);
    await expect(
      h.services.gateways.revoke(fleet, { serial: SERIAL, reason: 'stolen' }),
    ).rejects.toMatchObject({
      fieldErrors: { confirm: { key: 'validation.required' } },
    });
    await expect(
      h.services.gateways.revoke(fleet, { serial: 'ILS-NOSUCH0001', reason: 'stolen', confirm: 'on' }),
    ).rejects.toMatchObject({ fieldErrors: { serial: { key: 'gateways.revoke.unknown' } } });
    await expect(
      h.services.gateways.revoke(fleet, { serial: SERIAL, reason: 'lost', confirm: 'on' }),
    ).rejects.toMatchObject({ fieldErrors: { reason: { key: 'validation.choice' } } });
  });

  it('drops the connected gateway at once, refuses its login from then on, and is audited', async () => {
    const { password } = await claim();
    const gw = await connect(password);
    const dropped = new Promise<number | undefined>((resolve) =>
      gw.once('disconnect', (p) => resolve(p.reasonCode)),
    );
    const fleet = await world.actor(world.users.fleet);
    await h.services.gateways.revoke(fleet, {
      serial: SERIAL,
      reason: 'stolen',
      note: 'aangifte 2026/123',
      confirm: 'on',
    });
    expect(await dropped).toBe(0x98); // administrative action
    expect(await refused(connect(password))).toBe(135);
    await expect(
      h.services.gateways.revoke(fleet, { serial: SERIAL, reason: 'stolen', confirm: 'on' }),
    ).rejects.toMatchObject({ fieldErrors: { serial: { key: 'gateways.revoke.already' } } });
    const row = await h.testDb.db
      .selectFrom('gateways')
      .select([
        'mqtt_revoked_at',
        'mqtt_revoked_reason',
        'mqtt_revoked_by_user_id',
        'mqtt_password_hash',
        'site_id',
      ])
      .where('serial', '=', SERIAL)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      mqtt_revoked_reason: 'stolen',
      mqtt_revoked_by_user_id: world.users.fleet,
      mqtt_password_hash: null,
      site_id: world.sites.siteA2,
    });
    expect(row.mqtt_revoked_at).toBeInstanceOf(Date);
    const audit = await h.testDb.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('action', '=', 'gateway.revoke')
      .execute();
    expect(audit).toEqual([{ action: 'gateway.revoke', actor_user_id: world.users.fleet }]);
  });

  it('claimed again, the box gets a new login that works', async () => {
    const { password } = await claim();
    expect((await connect(password)).connected).toBe(true);
    const { mqtt_revoked_at } = await h.testDb.db
      .selectFrom('gateways')
      .select('mqtt_revoked_at')
      .where('serial', '=', SERIAL)
      .executeTakeFirstOrThrow();
    expect(mqtt_revoked_at).toBeNull();
  });
});
