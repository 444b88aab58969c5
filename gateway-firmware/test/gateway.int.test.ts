/*
 * One gateway runtime against a private Mosquitto, a simulated home (Modbus devices over TCP on loopback, the
 * meter on the P1 reader) and a hand-driven clock: desired config, commands and control decisions as the platform
 * sees them on the wire.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type ProjectBroker, startProjectBroker } from '@ilumen/broker';
import { type Decoded, topics, wildcard } from '@ilumen/mqtt-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ILU_MAGIC, ILU_PRODUCT, ILUHEAT_HOLDING } from '../src/devices/ilu/ilu-register-map';
import { ManualClock } from '../src/runtime/clock';
import type { GatewayRuntime } from '../src/runtime/gateway-runtime';
import { buildLivePayload } from '../src/runtime/live-payload';
import { startSimModbusServer } from '../src/sim/modbus/sim-server';
import { SunSpecInverterSim } from '../src/sim/modbus/sunspec-inverter-sim';
import type { SimulatedSite } from '../src/sim/site/simulated-site';
import { PlatformObserver } from './helpers/platform-observer';
import { gatewayFor, meterOnlySite, tempDataDir } from './helpers/quiet-site';

const SERIAL = 'ILS-GWTEST01';
// Wednesday 11:00 in Brussels: the car is away at work, the boiler is at 50 °C
const T0 = Date.parse('2024-06-12T09:00:02Z');

let broker: ProjectBroker;
let platform: PlatformObserver;
let clock: ManualClock;
let site: SimulatedSite;
let dataDir: string;
let rt: GatewayRuntime;
const restarts: number[] = [];

function startRuntime(): GatewayRuntime {
  return gatewayFor(site, {
    serial: SERIAL,
    password: 'gw-pw',
    brokerUrl: broker.url,
    clock,
    dataDir,
    config: { controllers: { solarBoiler: { enabled: true, minTempC: 70 } } },
    runtime: { onRestartRequested: (delayS) => restarts.push(delayS) },
  });
}

/** Lets simulated time pass a second at a time, giving Modbus and MQTT round trips a moment of real time. */
async function run(ms: number): Promise<void> {
  for (let done = 0; done < ms; done += 1000) {
    await clock.advance(1000);
    await new Promise((r) => setTimeout(r, 3));
  }
}

beforeAll(async () => {
  broker = await startProjectBroker({
    gateways: [{ serial: SERIAL, password: 'gw-pw' }],
  });
  platform = await PlatformObserver.connect(broker, [
    wildcard('configAck'),
    wildcard('cmdRes'),
    wildcard('event'),
    wildcard('state'),
  ]);
  clock = new ManualClock(T0);
  site = await meterOnlySite(
    clock,
    {
      seed: 11,
      pvKwp: 4,
      battery: { capacityWh: 10_000, maxW: 5000 },
      ev: { phases: 3, maxCurrentA: 16 },
      boiler: { ratedW: 2400, volumeL: 200 },
    },
    1000,
    1000,
  );
  // the boiler was switched off before the gateway started
  site.devices.iluheat!.image.write(ILUHEAT_HOLDING.enabled, [0]);
  site.start();
  dataDir = tempDataDir();
  rt = startRuntime();
  await rt.start();
  await platform.waitFor(() => rt.mqtt.connected, 10_000, 'gateway connected');
  await run(5000);
}, 30_000);

afterAll(async () => {
  await rt?.stop(2000);
  await site?.close();
  await platform?.close();
  await broker?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const iso = (ms: number) => new Date(ms).toISOString();

async function command(name: string, args: object, expiresInMs = 60_000) {
  const id = randomUUID();
  await platform.publish(topics.cmdReq(SERIAL), {
    v: 1,
    id,
    name,
    args,
    issuedAt: iso(clock.now() - 1000),
    expiresAt: iso(clock.now() + expiresInMs),
  });
  let res: Extract<Decoded, { kind: 'cmdRes' }> | undefined;
  await platform.waitFor(
    () => {
      res = platform.of('cmdRes', SERIAL).find((r) => r.payload.id === id);
      return res !== undefined;
    },
    10_000,
    `answer to ${name}`,
  );
  return res!.payload;
}

/** Publishes a desired config (retained, as the platform does) and waits for the gateway's first answer to it. */
async function desired(version: number, config: object) {
  await platform.publish(topics.config(SERIAL), { v: 1, version, issuedAt: iso(clock.now()), config }, true);
  await platform.waitFor(() => acks(version).length >= 1, 10_000, `ack of version ${version}`);
  return acks(version)[0]!.payload;
}

function acks(version: number) {
  return platform.of('configAck', SERIAL).filter((a) => a.payload.version === version);
}

function events<T extends string>(type: T) {
  return platform
    .of('event', SERIAL)
    .map((e) => e.payload)
    .filter((e): e is Extract<typeof e, { type: T }> => e.type === type);
}

describe('gateway on a real broker', () => {
  it('starts online with the retained state and reports device statuses', async () => {
    const online = platform.of('state', SERIAL).find((s) => s.payload.online);
    expect(online?.payload).toMatchObject({ online: true, hardwareRevision: 'A1', firmwareVersion: '0.1.0' });
    const all = ['p1', 'inv1', 'bat1', 'charger1', 'heat1'];
    await platform.waitFor(
      () => all.every((id) => events('device.status').some((e) => e.deviceId === id)),
      10_000,
      'a status for every device',
    );
    const statuses = Object.fromEntries(events('device.status').map((e) => [e.deviceId, e.to]));
    expect(statuses).toMatchObject({ p1: 'OK', inv1: 'OK', charger1: 'Standby' });
    expect(['Standby', 'Laden', 'Ontladen']).toContain(statuses.bat1);
  });

  it('publishes a control decision with its reason when a controller acts', async () => {
    await platform.waitFor(() => events('control.decision').length > 0, 10_000, 'a control decision');
    const d = events('control.decision')[0]!;
    expect(d).toMatchObject({
      controller: 'solarBoiler',
      action: 'heat.enable',
      values: { deviceId: 'heat1', on: true, result: 'ok' },
    });
    expect(d.reason).toMatch(/^water at 5\d\.\d °C is below the minimum of 70 °C$/);
    expect(rt.control.stats().cycles).toBeGreaterThan(3);
  });

  it('applies a desired config, acknowledges its version and keeps it across a restart', async () => {
    const ack = await desired(1, {
      liveIntervalS: 10,
      controllers: {
        solarBoiler: { enabled: true, minTempC: 45 },
        peakShaving: { enabled: true, thresholdW: 2500 },
      },
    });
    expect(ack).toMatchObject({ version: 1, ok: true });
    expect(rt.config.liveIntervalS).toBe(10);
    expect(rt.config.controllers.solarBoiler).toMatchObject({ minTempC: 45 });
    expect(existsSync(join(dataDir, 'desired-config.json'))).toBe(true);
  });

  it('refuses a bad desired config with the reasons and keeps the running one', async () => {
    const devices = rt.config.modbus.devices;
    const ack = await desired(2, {
      modbus: { devices: [...devices, devices[0]] },
      controllers: { solarBoiler: { enabled: true, minTempC: 5 } },
    });
    expect(ack.ok).toBe(false);
    expect(ack.error).toMatch(/modbus\.devices\[4\]\.id: duplicate device id/);
    expect(rt.config.liveIntervalS).toBe(10);
    expect(rt.config.modbus.devices).toHaveLength(4);

    // restart: the applied version 1 comes back from disk; the retained bad version 2 is refused again
    await rt.stop(2000);
    await platform.waitFor(
      () => platform.of('state', SERIAL).some((m) => !m.payload.online && m.payload.reason === 'shutdown'),
      5000,
      'the retained offline state of a clean stop',
    );
    rt = startRuntime();
    expect(rt.config.liveIntervalS).toBe(10);
    expect(rt.configSync.appliedVersion).toBe(1);
    await rt.start();
    await platform.waitFor(() => acks(2).length === 2, 10_000, 'second refusal of version 2');
    expect(acks(2)[1]!.payload.ok).toBe(false);
    expect(rt.config.controllers.solarBoiler).toMatchObject({ minTempC: 45 });
    await run(3000);
  });

  it('answers commands: P1 telegram, register read, scan', async () => {
    const p1 = await command('p1.lastTelegram', {});
    expect(p1).toMatchObject({ ok: true, name: 'p1.lastTelegram', result: { ok: true } });
    if (!p1.ok || p1.name !== 'p1.lastTelegram') throw new Error('unexpected');
    expect(p1.result.telegram).toMatch(/^\/FLU5\\253769484_A\r\n[\s\S]*!([0-9A-F]{4})\r\n$/);

    const heat = rt.config.modbus.devices.find((d) => d.id === 'heat1')!;
    const read = await command('modbus.read', {
      deviceId: 'heat1',
      unit: heat.unitId,
      address: 0,
      count: 3,
      kind: 'input',
    });
    expect(read).toMatchObject({ ok: true, result: { registers: [ILU_MAGIC, ILU_PRODUCT.iluheat, 1] } });

    const scan = await command('modbus.scan', { endpoint: heat.endpoint, unitIds: [1, 2, 3, 4, 5] }, 120_000);
    if (!scan.ok || scan.name !== 'modbus.scan') throw new Error(JSON.stringify(scan));
    const byUnit = Object.fromEntries(scan.result.devices.map((d) => [d.unitId, d]));
    expect(byUnit[1]).toMatchObject({ sunspecBase: 40000, models: [1, 103], manufacturer: 'iLumen Sim' });
    expect(byUnit[2]).toMatchObject({ sunspecBase: null, serialNumber: 'SIM-BAT-11' });
    expect(Object.keys(byUnit)).toEqual(['1', '2', '3', '4']);

    // commissioning scans an address the gateway does not poll yet: its own connection, closed afterwards
    const fresh = await startSimModbusServer({
      devices: [new SunSpecInverterSim({ unitId: 3, model: 103 })],
    });
    try {
      const found = await command(
        'modbus.scan',
        { endpoint: { transport: 'tcp', host: fresh.host, port: fresh.port }, unitIds: [1, 2, 3] },
        120_000,
      );
      if (!found.ok || found.name !== 'modbus.scan') throw new Error(JSON.stringify(found));
      expect(found.result.devices).toEqual([
        expect.objectContaining({ unitId: 3, sunspecBase: 40000, models: [1, 103] }),
      ]);
    } finally {
      await fresh.close();
    }
  }, 30_000);

  it('starts and stops a charge session on command, with session events', async () => {
    site.devices.ilucharge!.plugIn({ maxCurrentA: 16, phases: 3 });
    await run(3000);
    // smart with the whole session allowed from the grid: this home has no PV, and the car must still charge
    const start = await command('charge.start', {
      chargerId: 'charger1',
      mode: 'smart',
      userId: 'u-42',
      smart: { gridSharePct: 100 },
    });
    if (!start.ok || start.name !== 'charge.start') throw new Error(JSON.stringify(start));
    await run(4000);
    await platform.waitFor(() => events('charge.session.start').length === 1, 10_000, 'session start event');
    expect(events('charge.session.start')[0]).toMatchObject({
      sessionId: start.result.sessionId,
      chargerId: 'charger1',
      mode: 'smart',
      userId: 'u-42',
    });
    await run(60_000);
    const stop = await command('charge.stop', { chargerId: 'charger1' });
    expect(stop).toMatchObject({ ok: true, result: { sessionId: start.result.sessionId } });
    await run(4000);
    await platform.waitFor(() => events('charge.session.stop').length === 1, 10_000, 'session stop event');
    const stopped = events('charge.session.stop')[0]!;
    expect(stopped).toMatchObject({ sessionId: start.result.sessionId, reason: 'command' });
    // about a minute at 11 kW
    expect(stopped.energyWh).toBeGreaterThan(100);
    expect((await command('charge.start', { chargerId: 'nope', mode: 'fast' })).ok).toBe(false);
  }, 30_000);

  it('answers an expired command with expired, an unknown one with unknown_command, and reboot by asking for a restart', async () => {
    const expired = await command(
      'modbus.read',
      { deviceId: 'heat1', unit: 1, address: 0, count: 1, kind: 'input' },
      -1,
    );
    expect(expired).toMatchObject({ ok: false, error: { code: 'expired' } });
    const unknown = await command('firmware.selfDestruct', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    const reboot = await command('reboot', { delayS: 2 });
    expect(reboot).toMatchObject({ ok: true, result: { rebootAt: iso(clock.now() + 2000) } });
    expect(restarts).toEqual([]);
    await run(3000);
    expect(restarts).toEqual([2]);
  }, 30_000);

  it('drops a device the platform removes, and stops reporting it', async () => {
    const kept = rt.config.modbus.devices.filter((d) => d.id !== 'charger1');
    expect((await desired(3, { modbus: { devices: kept } })).ok).toBe(true);
    expect(rt.devices.configured().map((d) => d.id)).toEqual(['inv1', 'bat1', 'heat1']);
    expect(rt.site.devices.has('charger1')).toBe(false);
    await run(6000);
    const live = buildLivePayload(rt.site, clock.now());
    expect(live.chargers).toBeUndefined();
    expect(live.heat).toBeDefined();
  });

  it('keeps its own connection for a device the platform names by key only, and commands reach it', async () => {
    // a seeded site whose Modbus addresses the platform never scanned: the list names every device, without address
    const byKey = ['inv1', 'bat1', 'charger1', 'heat1'].map((id) => ({
      id,
      type: site.gatewayDevices().find((d) => d.id === id)!.type,
    }));
    expect(await desired(4, { modbus: { devices: byKey } })).toMatchObject({ ok: true });
    expect(
      rt.devices
        .configured()
        .map((d) => d.id)
        .sort(),
    ).toEqual(['bat1', 'charger1', 'heat1', 'inv1']);
    const charger = site.gatewayDevices().find((d) => d.id === 'charger1')!;
    expect(rt.devices.config('charger1')).toMatchObject({
      endpoint: charger.endpoint,
      unitId: charger.unitId,
    });
    await run(3000);
    const read = await command('modbus.read', {
      deviceId: 'charger1',
      unit: charger.unitId,
      address: 0,
      count: 3,
      kind: 'input',
    });
    expect(read).toMatchObject({ ok: true, result: { registers: [ILU_MAGIC, ILU_PRODUCT.ilucharge, 1] } });
    expect(await command('charge.stop', { chargerId: 'charger1' })).toMatchObject({ ok: true });
  }, 30_000);

  it('refuses a config whose controller names a device the list does not have, and keeps the running one', async () => {
    const ack = await desired(5, {
      modbus: { devices: [{ id: 'inv1', type: 'inverter' }] },
      controllers: {
        chargeTimers: {
          enabled: true,
          timers: [{ batteryId: 'bat1', startHour: 1, endHour: 5, powerW: 2000 }],
        },
      },
    });
    expect(ack).toMatchObject({
      ok: false,
      error: 'controllers.chargeTimers: names device bat1, which is not in modbus.devices',
    });
    expect(
      rt.devices
        .configured()
        .map((d) => d.id)
        .sort(),
    ).toEqual(['bat1', 'charger1', 'heat1', 'inv1']);
  });

  it('keeps every device status in its retained state, so a reader that comes late still learns them', async () => {
    await run(3000);
    const latest = () =>
      platform
        .of('state', SERIAL)
        .filter((s) => s.payload.online)
        .at(-1)?.payload;
    await platform.waitFor(
      () => {
        const s = latest();
        return s?.online === true && s.devices?.length === 5;
      },
      10_000,
      'a state with all five statuses',
    );
    // a reader that was not there when the statuses changed: the broker hands it the retained state
    const late = await PlatformObserver.connect(broker, [topics.state(SERIAL)], 'late-reader');
    try {
      await late.waitFor(() => late.of('state', SERIAL).length > 0, 10_000, 'the retained state');
      const state = late.of('state', SERIAL)[0]!.payload;
      if (!state.online) throw new Error('expected the online state');
      const statuses = Object.fromEntries((state.devices ?? []).map((d) => [d.id, d.status]));
      expect(Object.keys(statuses).sort()).toEqual(['bat1', 'charger1', 'heat1', 'inv1', 'p1']);
      expect(statuses).toMatchObject({ p1: 'OK', inv1: 'OK' });
      expect(['Standby', 'EV geconnecteerd', 'Laden']).toContain(statuses.charger1);
    } finally {
      await late.close();
    }
  });
});
