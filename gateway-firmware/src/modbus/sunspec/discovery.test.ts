import { afterEach, describe, expect, it } from 'vitest';
import { startLoopback } from '../../sim/modbus/loopback';
import { RegisterImage } from '../../sim/modbus/register-image';
import type { SimModbusDevice } from '../../sim/modbus/sim-server';
import { SunSpecInverterSim } from '../../sim/modbus/sunspec-inverter-sim';
import { SunSpecStorageSim } from '../../sim/modbus/sunspec-storage-sim';
import { encodeString } from '../registers';
import { discoverSunSpec, findModel, readModel } from './discovery';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function loopback(...devices: SimModbusDevice[]) {
  const lb = await startLoopback(devices);
  open.push(lb);
  return lb;
}

describe('SunSpec discovery over TCP', () => {
  it.each([40000, 0, 50000])('finds the SunS marker and the model chain at base %i', async (base) => {
    const sim = new SunSpecInverterSim({ base, model: 103 });
    const { bus } = await loopback(sim);
    const map = await discoverSunSpec(bus.unit(1));
    expect(map).toEqual({
      base,
      models: [
        { id: 1, address: base + 2, length: 66 },
        { id: 103, address: base + 70, length: 50 },
      ],
    });
  });

  it('walks a chain with several models, including one it has no definition for', async () => {
    const image = new RegisterImage();
    const base = 40000;
    const regs = [0x5375, 0x6e53, 1, 66, ...encodeString('Vendor', 16), ...new Array(50).fill(0)];
    regs.push(64110, 4, 1, 2, 3, 4); // a vendor model we skip over by its L
    regs.push(124, 24, ...new Array(24).fill(0xffff));
    regs.push(0xffff, 0);
    image.set('holding', base, regs);
    const { bus } = await loopback({ unitId: 1, image });
    const map = await discoverSunSpec(bus.unit(1));
    expect(map?.models.map((m) => [m.id, m.address])).toEqual([
      [1, 40002],
      [64110, 40070],
      [124, 40076],
    ]);
  });

  it('stops at an end marker with no L register after it', async () => {
    const image = new RegisterImage();
    image.set('holding', 0, [0x5375, 0x6e53, 64110, 2, 9, 9, 0xffff]);
    const { bus } = await loopback({ unitId: 1, image });
    expect((await discoverSunSpec(bus.unit(1)))?.models).toEqual([{ id: 64110, address: 2, length: 2 }]);
  });

  it('returns null for a device without the marker (it answers, but is not SunSpec)', async () => {
    const image = new RegisterImage();
    image.set('holding', 40000, [0x1234, 0x5678]);
    const { bus } = await loopback({ unitId: 1, image });
    expect(await discoverSunSpec(bus.unit(1))).toBeNull();
  });

  it('throws when nothing answers at any base, so "not SunSpec" and "not there" differ', async () => {
    const sim = new SunSpecInverterSim();
    const { bus, server } = await loopback(sim);
    server.setResponding(false);
    await expect(discoverSunSpec(bus.unit(1))).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('reads a storage device: model 1, 124 and 802 found and decoded', async () => {
    const sim = new SunSpecStorageSim({ base: 50000, socPct: 64.3 });
    const { bus } = await loopback(sim);
    const t = bus.unit(1);
    const map = await discoverSunSpec(t);
    expect(map?.models.map((m) => m.id)).toEqual([1, 124, 802]);
    const m802 = findModel(map!, 802)!;
    const points = await readModel(t, m802);
    expect(points.SoC).toBe(64.3);
    expect(points.WHRtg).toBe(10_000);
    expect(points.AHRtg).toBeNull(); // left not implemented by the device
  });
});
