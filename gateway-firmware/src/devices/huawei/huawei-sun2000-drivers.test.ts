import { afterEach, describe, expect, it } from 'vitest';
import { HuaweiSun2000Sim } from '../../sim/modbus/huawei-sun2000-sim';
import { startLoopback } from '../../sim/modbus/loopback';
import type { SimModbusDevice } from '../../sim/modbus/sim-server';
import { SunSpecInverterSim } from '../../sim/modbus/sunspec-inverter-sim';
import {
  huaweiSun2000BatteryDriver,
  huaweiSun2000Driver,
  huaweiSun2000MeterDriver,
} from './huawei-sun2000-drivers';
import { HUAWEI_STATUS } from './huawei-sun2000-map';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function transportFor(device: SimModbusDevice) {
  const lb = await startLoopback([device]);
  open.push(lb);
  return lb.bus.unit(device.unitId);
}

describe('Huawei SUN2000 drivers', () => {
  it('reads the inverter from its own map: AC power int32 W, yield in 0.01 kWh, DC power', async () => {
    const sim = new HuaweiSun2000Sim({ serial: 'HV2150099999' });
    sim.setPower(5123);
    sim.setYieldWh(23_456_780);
    const t = await transportFor(sim);
    // The raw registers, as the domain note gives them.
    expect(await t.readHoldingRegisters(32080, 2)).toEqual([0, 5123]);
    // 23 456 780 Wh = 2 345 678 × 0.01 kWh = 0x0023_CACE.
    expect(await t.readHoldingRegisters(32106, 2)).toEqual([0x0023, 0xcace]);
    const handle = (await huaweiSun2000Driver.detect(t))!;
    expect(handle.identity).toEqual({
      manufacturer: 'Huawei',
      model: 'SUN2000-6KTL-M1',
      serial: 'HV2150099999',
      firmware: null,
    });
    expect(await handle.read()).toEqual({
      kind: 'inverter',
      acPowerW: 5123,
      dcPowerW: Math.round(5123 / 0.97),
      energyTotalWh: 23_456_780,
      state: 'producing',
      vendorState: HUAWEI_STATUS.onGrid,
    });
    sim.setPower(0);
    expect(await handle.read()).toMatchObject({ acPowerW: 0, state: 'sleeping' });
    sim.setDeviceStatus(HUAWEI_STATUS.onGridPowerLimited);
    expect((await handle.read()).state).toBe('throttled');
    sim.setDeviceStatus(HUAWEI_STATUS.shutdownFault);
    expect((await handle.read()).state).toBe('fault');
  });

  it('turns the meter round: Huawei counts export positive, we count import positive', async () => {
    const sim = new HuaweiSun2000Sim();
    sim.setGridPower(-2500); // exporting 2.5 kW
    sim.setMeterEnergy({ importWh: 1_234_560, exportWh: 987_650 });
    const t = await transportFor(sim);
    expect(await t.readHoldingRegisters(37113, 2)).toEqual([0, 2500]);
    const handle = (await huaweiSun2000MeterDriver.detect(t))!;
    expect(await handle.read()).toEqual({
      kind: 'meter',
      powerW: -2500,
      importWh: 1_234_560,
      exportWh: 987_650,
    });
    sim.setGridPower(800);
    expect((await handle.read()).powerW).toBe(800);
  });

  it('reads the battery: SoC in 0.1 %, power + while charging, lifetime counters', async () => {
    const sim = new HuaweiSun2000Sim({ batteryCapacityWh: 10_000 });
    sim.setBattery({ socPct: 55.5, powerW: 1500 });
    sim.advance(3600);
    const handle = (await huaweiSun2000BatteryDriver.detect(await transportFor(sim)))!;
    expect(await handle.read()).toEqual({
      kind: 'battery',
      powerW: 1500,
      socPct: 70.5,
      capacityWh: 10_000,
      chargeState: 'charging',
      energyChargedWh: 1500,
      energyDischargedWh: 0,
      fault: false,
      errorCode: null,
    });
    sim.setBattery({ powerW: -900 });
    expect(await handle.read()).toMatchObject({ powerW: -900, chargeState: 'discharging' });
    sim.setBattery({ status: 3 });
    expect(await handle.read()).toMatchObject({ fault: true });
  });

  it('finds no meter or battery on an inverter that has none', async () => {
    const t = await transportFor(new HuaweiSun2000Sim({ meter: false, battery: false }));
    expect(await huaweiSun2000Driver.detect(t)).not.toBeNull();
    expect(await huaweiSun2000MeterDriver.detect(t)).toBeNull();
    expect(await huaweiSun2000BatteryDriver.detect(t)).toBeNull();
  });

  it('is not detected on a SunSpec inverter', async () => {
    expect(await huaweiSun2000Driver.detect(await transportFor(new SunSpecInverterSim()))).toBeNull();
  });
});
