import { afterEach, describe, expect, it } from 'vitest';
import { startLoopback } from '../../sim/modbus/loopback';
import type { SimModbusDevice } from '../../sim/modbus/sim-server';
import { SunSpecInverterSim } from '../../sim/modbus/sunspec-inverter-sim';
import { SunSpecStorageSim } from '../../sim/modbus/sunspec-storage-sim';
import { sunspecBatteryDriver } from './sunspec-battery-driver';
import { sunspecInverterDriver } from './sunspec-inverter-driver';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function transportFor(device: SimModbusDevice) {
  const lb = await startLoopback([device]);
  open.push(lb);
  return lb.bus.unit(device.unitId);
}

describe('SunSpec inverter driver', () => {
  it.each([
    [101, 40000],
    [103, 0],
    [103, 50000],
  ] as const)('reads model %i at base %i with its scale factors', async (model, base) => {
    const sim = new SunSpecInverterSim({ model, base, scaleFactors: { W: -1, WH: 1, DCW: 0 } });
    sim.setPower(2345.6);
    sim.setEnergyTotal(12_345_670);
    const handle = await sunspecInverterDriver.detect(await transportFor(sim));
    expect(handle?.identity).toEqual({
      manufacturer: 'iLumen Sim',
      model: `SimInverter ${model}`,
      serial: 'SIM-INV-0001',
      firmware: '1.0.0',
    });
    const r = await handle!.read();
    // The sim rounds to 2346 W and stores it as 23460 × 10^-1; 12 345 670 Wh as 1 234 567 × 10^1.
    expect(r).toEqual({
      kind: 'inverter',
      acPowerW: 2346,
      dcPowerW: Math.round(2346 / 0.97),
      energyTotalWh: 12_345_670,
      state: 'producing',
      vendorState: 104,
    });
  });

  it('refuses to store a power that does not fit the int16 point at that scale', () => {
    const sim = new SunSpecInverterSim({ scaleFactors: { W: -1 } });
    expect(() => sim.setPower(4000)).toThrow(RangeError);
  });

  it('gives null for points the device leaves not implemented', async () => {
    const sim = new SunSpecInverterSim({ notImplemented: ['DCW', 'WH', 'StVnd'] });
    sim.setPower(1200);
    const r = await (await sunspecInverterDriver.detect(await transportFor(sim)))!.read();
    expect(r.acPowerW).toBe(1200);
    expect(r.dcPowerW).toBeNull();
    expect(r.energyTotalWh).toBeNull();
    expect(r.vendorState).toBeNull();
  });

  it('gives null power when the scale factor itself is not implemented', async () => {
    const sim = new SunSpecInverterSim({ notImplemented: ['W_SF'] });
    sim.setPower(1200);
    const r = await (await sunspecInverterDriver.detect(await transportFor(sim)))!.read();
    expect(r.acPowerW).toBeNull();
  });

  it('reads model 701 (DER): power, injected energy (uint64) and inverter state', async () => {
    const sim = new SunSpecInverterSim({ model: 701, scaleFactors: { W: 0, WH: 0 } });
    sim.setPower(4999);
    sim.setEnergyTotal(8_000_000_123);
    const r = await (await sunspecInverterDriver.detect(await transportFor(sim)))!.read();
    expect(r).toMatchObject({
      acPowerW: 4999,
      dcPowerW: null,
      energyTotalWh: 8_000_000_123,
      state: 'producing',
    });
  });

  it('follows the device: more power and energy after time passes, sleeping at night', async () => {
    const sim = new SunSpecInverterSim();
    const handle = (await sunspecInverterDriver.detect(await transportFor(sim)))!;
    sim.setPower(2000);
    sim.advance(1800);
    expect(await handle.read()).toMatchObject({ acPowerW: 2000, energyTotalWh: 1000, state: 'producing' });
    sim.setPower(0);
    expect(await handle.read()).toMatchObject({ acPowerW: 0, state: 'sleeping' });
    sim.setState('fault');
    expect((await handle.read()).state).toBe('fault');
  });

  it('is not detected on a storage-only device', async () => {
    expect(await sunspecInverterDriver.detect(await transportFor(new SunSpecStorageSim()))).toBeNull();
  });
});

describe('SunSpec battery driver', () => {
  it('reads SoC, capacity, power (802, discharge-positive on the wire) and charge state', async () => {
    const sim = new SunSpecStorageSim({ socPct: 72.5, capacityWh: 9_600 });
    sim.setAutoPower(-1800);
    const handle = (await sunspecBatteryDriver.detect(await transportFor(sim)))!;
    expect(handle.identity.model).toBe('SimStorage');
    expect(await handle.read()).toEqual({
      kind: 'battery',
      powerW: -1800,
      socPct: 72.5,
      capacityWh: 9_600,
      chargeState: 'discharging',
      energyChargedWh: null,
      energyDischargedWh: null,
      fault: false,
      errorCode: null,
    });
    sim.setAutoPower(2500);
    expect(await handle.read()).toMatchObject({ powerW: 2500, chargeState: 'charging' });
    sim.setFault(true);
    expect(await handle.read()).toMatchObject({ powerW: 0, fault: true, chargeState: 'off' });
  });

  it('with only model 124 it has SoC and charge state but no power', async () => {
    const sim = new SunSpecStorageSim({ models: [124], socPct: 40 });
    sim.setAutoPower(1000);
    const r = await (await sunspecBatteryDriver.detect(await transportFor(sim)))!.read();
    expect(r).toMatchObject({ powerW: null, socPct: 40, capacityWh: null, chargeState: 'charging' });
  });

  it('reads model 713 when that is what the device has', async () => {
    const sim = new SunSpecStorageSim({ models: [713], socPct: 81.2, capacityWh: 13_500 });
    const r = await (await sunspecBatteryDriver.detect(await transportFor(sim)))!.read();
    expect(r).toMatchObject({ socPct: 81.2, capacityWh: 13_500 });
  });

  it('forces charge and discharge through model 124, and hands control back', async () => {
    const sim = new SunSpecStorageSim({ socPct: 50, maxChargeW: 5000 });
    sim.setAutoPower(-300);
    const handle = (await sunspecBatteryDriver.detect(await transportFor(sim)))!;
    const controls = handle.controls!;
    await controls.setPowerSetpoint(2000);
    expect(sim.powerW).toBe(2000);
    expect((await handle.read()).powerW).toBe(2000);
    await controls.setPowerSetpoint(-3500);
    expect(sim.powerW).toBe(-3500);
    await controls.setPowerSetpoint(0);
    expect(sim.powerW).toBe(0);
    await controls.setAuto();
    expect(sim.powerW).toBe(-300);
  });

  it('falls back to its own control when the revert time passes without a new setpoint', async () => {
    const sim = new SunSpecStorageSim();
    sim.setAutoPower(700);
    const handle = (await sunspecBatteryDriver.detect(await transportFor(sim)))!;
    await handle.controls!.setPowerSetpoint(-1000, { revertSeconds: 60 });
    sim.advance(30);
    expect(sim.powerW).toBe(-1000);
    sim.advance(31);
    expect(sim.powerW).toBe(700);
  });

  it('has no controls without model 124', async () => {
    const handle = await sunspecBatteryDriver.detect(
      await transportFor(new SunSpecStorageSim({ models: [802] })),
    );
    expect(handle?.controls).toBeUndefined();
  });

  it('is not detected on an inverter-only device', async () => {
    expect(await sunspecBatteryDriver.detect(await transportFor(new SunSpecInverterSim()))).toBeNull();
  });
});
