import { randomBytes } from 'node:crypto';
import { writeJson } from '@ilumen/db';
import { createLogger } from '@ilumen/logger';
import { commandRequestSchema, configPayloadSchema, encode, topics } from '@ilumen/mqtt-contract';
import { liveKeys, type Services } from '@ilumen/services';
import {
  createServiceHarness,
  createWorld,
  type ServiceHarness,
  until,
  type World,
} from '@ilumen/services/testing';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Ingest, startIngest } from './ingest';

// The commissioning wizard's service against the real ingest and a stand-in gateway on the broker: every step, and
// what each says when it cannot go on.
const serial = `ILS-W${randomBytes(4).toString('hex').toUpperCase()}`;
const CODE = 'K7QX2-MW9RT';
let h: ServiceHarness;
let services: Services;
let world: World;
let ingest: Ingest;
let gw: MqttClient;
let siteId: number;

beforeAll(async () => {
  // claiming makes the gateway's login through the broker's dynamic security API, as in production
  h = await createServiceHarness('commissioning', { broker: true });
  services = h.services;
  world = await createWorld(services);
  ingest = await startIngest({
    db: h.testDb.db,
    redis: h.redis,
    logger: createLogger({ name: 'commissioning-test', level: 'silent' }),
    redisPrefix: h.redisPrefix,
    mqttUrl: h.broker!.url,
    mqttUsername: h.broker!.users.ingest.username,
    mqttPassword: h.broker!.users.ingest.password,
    shareGroup: `g${randomBytes(4).toString('hex')}`,
    clientId: `ingest-${randomBytes(4).toString('hex')}`,
  });
  // A stand-in gateway: finds an iLubat and an inverter when it scans, acknowledges configurations.
  // (with a login of its own until the claim replaces it, as a box re-used from a returned one would have)
  gw = await mqtt.connectAsync(h.broker!.url, {
    username: serial,
    password: await h.broker!.addGateway(serial),
    clientId: `fake-${serial}`,
    reconnectPeriod: 200,
    // the claim drops the old login; a retry with it before the new one is entered is refused, and must not end there
    reconnectOnConnackError: true,
  });
  await gw.subscribeAsync([topics.cmdReq(serial), topics.config(serial)], { qos: 1 });
  gw.on('message', (topic, payload) => {
    if (topic === topics.config(serial)) {
      const cfg = configPayloadSchema.parse(JSON.parse(payload.toString()));
      gw.publishAsync(
        topics.configAck(serial),
        encode('configAck', { v: 1, version: cfg.version, ok: true }),
        { qos: 1 },
      ).catch(() => {});
      return;
    }
    const req = commandRequestSchema.parse(JSON.parse(payload.toString()));
    if (req.name === 'modbus.scan') {
      const devices = [
        {
          unitId: 1,
          sunspecBase: 40000,
          models: [1, 103],
          manufacturer: 'SunSpecSim',
          model: 'SimInverter 103',
          serialNumber: `INV-${serial}`,
        },
        {
          unitId: 2,
          sunspecBase: null,
          models: [],
          manufacturer: 'iLumen',
          model: 'iLubat rev 2',
          serialNumber: `BAT-${serial}`,
        },
      ];
      gw.publishAsync(
        topics.cmdRes(serial),
        encode('cmdRes', {
          v: 1,
          id: req.id,
          ok: true,
          name: 'modbus.scan',
          result: { devices },
          finishedAt: new Date().toISOString(),
        }),
        { qos: 1 },
      ).catch(() => {});
    }
  });
});

afterAll(async () => {
  await gw?.endAsync();
  await ingest?.stop();
  await h?.close();
});

describe('commissioning a site step by step', () => {
  it("starts with the address and the main user's invitation; the site is a draft until the end", async () => {
    const tech = await world.actor(world.users.instATech);
    await expect(
      services.commissioning.start(tech, {
        organizationId: world.orgs.instA,
        street: 'Veldstraat',
        houseNumber: '12',
        postalCode: '900',
        city: 'Gent',
        ownerEmail: 'nieuw@home.test',
      }),
    ).rejects.toMatchObject({ fieldErrors: { postalCode: { key: 'validation.postalCode' } } });
    await expect(
      services.commissioning.start(tech, {
        organizationId: world.orgs.instB,
        street: 'Veldstraat',
        houseNumber: '12',
        postalCode: '9000',
        city: 'Gent',
        ownerEmail: 'nieuw@home.test',
      }),
    ).rejects.toMatchObject({ fieldErrors: { organizationId: { key: 'validation.choice' } } });
    ({ siteId } = await services.commissioning.start(tech, {
      organizationId: world.orgs.instA,
      street: 'Veldstraat',
      houseNumber: '12',
      postalCode: '9000',
      city: 'Gent',
      ownerEmail: 'nieuw@home.test',
    }));
    const view = await services.commissioning.get(tech, { siteId });
    expect(view).toMatchObject({
      step: 'grid',
      canEdit: true,
      site: { status: 'draft' },
      owner: { email: 'nieuw@home.test', accepted: false },
    });
    const invite = await h.sink.waitFor((m) => m.to.includes('nieuw@home.test'));
    expect(invite.text).toContain('Veldstraat 12, 9000 Gent');
    const other = await world.actor(world.users.instBTech);
    await expect(services.commissioning.get(other, { siteId })).rejects.toMatchObject({ code: 'not_found' });
    const support = await world.actor(world.users.support);
    expect((await services.commissioning.get(support, { siteId })).canEdit).toBe(false);
  });

  it('checks the grid connection and the EAN, each with the reason', async () => {
    const tech = await world.actor(world.users.instATech);
    await expect(
      services.commissioning.saveGrid(tech, { siteId, gridPhases: 3, mainFuseA: 125 }),
    ).rejects.toMatchObject({ fieldErrors: { mainFuseA: { key: 'commissioning.grid.fuseRange' } } });
    await services.commissioning.saveGrid(tech, { siteId, gridPhases: '3', mainFuseA: '25' });
    await expect(
      services.commissioning.saveEan(tech, { siteId, ean: '541448820052377135', mandate: 'skip' }),
    ).rejects.toMatchObject({ fieldErrors: { ean: { key: 'validation.ean.checkDigit' } } });
    await expect(
      services.commissioning.saveEan(tech, { siteId, ean: '541448820052377134', mandate: 'skip' }),
    ).rejects.toMatchObject({ fieldErrors: { ean: { key: 'mandate.error.eanElsewhere' } } });
    await expect(
      services.commissioning.saveEan(tech, { siteId, ean: '541448820050050053', mandate: 'request' }),
    ).rejects.toMatchObject({ messageKey: 'mandate.error.notConfigured' });
    await services.commissioning.saveEan(tech, { siteId, ean: '5414 4882 0050 0500 53', mandate: 'skip' });
    const view = await services.commissioning.get(tech, { siteId });
    expect(view).toMatchObject({
      step: 'gateway',
      site: { grid_phases: 3, main_fuse_a: 25 },
      state: { ean: { ean: '541448820050050053', mandateSkipped: true } },
    });
  });

  it('claims a registered gateway by serial and claim code, makes its broker login and sends its configuration', async () => {
    const tech = await world.actor(world.users.instATech);
    const fleet = await world.actor(world.users.fleet);
    await expect(services.gateways.register(tech, { rows: `${serial};${CODE}` })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const registered = await services.gateways.register(fleet, {
      rows: `${serial};${CODE};Zonnewarmte BV\nILS-NOCODE0001\nILS-BAD`,
    });
    expect(registered.registered).toEqual([
      { serial, claimCode: null, organization: 'Zonnewarmte BV' },
      {
        serial: 'ILS-NOCODE0001',
        claimCode: expect.stringMatching(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/),
        organization: null,
      },
    ]);
    expect(registered.skipped).toEqual([
      { line: 3, serial: 'ILS-BAD', reasonKey: 'gateways.register.badSerial' },
    ]);

    // An unknown serial and a wrong code are one answer: whether a serial exists is not told without its code.
    await expect(
      services.commissioning.claim(tech, { siteId, serial: 'ILS-UNKNOWN01', claimCode: CODE }),
    ).rejects.toMatchObject({ fieldErrors: { claimCode: { key: 'gateways.claim.noMatch' } } });
    await expect(
      services.commissioning.claim(tech, { siteId, serial: 'ILS 1', claimCode: CODE }),
    ).rejects.toMatchObject({ fieldErrors: { serial: { key: 'gateways.claim.serialFormat' } } });
    await expect(
      services.commissioning.claim(tech, { siteId, serial, claimCode: 'AAAAA-AAAAA' }),
    ).rejects.toMatchObject({ fieldErrors: { claimCode: { key: 'gateways.claim.noMatch' } } });
    // Another installer with the right code still cannot take a box shipped to Zonnewarmte.
    const bAdmin = await world.actor(world.users.instBAdmin);
    await expect(
      services.commissioning
        .open(bAdmin, { siteId: world.sites.siteB })
        .then(() =>
          services.commissioning.claim(bAdmin, { siteId: world.sites.siteB, serial, claimCode: CODE }),
        ),
    ).rejects.toMatchObject({ fieldErrors: { serial: { key: 'gateways.claim.otherInstaller' } } });

    const reconnected = new Promise((resolve) => gw.once('connect', resolve));
    const claimed = await services.commissioning.claim(tech, {
      siteId,
      serial: serial.toLowerCase(),
      claimCode: 'k7qx2mw9rt',
    });
    expect(claimed).toMatchObject({ serial, username: serial, broker: 'mosquitto-dynsec', configVersion: 1 });
    // The broker took the new login at once and dropped the old one: the box logs in again with what the
    // installer enters (here: the stand-in's next reconnect uses it).
    gw.options.password = claimed.password;
    await reconnected;
    const row = await h.testDb.db
      .selectFrom('gateways')
      .selectAll()
      .where('serial', '=', serial)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      site_id: siteId,
      organization_id: world.orgs.instA,
      mqtt_username: serial,
      claimed_by_user_id: world.users.instATech,
    });
    expect(
      await until(
        () => services.gatewayConfig.status(tech, { siteId }),
        (s) => s?.state === 'applied',
      ),
    ).toMatchObject({ version: 1, state: 'applied' });
    // Five wrong codes lock the serial for a while for the organization that tried, and for no other tenant.
    for (let i = 0; i < 5; i++)
      await services.commissioning
        .claim(bAdmin, { siteId: world.sites.siteB, serial: 'ILS-NOCODE0001', claimCode: 'WRONG-CODE1' })
        .catch(() => {});
    await expect(
      services.commissioning.claim(bAdmin, {
        siteId: world.sites.siteB,
        serial: 'ILS-NOCODE0001',
        claimCode: registered.registered[1]!.claimCode!,
      }),
    ).rejects.toMatchObject({ fieldErrors: { claimCode: { key: 'gateways.claim.throttled' } } });
    const site2 = await services.sites.create(tech, {
      organizationId: world.orgs.instA,
      street: 'Tweede',
      houseNumber: '2',
      postalCode: '9000',
      city: 'Gent',
      gridPhases: 1,
      mainFuseA: 40,
    });
    await services.commissioning.open(tech, { siteId: site2.id });
    await expect(
      services.commissioning.claim(tech, {
        siteId: site2.id,
        serial: 'ILS-NOCODE0001',
        claimCode: registered.registered[1]!.claimCode!,
      }),
    ).resolves.toMatchObject({ serial: 'ILS-NOCODE0001' });
    const audit = await h.testDb.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'gateway')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['gateway.register', 'gateway.claim', 'gateway.config']),
    );
  });

  it('scans Modbus through the gateway, proposes what it found, and turns the confirmed devices into the configuration', async () => {
    const tech = await world.actor(world.users.instATech);
    await expect(
      services.commissioning.scan(tech, { siteId, endpoints: '192.168.1.20\nwhat?' }),
    ).rejects.toMatchObject({
      fieldErrors: { endpoints: { key: 'commissioning.scan.badEndpoint', params: { value: 'what?' } } },
    });
    await services.commissioning.scan(tech, {
      siteId,
      endpoints: '192.168.1.20:502',
      unitFrom: '1',
      unitTo: '5',
    });
    const view = await until(
      () => services.commissioning.get(tech, { siteId }),
      (v) => v.scans[0]?.status === 'succeeded',
    );
    expect(view.scans[0]!.suggestions.map((s) => [s.unitId, s.type, s.driver, s.serial])).toEqual([
      [1, 'inverter', 'sunspec', `INV-${serial}`],
      [2, 'battery', 'ilubat', `BAT-${serial}`],
    ]);
    const devices = view.scans[0]!.suggestions.map((s) => ({ ...s, include: true }));
    await expect(
      services.commissioning.confirmDevices(tech, {
        siteId,
        devices: JSON.stringify([{ ...devices[0], type: 'charger' }]),
      }),
    ).rejects.toMatchObject({
      fieldErrors: { 'devices.0': { key: 'commissioning.devices.driverMismatch' } },
    });
    const confirmed = await services.commissioning.confirmDevices(tech, {
      siteId,
      devices: JSON.stringify(devices),
    });
    expect(confirmed.deviceIds).toHaveLength(2);
    expect(confirmed.configVersion).toBe(2);
    const status = await until(
      () => services.gatewayConfig.status(tech, { siteId }),
      (s) => s?.state === 'applied' && s.version === 2,
    );
    expect(status?.config?.modbus?.devices.map((d) => [d.type, d.driver, d.unitId])).toEqual([
      ['inverter', 'sunspec', 1],
      ['battery', 'ilubat', 2],
    ]);
    // Confirming again updates the same rows instead of adding devices.
    await services.commissioning.confirmDevices(tech, { siteId, devices: JSON.stringify(devices) });
    expect(
      await h.testDb.db.selectFrom('devices').select('id').where('site_id', '=', siteId).execute(),
    ).toHaveLength(2);
  });

  it('runs the live check on what the gateway sends, and activates the site only when it passes; the owner is told', async () => {
    const tech = await world.actor(world.users.instATech);
    await expect(services.commissioning.activate(tech, { siteId })).rejects.toMatchObject({
      messageKey: 'commissioning.error.liveCheck',
    });
    const first = await services.commissioning.liveCheck(tech, { siteId });
    expect(first).toMatchObject({
      ok: false,
      checks: [{ id: 'live', messageKey: 'commissioning.check.live.none' }],
    });
    const phase = { voltageV: 231.2, currentA: 3.1 };
    const snapshot = {
      siteId,
      gatewaySerial: serial,
      receivedAt: h.clock.now().toISOString(),
      live: {
        v: 1,
        ts: h.clock.now().toISOString(),
        grid: { importW: 700, exportW: 0, phases: { l1: phase, l2: phase, l3: phase } },
        pv: { w: 1500 },
        battery: { w: 500, socPct: 60, status: 'Laden' },
      },
    };
    await h.redis.set(liveKeys(h.redisPrefix).latest(siteId), writeJson(snapshot)!);
    const second = await services.commissioning.liveCheck(tech, { siteId });
    expect(second.checks.filter((c) => !c.ok)).toEqual([]);
    expect(second.ok).toBe(true);

    const report = await services.commissioning.report(tech, { siteId });
    expect(report).toMatchObject({
      address: 'Veldstraat 12, 9000 Gent',
      ean: '541448820050050053',
      gateway: { serial },
      grid: { phases: 3, mainFuseA: 25 },
    });
    expect(report.devices.map((d) => d.type)).toEqual(['inverter', 'battery']);
    const { pdf, filename } = await services.commissioning.reportPdf(tech, { siteId }, 'nl');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(filename).toBe('ilumen-indienstname-Veldstraat-12-9000-Gent.pdf');

    await services.commissioning.activate(tech, { siteId });
    const site = await h.testDb.db
      .selectFrom('sites')
      .select('status')
      .where('id', '=', siteId)
      .executeTakeFirstOrThrow();
    expect(site.status).toBe('active');
    const mail = await h.sink.waitFor(
      (m) => m.to.includes('nieuw@home.test') && m.subject === 'Je iLumen-installatie is in dienst',
    );
    expect(mail.text).toContain('Veldstraat 12, 9000 Gent');
    expect((await services.commissioning.get(tech, { siteId })).step).toBe('done');
    await expect(
      services.commissioning.saveGrid(tech, { siteId, gridPhases: 1, mainFuseA: 40 }),
    ).rejects.toMatchObject({ messageKey: 'commissioning.error.completed' });
    const done = await services.commissioning.list(tech, { done: '1' });
    expect(done.map((c) => c.site_id)).toContain(siteId);
  });
});
