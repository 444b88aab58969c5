/*
 * State that does not depend on start-up order (decision 071): an ingest that starts after the gateways, or whose
 * session was made before any gateway spoke, or a box that was powered before it was claimed, still ends with every
 * device's status on its row — and the box's early messages raise no refusals.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type ProjectBroker, startProjectBroker } from '@ilumen/broker';
import { createTestDb, type TestDb } from '@ilumen/db/testing';
import { createLogger } from '@ilumen/logger';
import { encode, type PayloadInput, topics } from '@ilumen/mqtt-contract';
import { gatewayKeys } from '@ilumen/services';
import { until } from '@ilumen/services/testing';
import { Redis } from 'ioredis';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Ingest, startIngest } from './ingest';
import { createIngestSession } from './session';

const logger = createLogger({ name: 'start-order-test', level: 'silent' });
const prefix = `test-order-${randomBytes(4).toString('hex')}`;
let t: TestDb;
let broker: ProjectBroker;
let redis: Redis;
let gw: MqttClient;
let organizationId: number;
const running: Ingest[] = [];

const newSerial = () => `ILS-O${randomBytes(4).toString('hex').toUpperCase()}`;

beforeAll(async () => {
  t = await createTestDb('start_order');
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
  organizationId = Number(
    (
      await t.db
        .insertInto('organizations')
        .values({ kind: 'installer', name: 'I' })
        .executeTakeFirstOrThrow()
    ).insertId,
  );
  // the project broker (decision 018); the load generator's login may speak for any serial, as each box does for its own
  broker = await startProjectBroker({ persistence: false, loadGenerator: true });
  const load = broker.loadGenerator;
  if (!load) throw new Error('the project broker made no load-generator login');
  gw = await mqtt.connectAsync(broker.url, {
    clientId: `gw-order-${randomBytes(4).toString('hex')}`,
    username: load.username,
    password: load.password,
  });
});

afterEach(async () => {
  for (const i of running.splice(0)) await i.stop();
});

afterAll(async () => {
  await gw?.endAsync();
  await broker?.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await t?.drop();
});

/** A site with a battery (bat1) and a charger (charger1), and a gateway on it (or not yet, for an unclaimed box). */
async function home(serial: string, claimed: boolean) {
  const siteId = Number(
    (
      await t.db
        .insertInto('sites')
        .values({
          organization_id: organizationId,
          street: 'S',
          house_number: '1',
          postal_code: '9000',
          city: 'Gent',
        })
        .executeTakeFirstOrThrow()
    ).insertId,
  );
  const gatewayId = Number(
    (
      await t.db
        .insertInto('gateways')
        .values({ serial, site_id: claimed ? siteId : null, organization_id: organizationId })
        .executeTakeFirstOrThrow()
    ).insertId,
  );
  for (const [type, key] of [
    ['battery', 'bat1'],
    ['charger', 'charger1'],
  ] as const)
    await t.db
      .insertInto('devices')
      .values({
        site_id: siteId,
        type,
        model: 'M',
        serial: `${serial}-${key}`,
        device_key: key,
        active_since: '2026-01-01',
      })
      .execute();
  return { siteId, gatewayId };
}

function ingestFor(o: { clientId?: string; shareGroup?: string } = {}) {
  return {
    db: t.db,
    redis,
    logger,
    redisPrefix: prefix,
    mqttUrl: broker.url,
    mqttUsername: broker.users.ingest.username,
    mqttPassword: broker.users.ingest.password,
    shareGroup: o.shareGroup ?? `g${randomBytes(4).toString('hex')}`,
    clientId: o.clientId ?? `ingest-${randomBytes(4).toString('hex')}`,
  };
}

async function start(o: Parameters<typeof ingestFor>[0] = {}) {
  const ingest = await startIngest(ingestFor(o));
  running.push(ingest);
  return ingest;
}

const since = '2026-11-20T08:00:00.000Z';
type DeviceStates = NonNullable<Extract<PayloadInput<'state'>, { online: true }>['devices']>;
function onlineState(devices: DeviceStates) {
  return encode('state', {
    v: 1,
    online: true,
    ts: new Date().toISOString(),
    firmwareVersion: '1.0.0',
    hardwareRevision: 'B',
    uptimeS: 60,
    devices,
  });
}

/** The charger's first status after the gateway started (`null → Standby`): sent once, as an event. */
async function firstChargerStatus(serial: string) {
  await gw.publishAsync(
    topics.event(serial),
    encode('event', {
      v: 1,
      id: randomUUID(),
      ts: since,
      type: 'device.status',
      deviceId: 'charger1',
      deviceType: 'charger',
      from: null,
      to: 'Standby',
    }),
    { qos: 1 },
  );
}

async function statuses(siteId: number) {
  const rows = await t.db
    .selectFrom('devices')
    .select(['device_key', 'status'])
    .where('site_id', '=', siteId)
    .orderBy('device_key')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.device_key, r.status]));
}

describe('device statuses whatever starts first', () => {
  it('an ingest that starts after the gateway learns every status from its retained state', async () => {
    const serial = newSerial();
    const { siteId } = await home(serial, true);
    // the gateway spoke (its first null → Standby went to no one) long before any ingest ran
    await gw.publishAsync(
      topics.state(serial),
      onlineState([
        { id: 'bat1', type: 'battery', status: 'Standby', since },
        { id: 'charger1', type: 'charger', status: 'EV geconnecteerd', since },
      ]),
      { qos: 1, retain: true },
    );
    await start();
    expect(
      await until(
        () => statuses(siteId),
        (s) => s.charger1 !== null && s.bat1 !== null,
      ),
    ).toEqual({ bat1: 'Standby', charger1: 'EV geconnecteerd' });
  });

  it('a status from the state never overwrites a newer one from an event, and a restart learns them again', async () => {
    const serial = newSerial();
    const { siteId, gatewayId } = await home(serial, true);
    await t.db
      .updateTable('devices')
      .set({ status: 'Laden', status_changed_at: new Date('2026-11-20T09:00:00Z') })
      .where('site_id', '=', siteId)
      .where('device_key', '=', 'bat1')
      .execute();
    await gw.publishAsync(
      topics.state(serial),
      onlineState([
        { id: 'bat1', type: 'battery', status: 'Standby', since },
        { id: 'charger1', type: 'charger', status: 'Standby', since },
      ]),
      { qos: 1, retain: true },
    );
    await start();
    expect(
      await until(
        () => statuses(siteId),
        (s) => s.charger1 !== null,
      ),
    ).toEqual({ bat1: 'Laden', charger1: 'Standby' });
    // the worker restarts after the rows were lost: the retained state gives them back
    await t.db
      .updateTable('devices')
      .set({ status: null, status_changed_at: null })
      .where('site_id', '=', siteId)
      .execute();
    for (const i of running.splice(0)) await i.stop();
    await start();
    expect(
      await until(
        () => statuses(siteId),
        (s) => s.bat1 !== null && s.charger1 !== null,
      ),
    ).toEqual({ bat1: 'Standby', charger1: 'Standby' });
    // a stored state is not news: the gateway row keeps what the live messages say, not a stale online
    const gateway = await t.db
      .selectFrom('gateways')
      .select('last_seen_at')
      .where('id', '=', gatewayId)
      .executeTakeFirstOrThrow();
    expect(gateway.last_seen_at).toBeNull();
  });

  it('the ingest session made before any gateway speaks keeps what they send until the ingest runs', async () => {
    const serial = newSerial();
    const { siteId } = await home(serial, true);
    const o = ingestFor();
    await createIngestSession(o);
    // the gateway's first status change, sent once, while no ingest is running
    await firstChargerStatus(serial);
    await start(o);
    const after = await until(
      () => statuses(siteId),
      (s) => s.charger1 !== null,
    );
    expect(after.charger1).toBe('Standby');
  });

  it('a box powered before it was claimed raises no refusal, and its statuses land once it is on the site', async () => {
    const serial = newSerial();
    const { siteId, gatewayId } = await home(serial, false);
    const ingest = await start();
    await gw.publishAsync(topics.live(serial), encode('live', { v: 1, ts: new Date().toISOString() }));
    await firstChargerStatus(serial);
    await until(
      async () => ingest.stats(),
      (s) => (s.beforeClaim as number) >= 2,
    );
    expect(await redis.lrange(gatewayKeys(prefix).refused(serial), 0, -1)).toEqual([]);
    // claimed: the console moves it onto the site and tells the ingest; the gateway's next state carries the statuses
    await t.db.updateTable('gateways').set({ site_id: siteId }).where('id', '=', gatewayId).execute();
    await redis.publish(gatewayKeys(prefix).changed, serial);
    await gw.publishAsync(
      topics.state(serial),
      onlineState([
        { id: 'bat1', type: 'battery', status: 'Standby', since },
        { id: 'charger1', type: 'charger', status: 'Standby', since },
      ]),
      { qos: 1, retain: true },
    );
    expect(
      await until(
        () => statuses(siteId),
        (s) => s.bat1 !== null && s.charger1 !== null,
      ),
    ).toEqual({ bat1: 'Standby', charger1: 'Standby' });
    expect(await redis.lrange(gatewayKeys(prefix).refused(serial), 0, -1)).toEqual([]);
  });
});
