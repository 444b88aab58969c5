import { randomBytes, randomUUID } from 'node:crypto';
import { createWorker } from '@ilumen/jobs';
import { createLogger } from '@ilumen/logger';
import { Mailer } from '@ilumen/mail';
import { encode, topics } from '@ilumen/mqtt-contract';
import {
  createServiceHarness,
  createWorld,
  type ServiceHarness,
  until,
  type World,
} from '@ilumen/services/testing';
import type { Worker } from 'bullmq';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Ingest, startIngest } from '../../ingest/ingest';
import { chargeSessionsExportJob } from './charge-sessions.job';

/*
 * From the gateway's charge session events to the CSV in a mailbox: a stand-in gateway publishes sessions over MQTT,
 * the real ingest stores them, a homeowner asks for an export, the exports worker streams the file and mails it
 * through SMTP to the sink.
 */

const serial = `ILS-X${randomBytes(4).toString('hex').toUpperCase()}`;
let h: ServiceHarness;
let world: World;
let ingest: Ingest;
let gw: MqttClient;
let worker: Worker;
let mailer: Mailer;

beforeAll(async () => {
  h = await createServiceHarness('exports', { broker: true });
  world = await createWorld(h.services);
  await h.testDb.db
    .insertInto('gateways')
    .values({ serial, site_id: world.sites.siteA, organization_id: world.orgs.instA, online: true })
    .execute();
  await h.testDb.db
    .insertInto('tariffs')
    .values({
      site_id: world.sites.siteA,
      effective_from: '2026-01-01',
      import_eur_per_kwh: '0.31250',
      export_eur_per_kwh: '0.05000',
    })
    .execute();
  ingest = await startIngest({
    db: h.testDb.db,
    redis: h.redis,
    logger: createLogger({ name: 'export-test', level: 'silent' }),
    redisPrefix: h.redisPrefix,
    mqttUrl: h.broker!.url,
    mqttUsername: h.broker!.users.ingest.username,
    mqttPassword: h.broker!.users.ingest.password,
    shareGroup: `g${randomBytes(4).toString('hex')}`,
    clientId: `ingest-${randomBytes(4).toString('hex')}`,
  });
  gw = await mqtt.connectAsync(h.broker!.url, {
    username: serial,
    password: await h.broker!.addGateway(serial),
    clientId: `fake-${serial}`,
  });
  mailer = new Mailer({ smtpUrl: h.sink.smtpUrl, from: 'iLumen <no-reply@ilumen.be>' });
  worker = createWorker(
    'exports',
    {
      chargeSessions: chargeSessionsExportJob({
        db: h.testDb.db,
        mailer,
        logger: createLogger({ name: 'export-test', level: 'silent' }),
        now: () => h.clock.now(),
      }),
      companyCarStatements: async () => null,
      contractComparison: async () => null,
    },
    { connection: { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null }, prefix: h.redisPrefix },
  );
});

afterAll(async () => {
  await worker?.close();
  mailer?.close();
  await gw?.endAsync();
  await ingest?.stop();
  await h?.close();
});

function publishSession(
  uid: string,
  start: string,
  stop: string,
  energyWh: number,
  extra: { userId?: string; mode?: 'fast' | 'smart' } = {},
) {
  const s = {
    sessionId: uid,
    chargerId: 'charger1',
    mode: extra.mode ?? 'fast',
    ...(extra.userId ? { userId: extra.userId } : {}),
  };
  const events = [
    { v: 1, id: randomUUID(), ts: start, type: 'charge.session.start', ...s },
    {
      v: 1,
      id: randomUUID(),
      ts: stop,
      type: 'charge.session.stop',
      ...s,
      energyWh,
      solarWh: extra.mode === 'smart' ? Math.round(energyWh * 0.8) : 0,
      reason: 'command',
    },
  ] as const;
  return Promise.all(
    events.map((e) => gw.publishAsync(topics.event(serial), encode('event', e as never), { qos: 1 })),
  );
}

describe('charge sessions by mail', () => {
  it("stores the gateway's sessions and mails the owner the address's CSV for the chosen period", async () => {
    await publishSession('sess-a', '2026-03-02T18:00:00.000Z', '2026-03-02T21:15:00.000Z', 22_500, {
      userId: String(world.users.ownerA),
    });
    await publishSession('sess-b', '2026-03-09T10:00:00.000Z', '2026-03-09T14:00:00.000Z', 9_001, {
      userId: String(world.users.memberAll),
      mode: 'smart',
    });
    await publishSession('sess-c', '2026-04-01T06:00:00.000Z', '2026-04-01T07:00:00.000Z', 1_000);
    const rows = await until(
      () => h.testDb.db.selectFrom('charge_sessions').selectAll().orderBy('started_at').execute(),
      (r) => r.length === 3 && r.every((x) => x.cost_eur !== null),
    );
    expect(rows.map((r) => [r.session_uid, r.energy_wh, r.cost_eur])).toEqual([
      ['sess-a', 22_500, '7.03'],
      // smart: 7,201 Wh from the sun at the injection tariff, the other 1,800 Wh from the grid (decision 092):
      // 1.800 × 0.3125 + 7.201 × 0.05 = 0.5625 + 0.36005 = 0.92
      ['sess-b', 9_001, '0.92'],
      ['sess-c', 1_000, '0.31'],
    ]);

    const owner = await world.actor(world.users.ownerA);
    const req = await h.services.chargeExports.requestSite(owner, {
      siteId: world.sites.siteA,
      from: '2026-03-01',
      to: '2026-03-31',
    });
    const mail = await h.sink.waitFor(
      (m) => m.to.includes('owner-a@home.test') && m.subject.includes('laadsessies'),
      15_000,
    );
    expect(mail.subject).toBe('Je laadsessies van 01/03/2026 tot en met 31/03/2026');
    expect(mail.text).toContain(
      'de laadsessies van het adres Kerkstraat 1, 9000 Gent, van 01/03/2026 tot en met 31/03/2026: 2 sessies',
    );
    expect(mail.attachments).toHaveLength(1);
    const file = mail.attachments[0]!;
    expect(file.filename).toBe(`laadsessies_site_2026-03-01_2026-03-31_${req.id}.csv`);
    expect(file.contentType).toMatch(/^text\/csv/);
    expect([...file.content.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = file.content.toString('utf8').slice(1).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(
      'Kerkstraat 1, 9000 Gent;Model charger ILC-A-0001;02/03/2026 19:00;02/03/2026 22:15;195;22,500;0,000;Snel laden;Olga Eigenaar;0,31250;7,03;gestopt in de app',
    );
    expect(lines[2]).toContain(
      ';09/03/2026 11:00;09/03/2026 15:00;240;9,001;7,201;Slim laden;Mia Medegebruiker;',
    );
    const exp = await until(
      () =>
        h.testDb.db
          .selectFrom('charge_exports')
          .selectAll()
          .where('id', '=', req.id)
          .executeTakeFirstOrThrow(),
      (r) => r.status === 'sent',
    );
    expect(exp).toMatchObject({ status: 'sent', row_count: 2 });
  });

  it("a chargers-only member's charger export holds their own sessions, and says so", async () => {
    await publishSession('sess-d', '2026-05-05T16:00:00.000Z', '2026-05-05T17:00:00.000Z', 4_321, {
      userId: String(world.users.memberChargers),
    });
    await until(
      () =>
        h.testDb.db.selectFrom('charge_sessions').selectAll().where('session_uid', '=', 'sess-d').execute(),
      (r) => r.length === 1 && r[0]!.ended_at !== null,
    );
    const member = await world.actor(world.users.memberChargers);
    await h.services.chargeExports.requestCharger(member, {
      deviceId: world.devices.chargerA,
      from: '2026-01-01',
      to: '2026-12-31',
    });
    const mail = await h.sink.waitFor((m) => m.to.includes('member-chargers@home.test'), 15_000);
    expect(mail.text).toContain(
      'jouw laadsessies aan laadpaal Model charger ILC-A-0001 op Kerkstraat 1, 9000 Gent',
    );
    const lines = mail.attachments[0]!.content.toString('utf8').split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(';4,321;');
  });
});
