/*
 * A working day in the simulator at high speed, through everything real (PV over Brussels with passing clouds, the
 * iLucharge read and written over Modbus TCP, the meter on the P1 reader, MQTT to a private broker): the car is
 * plugged in at 09:00 and the platform starts a smart session over `cmd/req` — solar surplus only, but 25 kWh
 * guaranteed by 17:00. The physics' own ledger says where the car's energy came from.
 */
import { randomUUID } from 'node:crypto';
import { type ProjectBroker, startProjectBroker } from '@ilumen/broker';
import { QUARTER_MS, topics, wildcard } from '@ilumen/mqtt-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulation, startSimulation } from '../src/sim/site/simulation';
import { PlatformObserver } from './helpers/platform-observer';

const SPEED = Number(process.env.SIM_SPEED ?? 1440);
const SERIAL = 'ILS-SMART00001';
// Wednesday 12 June 2024 (a sunny day for seed 2, a little haze); 09:00 and 17:00 in Brussels
const PLUG_IN = Date.parse('2024-06-12T07:00:00Z');
const DEADLINE = Date.parse('2024-06-12T15:00:00Z');
const GUARANTEE_WH = 30_000;

let broker: ProjectBroker;
let platform: PlatformObserver;
let sim: Simulation;

beforeAll(async () => {
  broker = await startProjectBroker({
    gateways: [{ serial: SERIAL, password: 'gw' }],
  });
  platform = await PlatformObserver.connect(
    broker,
    [wildcard('event'), wildcard('cmdRes')],
    `platform-smart-${process.pid}`,
  );
  sim = await startSimulation({
    gateways: 1,
    speed: SPEED,
    brokerUrl: broker.url,
    credentials: () => ({ password: 'gw' }),
    serialPrefix: 'ILS-SMART',
    start: PLUG_IN - 60 * 60_000,
    // 8 kWp, a car charger on three phases, nothing else that would take the surplus
    profile: (_i, p) => ({
      ...p,
      seed: 2,
      pvKwp: 8,
      battery: null,
      boiler: null,
      ev: { phases: 3, maxCurrentA: 16 },
      householdSize: 1,
    }),
  });
}, 60_000);

afterAll(async () => {
  await sim?.stop();
  await platform?.close();
  await broker?.close();
});

const events = () => platform.of('event', SERIAL).map((m) => m.payload);

describe(`a smart session over a simulated day at ${SPEED}×`, () => {
  it('charges on the sun first and still has the guaranteed energy in the car by the deadline', async () => {
    const g = sim.gateways[0]!;
    const clock = sim.clock;
    // the platform only commands a gateway it sees listening, with the charger answering on Modbus
    await platform.waitFor(
      () =>
        g.runtime.mqtt.listening &&
        g.runtime.site.deviceList().some((d) => d.config.id === 'charger1' && d.link === 'online'),
      20_000,
      'the gateway listening and its charger online',
    );
    expect(clock.now(), 'ready before 09:00').toBeLessThan(PLUG_IN);
    while (clock.now() < PLUG_IN) await new Promise((r) => setTimeout(r, 5));
    // weekdays the household's own car is away until the evening: this one is plugged in by hand
    g.site.devices.ilucharge!.plugIn({ maxCurrentA: 16, phases: 3 });
    const now = clock.now();
    const id = randomUUID();
    await platform.publish(topics.cmdReq(SERIAL), {
      v: 1,
      id,
      name: 'charge.start',
      args: {
        chargerId: 'charger1',
        mode: 'smart',
        userId: '42',
        smart: {
          gridSharePct: 0,
          guarantee: { energyWh: GUARANTEE_WH, by: new Date(DEADLINE).toISOString() },
        },
      },
      issuedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 2 * 3_600_000).toISOString(),
    });
    await platform.waitFor(
      () => platform.of('cmdRes', SERIAL).some((r) => r.payload.id === id),
      20_000,
      'the command answer',
    );
    const res = platform.of('cmdRes', SERIAL).find((r) => r.payload.id === id)!.payload;
    expect(res, JSON.stringify(res)).toMatchObject({ ok: true, name: 'charge.start' });
    const sessionId = res.ok && res.name === 'charge.start' ? res.result.sessionId : '';

    const realMs = ((DEADLINE + 20 * 60_000 - clock.now()) / SPEED) * 1000;
    await platform.waitFor(() => clock.now() > DEADLINE + 20 * 60_000, realMs + 60_000, 'the deadline');

    // (the household's own car may have had a session of its own earlier in the morning)
    const start = events().find((e) => e.type === 'charge.session.start' && e.sessionId === sessionId);
    expect(start, 'the platform session started at the charger').toMatchObject({
      mode: 'smart',
      userId: '42',
      gridSharePct: 0,
      guarantee: { energyWh: GUARANTEE_WH },
    });
    expect(
      events().filter((e) => e.type === 'charge.session.energy' && e.sessionId === sessionId).length,
    ).toBeGreaterThan(10);

    const decisions = events().filter((e) => e.type === 'control.decision' && e.controller === 'charging');
    const forced = decisions.find((e) => e.type === 'control.decision' && e.reason.startsWith('guarantee'));
    expect(forced, 'the guarantee took over at some point').toBeDefined();
    const forcedAt = Date.parse(forced!.ts);
    // solar first: the full-power window comes in the afternoon, after the sun did what it could
    expect(forcedAt).toBeGreaterThan(Date.parse('2024-06-12T10:00:00Z'));
    expect(forcedAt).toBeLessThan(DEADLINE);
    // and the current followed the clouds before it (pauses and changes, not a fixed rate)
    const smartDecisions = decisions.filter(
      (e) => e.type === 'control.decision' && Date.parse(e.ts) < forcedAt,
    );
    expect(smartDecisions.length).toBeGreaterThan(3);

    // The ledger: per quarter, the car's energy and what the home imported.
    let ev = 0;
    let evBefore = 0;
    let importedForCarBefore = 0;
    for (let q = PLUG_IN; q < DEADLINE; q += QUARTER_MS) {
      const e = g.site.ledger.get(q)!;
      ev += e.evWh;
      if (q + QUARTER_MS <= forcedAt) {
        evBefore += e.evWh;
        importedForCarBefore += Math.min(e.evWh, e.importWh);
      }
    }
    expect(ev, 'energy in the car by the deadline').toBeGreaterThanOrEqual(GUARANTEE_WH - 100);
    expect(evBefore, 'the sun charged a good part of it').toBeGreaterThan(8000);
    // quarters where a cloud came faster than the hold let the current follow cost a little grid, no more (at 1440×
    // a busy machine's late polls add some: 5.07 % was seen with other work running)
    expect(importedForCarBefore / evBefore).toBeLessThan(0.08);
    const stopOrEnergy = events().filter(
      (e) =>
        (e.type === 'charge.session.energy' || e.type === 'charge.session.stop') && e.sessionId === sessionId,
    );
    const last = stopOrEnergy.at(-1)!;
    expect(last.type === 'charge.session.energy' && (last.solarWh ?? 0) > 5000).toBe(true);
  }, 180_000);
});
