import { Writable } from 'node:stream';
import { parseTelegram } from '@ilumen/p1';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyDeviceHandle } from '../devices/driver';
import { ILUHEAT_HOLDING } from '../devices/ilu/ilu-register-map';
import { iluheatDriver } from '../devices/ilu/iluheat-driver';
import { ManualClock } from '../runtime/clock';
import type { EventBody } from '../runtime/event-sink';
import { createGatewayLogger } from '../runtime/logger';
import { SiteData } from '../runtime/site-data';
import { IluheatSim } from '../sim/modbus/iluheat-sim';
import { type Loopback, startLoopback } from '../sim/modbus/loopback';
import { SimMeter } from '../sim/site/sim-meter';
import { ControlLoop } from './control-loop';
import type { Controller } from './controller';
import { createSolarBoiler } from './controllers/solar-boiler';
import { buildSiteState } from './site-state';

const open: Loopback[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

const t0 = Date.parse('2024-06-12T10:00:00Z');

/** A gateway's site data fed the way the runtime feeds it: a parsed meter telegram and a real driver poll. */
async function site(heat: IluheatSim) {
  const lb = await startLoopback([heat]);
  open.push(lb);
  const handle = (await iluheatDriver.detect(lb.bus.unit(1))) as AnyDeviceHandle;
  const data = new SiteData();
  const meter = new SimMeter({ seed: 1, phases: 1, serial: '1SIM1', ean: '541448800000000001' });
  const config = {
    id: 'heat1',
    type: 'heat' as const,
    driver: 'iluheat' as const,
    endpoint: { transport: 'tcp' as const, host: '127.0.0.1', port: lb.server.port },
    unitId: 1,
  };
  const observe = async (at: number, gridW: number) => {
    meter.integrate(at - 1000, 1000, gridW);
    const r = parseTelegram(meter.telegram(at));
    if (!r.ok) throw new Error(r.reason);
    data.p1 = { reading: r.reading, receivedAt: at, meterAt: at };
    data.devices.set('heat1', {
      config,
      link: 'online',
      status: 'Inactief/standby',
      reading: await handle.read(),
      readAt: at,
    });
  };
  return { data, handle, observe };
}

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createGatewayLogger(
    { level: 'info' },
    new Writable({
      write(chunk, _e, cb) {
        lines.push(JSON.parse(chunk.toString()));
        cb();
      },
    }),
  );
  return { lines, logger };
}

describe('ControlLoop', () => {
  it('applies a decision through the driver, logs it and publishes it with its reason', async () => {
    const heat = new IluheatSim({ waterTempC: 55 });
    heat.image.write(ILUHEAT_HOLDING.enabled, [0]); // the boiler starts switched off
    const s = await site(heat);
    const clock = new ManualClock(t0);
    const events: EventBody[] = [];
    const { lines, logger } = capture();
    const loop = new ControlLoop({
      clock,
      logger,
      emit: (e) => events.push(e),
      state: (now) => buildSiteState(s.data, now),
      handleOf: (id) => (id === 'heat1' ? s.handle : null),
    });
    loop.setControllers([
      createSolarBoiler({ enabled: true, onExportW: 1500, offImportW: 300, holdS: 60, minTempC: 40 }),
    ]);

    // exporting 2 kW: after a minute of it the boiler is switched on
    for (let t = t0 + 1000; t <= t0 + 61_000; t += 1000) {
      await s.observe(t, -2000);
      await loop.cycle(t);
    }
    const decisions = events.filter((e) => e.type === 'control.decision');
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      type: 'control.decision',
      controller: 'solarBoiler',
      action: 'heat.enable',
      reason: 'exporting 2000 W for 60 s: heat water with the surplus',
      values: { deviceId: 'heat1', on: true, exportW: 2000, result: 'ok' },
    });
    expect(loop.decisions()[0]?.at).toBe(t0 + 61_000);
    // the write reached the device over Modbus
    const after = await s.handle.read();
    expect(after).toMatchObject({ kind: 'heat', enabled: true });
    expect(lines.find((l) => l.msg === 'control decision')).toMatchObject({
      controller: 'solarBoiler',
      action: 'heat.enable',
      deviceId: 'heat1',
      reason: 'exporting 2000 W for 60 s: heat water with the surplus',
    });
    const stats = loop.stats();
    expect(stats.cycles).toBe(61);
    expect(stats.p99Ms).toBeGreaterThanOrEqual(stats.p50Ms);
  });

  it('runs on the passed-in clock once a second, skips cycles that come due while one still runs, survives a failing controller', async () => {
    const clock = new ManualClock(t0);
    const ticks: number[] = [];
    let release: (() => void) | undefined;
    // a charger whose Modbus write hangs until released: the cycle that sent it runs long
    const slowCharger = {
      kind: 'charger',
      controls: {
        start: () => new Promise<void>((resolve) => (release = resolve)),
      },
    } as unknown as AnyDeviceHandle;
    const controller: Controller = {
      name: 'steady',
      tick: (_s, now) => {
        ticks.push(now);
        if (now === t0 + 2000) return [{ kind: 'charger.start', deviceId: 'slow', reason: 'car connected' }];
        if (now === t0 + 6000) return [{ kind: 'charger.start', deviceId: 'gone', reason: 'car connected' }];
        return [];
      },
    };
    const broken: Controller = {
      name: 'broken',
      tick: () => {
        throw new Error('bug');
      },
    };
    const events: EventBody[] = [];
    const loop = new ControlLoop({
      clock,
      logger: capture().logger,
      emit: (e) => events.push(e),
      state: (now) => buildSiteState(new SiteData(), now),
      handleOf: (id) => (id === 'slow' ? slowCharger : null),
    });
    loop.setControllers([broken, controller]);
    loop.start();
    await clock.advance(4000);
    // the cycle at +2 s is still waiting for its write: +3 s and +4 s were skipped, not queued
    expect(ticks).toEqual([t0 + 1000, t0 + 2000]);
    expect(loop.stats().overruns).toBe(2);
    release?.();
    await clock.advance(2000);
    expect(ticks).toEqual([t0 + 1000, t0 + 2000, t0 + 5000, t0 + 6000]);
    // every action is published, a failed one with its failure
    expect(events).toMatchObject([
      {
        type: 'control.decision',
        controller: 'steady',
        action: 'charger.start',
        values: { deviceId: 'slow', result: 'ok' },
      },
      {
        type: 'control.decision',
        controller: 'steady',
        values: { deviceId: 'gone', result: 'error: gone is not reachable' },
      },
    ]);
    loop.stop();
    await clock.advance(5000);
    expect(ticks).toHaveLength(4);
  });
});
