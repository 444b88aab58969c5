import { afterEach, describe, expect, it } from 'vitest';
import { IlubatSim } from '../sim/modbus/ilubat-sim';
import { IluchargeSim } from '../sim/modbus/ilucharge-sim';
import { startLoopback } from '../sim/modbus/loopback';
import { SunSpecInverterSim } from '../sim/modbus/sunspec-inverter-sim';
import { DeviceMonitor } from './device-monitor';
import { ilubatDriver } from './ilu/ilubat-driver';
import { iluchargeDriver } from './ilu/ilucharge-driver';
import { sunspecInverterDriver } from './sunspec/sunspec-inverter-driver';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});
const now = () => new Date('2025-01-15T08:00:00Z');

async function until<T>(poll: () => Promise<T>, done: (v: T) => boolean, tries = 40): Promise<T> {
  let v = await poll();
  for (let i = 0; i < tries && !done(v); i++) {
    await new Promise((r) => setTimeout(r, 25));
    v = await poll();
  }
  return v;
}

describe('DeviceMonitor', () => {
  it('reports a vanished device as offline with Fout 901 after its grace polls, and re-detects it when back', async () => {
    const sim = new IlubatSim();
    sim.setAutoPower(1500);
    const lb = await startLoopback([sim]);
    open.push(lb);
    const m = new DeviceMonitor({
      deviceId: 'bat-1',
      driver: ilubatDriver,
      transport: lb.bus.unit(1),
      now,
      offlineAfterFailures: 2,
    });

    const first = await m.poll();
    expect(first).toMatchObject({ link: 'online', reading: { kind: 'battery', powerW: 1500 } });
    expect(first.linkChange).toMatchObject({ from: 'unknown', to: 'online' });
    expect(first.changes.map((c) => c.to)).toEqual(['Laden']);
    expect(m.status).toBe('Laden');

    await lb.server.stop();
    const grace = await m.poll();
    expect(grace).toMatchObject({ reading: null, link: 'online', changes: [] });
    expect(grace.error).toBeDefined();
    const gone = await m.poll();
    expect(gone.link).toBe('offline');
    expect(gone.linkChange).toMatchObject({ from: 'online', to: 'offline' });
    expect(gone.changes).toMatchObject([{ from: 'Laden', to: 'Fout', error: { code: 901 } }]);
    expect(m.handle).toBeNull();
    expect((await m.poll()).changes).toEqual([]); // still gone: no repeated events

    await lb.server.start();
    sim.setAutoPower(-700);
    const back = await until(
      () => m.poll(),
      (o) => o.link === 'online',
    );
    expect(back.linkChange).toMatchObject({ from: 'offline', to: 'online' });
    expect(back.changes.map((c) => `${c.from}→${c.to}`)).toEqual(['Fout→Standby', 'Standby→Ontladen']);
    expect(back.reading).toMatchObject({ powerW: -700 });
  });

  it('treats a device that stops answering (but keeps the socket) the same way', async () => {
    const sim = new IluchargeSim();
    // long enough that a busy machine's answer is not taken for silence
    const lb = await startLoopback([sim], { timeoutMs: 400, retries: 0 });
    open.push(lb);
    const m = new DeviceMonitor({
      deviceId: 'ev',
      driver: iluchargeDriver,
      transport: lb.bus.unit(1),
      now,
      offlineAfterFailures: 1,
    });
    expect((await m.poll()).changes.map((c) => c.to)).toEqual(['Standby']);
    lb.server.setResponding(false);
    expect((await m.poll()).changes).toMatchObject([{ to: 'Fout', error: { code: 901 } }]);
    lb.server.setResponding(true);
    expect(
      (
        await until(
          () => m.poll(),
          (o) => o.link === 'online',
        )
      ).changes.map((c) => c.to),
    ).toEqual(['Standby']);
  });

  it('refuses another device at the address (error 902) instead of reading it', async () => {
    const lb = await startLoopback([new IlubatSim({ serial: 'ILB-OTHER' })]);
    open.push(lb);
    const m = new DeviceMonitor({
      deviceId: 'bat',
      driver: ilubatDriver,
      transport: lb.bus.unit(1),
      now,
      expectedSerial: 'ILB-0001',
    });
    const out = await m.poll();
    expect(out).toMatchObject({
      reading: null,
      link: 'offline',
      changes: [{ to: 'Fout', error: { code: 902 } }],
    });
    expect(out.error?.message).toContain('expected serial ILB-0001, found ILB-OTHER');
  });

  it('reports a device of the wrong kind at the address', async () => {
    const lb = await startLoopback([new SunSpecInverterSim()]);
    open.push(lb);
    const m = new DeviceMonitor({ deviceId: 'bat', driver: ilubatDriver, transport: lb.bus.unit(1), now });
    // once or twice may be a device still booting or a scan that timed out: no status yet, only the error
    for (const _ of [1, 2]) {
      const early = await m.poll();
      expect(early).toMatchObject({ reading: null, changes: [] });
      expect(early.link).not.toBe('offline');
      expect(early.error?.message).toContain('not as a');
    }
    const out = await m.poll();
    expect(out.link).toBe('offline');
    expect(out.changes[0]?.error?.code).toBe(902);
  });

  it('keeps no manual status for an inverter, only its link', async () => {
    const sim = new SunSpecInverterSim();
    sim.setPower(800);
    const lb = await startLoopback([sim]);
    open.push(lb);
    const m = new DeviceMonitor({
      deviceId: 'pv',
      driver: sunspecInverterDriver,
      transport: lb.bus.unit(1),
      now,
    });
    const out = await m.poll();
    expect(out).toMatchObject({ link: 'online', changes: [], reading: { acPowerW: 800 } });
    expect(m.status).toBeNull();
  });
});
