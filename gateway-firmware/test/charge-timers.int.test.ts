/*
 * A battery charge timer ("Stel oplaadtimers in") sent as the platform does it — a retained `config` with a
 * `chargeTimers` section — and obeyed by a simulated gateway at night: the iLubat, read and written over Modbus TCP,
 * charges at the timer's power from the grid in its hours and is handed back to its own control after.
 */

import { type ProjectBroker, startProjectBroker } from '@ilumen/broker';
import { QUARTER_MS, topics, wildcard } from '@ilumen/mqtt-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulation, startSimulation } from '../src/sim/site/simulation';
import { PlatformObserver } from './helpers/platform-observer';

const SPEED = Number(process.env.SIM_SPEED ?? 720);
const SERIAL = 'ILS-TIMER00001';
// Thursday 13 June 2024, 01:00 to 04:30 in Brussels (CEST); the timer runs 02:00–04:00 at 3 kW
const FROM = Date.parse('2024-06-12T23:00:00Z');
const TIMER_START = Date.parse('2024-06-13T00:00:00Z');
const TIMER_END = Date.parse('2024-06-13T02:00:00Z');
const UNTIL = Date.parse('2024-06-13T02:30:00Z');

let broker: ProjectBroker;
let platform: PlatformObserver;
let sim: Simulation;

beforeAll(async () => {
  broker = await startProjectBroker({
    gateways: [{ serial: SERIAL, password: 'gw' }],
  });
  platform = await PlatformObserver.connect(
    broker,
    [wildcard('event'), wildcard('configAck')],
    `platform-timers-${process.pid}`,
  );
  sim = await startSimulation({
    gateways: 1,
    speed: SPEED,
    brokerUrl: broker.url,
    credentials: () => ({ password: 'gw' }),
    serialPrefix: 'ILS-TIMER',
    start: FROM - 2 * 60_000,
    profile: (_i, p) => ({
      ...p,
      seed: 3,
      pvKwp: 5,
      battery: { capacityWh: 10_000, maxW: 5000 },
      ev: null,
      boiler: null,
    }),
  });
}, 60_000);

afterAll(async () => {
  await sim?.stop();
  await platform?.close();
  await broker?.close();
});

describe(`a battery charge timer at ${SPEED}×`, () => {
  it('is applied from the platform config and charges the battery in its hours only', async () => {
    const g = sim.gateways[0]!;
    const clock = sim.clock;
    const config = {
      v: 1,
      version: 3,
      issuedAt: new Date(clock.now()).toISOString(),
      config: {
        controllers: {
          chargeTimers: {
            enabled: true,
            timers: [{ batteryId: 'bat1', startHour: 2, endHour: 4, powerW: 3000 }],
          },
        },
      },
    };
    await platform.publish(topics.config(SERIAL), config, true);
    await platform.waitFor(
      () => platform.of('configAck', SERIAL).some((a) => a.payload.version === 3),
      20_000,
      'the config ack',
    );
    expect(platform.of('configAck', SERIAL).find((a) => a.payload.version === 3)?.payload).toMatchObject({
      ok: true,
    });
    expect(g.runtime.control.controllerNames).toContain('chargeTimers');

    // an overlapping second timer is refused by the gateway, and the running config stays
    await platform.publish(
      topics.config(SERIAL),
      {
        ...config,
        version: 4,
        config: {
          controllers: {
            chargeTimers: {
              enabled: true,
              timers: [
                { batteryId: 'bat1', startHour: 2, endHour: 4, powerW: 3000 },
                { batteryId: 'bat1', startHour: 3, endHour: 5, powerW: 1000 },
              ],
            },
          },
        },
      },
      true,
    );
    await platform.waitFor(
      () => platform.of('configAck', SERIAL).some((a) => a.payload.version === 4),
      20_000,
      'the refusal',
    );
    const refusal = platform.of('configAck', SERIAL).find((a) => a.payload.version === 4)!.payload;
    expect(refusal.ok).toBe(false);
    expect(refusal.error).toMatch(/timer 2 overlaps timer 1 on battery bat1/);

    const realMs = ((UNTIL - clock.now()) / SPEED) * 1000;
    await platform.waitFor(() => clock.now() > UNTIL, realMs + 60_000, 'the night to pass');

    const sum = (from: number, to: number, key: 'batteryChargeWh' | 'batteryDischargeWh' | 'importWh') => {
      let wh = 0;
      for (let q = from; q < to; q += QUARTER_MS) wh += g.site.ledger.get(q)![key];
      return wh;
    };
    // before the timer the battery covers the night's load on its own; in the timer it charges at 3 kW
    expect(sum(FROM, TIMER_START, 'batteryChargeWh')).toBeLessThan(50);
    const charged = sum(TIMER_START, TIMER_END, 'batteryChargeWh');
    // two hours at 3 kW, less the first poll and control cycle after 02:00
    expect(charged).toBeGreaterThan(5400);
    expect(Math.round(charged)).toBeLessThanOrEqual(6000);
    // at night that comes from the grid
    expect(sum(TIMER_START, TIMER_END, 'importWh')).toBeGreaterThan(charged);
    // after it, the battery is back on its own control: no more charging in the dark
    expect(sum(TIMER_END + QUARTER_MS, UNTIL, 'batteryChargeWh')).toBeLessThan(50);

    const decisions = platform
      .of('event', SERIAL)
      .map((m) => m.payload)
      .filter((e) => e.type === 'control.decision' && e.controller === 'chargeTimers');
    expect(decisions[0]).toMatchObject({
      action: 'battery.setpoint',
      reason: 'charge timer 02:00–04:00: charge the battery at 3000 W',
      values: { watts: 3000, result: 'ok' },
    });
    expect(decisions.at(-1)).toMatchObject({ action: 'battery.auto', values: { result: 'ok' } });
  }, 120_000);
});
