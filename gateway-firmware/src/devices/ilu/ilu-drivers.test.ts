import { afterEach, describe, expect, it } from 'vitest';
import { IlubatSim } from '../../sim/modbus/ilubat-sim';
import { IluchargeSim } from '../../sim/modbus/ilucharge-sim';
import { IluheatSim } from '../../sim/modbus/iluheat-sim';
import { startLoopback } from '../../sim/modbus/loopback';
import type { SimModbusDevice } from '../../sim/modbus/sim-server';
import { SunSpecInverterSim } from '../../sim/modbus/sunspec-inverter-sim';
import { ilubatDriver } from './ilubat-driver';
import { iluchargeDriver } from './ilucharge-driver';
import { iluheatDriver } from './iluheat-driver';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function transportFor(device: SimModbusDevice) {
  const lb = await startLoopback([device]);
  open.push(lb);
  return lb.bus.unit(device.unitId);
}

describe('iLu* register map, as docs/devices.md writes it', () => {
  it('has the identity block at input registers 0–21 and controls from holding register 100', async () => {
    const sim = new IlubatSim({ serial: 'ILB2400017', firmware: '1.4.2' });
    const t = await transportFor(sim);
    const id = await t.readInputRegisters(0, 22);
    expect(id.slice(0, 3)).toEqual([0x694c, 1, 1]); // 'iL', product 1 = iLubat, map version 1
    expect(id.slice(3, 8)).toEqual([0x494c, 0x4232, 0x3430, 0x3030, 0x3137]); // 'ILB2400017'
    expect(id[20]).toBe(1); // operational
    expect(id[21]).toBe(0); // no error
    expect(await t.readHoldingRegisters(100, 6)).toEqual([0, 0, 0, 0, 0, 50]); // reset, mode, setpoint, revert, reserve 5.0 %
  });
});

describe('iLubat driver', () => {
  it('detects it, and not the other products or a SunSpec device', async () => {
    const t = await transportFor(new IlubatSim());
    const handle = await ilubatDriver.detect(t);
    expect(handle?.identity).toEqual({
      manufacturer: 'iLumen',
      model: 'iLubat rev 2',
      serial: 'SIM-ILUBAT-1',
      firmware: '1.4.2',
    });
    expect(await iluchargeDriver.detect(t)).toBeNull();
    expect(await iluheatDriver.detect(t)).toBeNull();
    expect(await ilubatDriver.detect(await transportFor(new SunSpecInverterSim()))).toBeNull();
  });

  it('reads power, SoC, capacity and lifetime counters', async () => {
    const sim = new IlubatSim({ socPct: 40, capacityWh: 10_000 });
    const handle = (await ilubatDriver.detect(await transportFor(sim)))!;
    sim.setAutoPower(2000);
    sim.advance(1800);
    expect(await handle.read()).toEqual({
      kind: 'battery',
      powerW: 2000,
      socPct: 50,
      capacityWh: 10_000,
      chargeState: 'charging',
      energyChargedWh: 1000,
      energyDischargedWh: 0,
      fault: false,
      errorCode: null,
    });
    sim.setAutoPower(-3000);
    sim.advance(600);
    expect(await handle.read()).toMatchObject({
      powerW: -3000,
      socPct: 45,
      energyDischargedWh: 500,
      chargeState: 'discharging',
    });
  });

  it('writes a charge/discharge setpoint that the battery follows, and returns to auto', async () => {
    const sim = new IlubatSim({ socPct: 50 });
    sim.setAutoPower(-400);
    const t = await transportFor(sim);
    const handle = (await ilubatDriver.detect(t))!;
    await handle.controls!.setPowerSetpoint(3000);
    expect(await t.readHoldingRegisters(101, 3)).toEqual([1, 0, 3000]);
    expect((await handle.read()).powerW).toBe(3000);
    await handle.controls!.setPowerSetpoint(-4500);
    expect(await t.readHoldingRegisters(102, 2)).toEqual([0xffff, 0x10000 - 4500]);
    expect((await handle.read()).powerW).toBe(-4500);
    await handle.controls!.setPowerSetpoint(9000); // above the battery's 5 kW: it clamps
    expect((await handle.read()).powerW).toBe(5000);
    await handle.controls!.setAuto();
    expect((await handle.read()).powerW).toBe(-400);
  });

  it('falls back to auto after the revert timeout', async () => {
    const sim = new IlubatSim();
    sim.setAutoPower(100);
    const handle = (await ilubatDriver.detect(await transportFor(sim)))!;
    await handle.controls!.setPowerSetpoint(-2000, { revertSeconds: 30 });
    sim.advance(29);
    expect((await handle.read()).powerW).toBe(-2000);
    sim.advance(2);
    expect((await handle.read()).powerW).toBe(100);
  });

  it('does not charge a full battery nor discharge below the reserve', async () => {
    const sim = new IlubatSim({ socPct: 100 });
    const handle = (await ilubatDriver.detect(await transportFor(sim)))!;
    await handle.controls!.setPowerSetpoint(2000);
    expect(await handle.read()).toMatchObject({ powerW: 0, chargeState: 'full' });
    sim.setSoc(5);
    await handle.controls!.setPowerSetpoint(-2000);
    expect((await handle.read()).powerW).toBe(0);
  });

  it('reports a fault with its code, and clears it through the alarm reset register', async () => {
    const sim = new IlubatSim();
    const t = await transportFor(sim);
    const handle = (await ilubatDriver.detect(t))!;
    sim.setFault(101);
    expect(await handle.read()).toMatchObject({ fault: true, errorCode: 101, powerW: 0 });
    await t.writeRegister(100, 1);
    expect(await handle.read()).toMatchObject({ fault: false, errorCode: null });
  });

  it('refuses an unknown mode at the device (exception 3)', async () => {
    const t = await transportFor(new IlubatSim());
    await expect(t.writeRegister(101, 7)).rejects.toMatchObject({ kind: 'exception', exceptionCode: 3 });
  });
});

describe('iLucharge driver', () => {
  it('follows a session: no car, car connected, charging, paused, stopped', async () => {
    const sim = new IluchargeSim({ currentLimitA: 16 });
    const handle = (await iluchargeDriver.detect(await transportFor(sim)))!;
    expect(await handle.read()).toMatchObject({
      cpState: 'A',
      sessionActive: false,
      powerW: 0,
      currentLimitA: 16,
    });

    sim.plugIn({ maxCurrentA: 32, phases: 3 });
    expect(await handle.read()).toMatchObject({
      cpState: 'B',
      sessionActive: false,
      enabled: false,
      powerW: 0,
    });

    await handle.controls!.start();
    const charging = await handle.read();
    expect(charging).toMatchObject({
      cpState: 'C',
      sessionActive: true,
      enabled: true,
      offeredCurrentA: 16,
      phases: 3,
    });
    expect(charging.currentsA).toEqual([16, 16, 16]);
    expect(charging.powerW).toBe(16 * 230 * 3);

    await handle.controls!.setCurrentLimit(10);
    expect(await handle.read()).toMatchObject({
      currentLimitA: 10,
      offeredCurrentA: 10,
      powerW: 10 * 230 * 3,
    });

    await handle.controls!.setCurrentLimit(0);
    expect(await handle.read()).toMatchObject({
      cpState: 'B',
      sessionActive: true,
      powerW: 0,
      currentsA: [0, 0, 0],
    });

    await handle.controls!.setCurrentLimit(6);
    sim.advance(3600);
    expect(await handle.read()).toMatchObject({ powerW: 4140, sessionEnergyWh: 4140, energyTotalWh: 4140 });

    await handle.controls!.stop();
    expect(await handle.read()).toMatchObject({
      sessionActive: false,
      enabled: false,
      powerW: 0,
      cpState: 'B',
    });
    sim.unplug();
    expect(await handle.read()).toMatchObject({ cpState: 'A' });
  });

  it('limits to what a one-phase car takes', async () => {
    const sim = new IluchargeSim({ currentLimitA: 32 });
    const handle = (await iluchargeDriver.detect(await transportFor(sim)))!;
    sim.plugIn({ maxCurrentA: 16, phases: 1 });
    await handle.controls!.start();
    expect(await handle.read()).toMatchObject({
      offeredCurrentA: 32,
      currentsA: [16, 0, 0],
      powerW: 16 * 230,
      phases: 1,
    });
  });

  it('refuses currents outside 0 and 6–32 A, in the driver and at the device', async () => {
    const sim = new IluchargeSim();
    const t = await transportFor(sim);
    const handle = (await iluchargeDriver.detect(t))!;
    for (const bad of [3, 33, 6.5, -1]) {
      await expect(handle.controls!.setCurrentLimit(bad)).rejects.toThrow(RangeError);
    }
    await expect(t.writeRegister(102, 5)).rejects.toMatchObject({ exceptionCode: 3 });
    expect(sim.currentLimitA).toBe(16);
  });

  it('falls back to the failsafe current when the gateway stops writing the limit', async () => {
    const sim = new IluchargeSim({ currentLimitA: 20 });
    const t = await transportFor(sim);
    const handle = (await iluchargeDriver.detect(t))!;
    await t.writeRegisters(103, [8, 60]);
    await handle.controls!.setCurrentLimit(24);
    sim.plugIn({ maxCurrentA: 32, phases: 3 });
    await handle.controls!.start();
    sim.advance(59);
    expect((await handle.read()).offeredCurrentA).toBe(24);
    sim.advance(2);
    expect((await handle.read()).offeredCurrentA).toBe(8);
  });

  it('shows a fault with its code and the pilot in error', async () => {
    const sim = new IluchargeSim();
    const handle = (await iluchargeDriver.detect(await transportFor(sim)))!;
    sim.setFault(201);
    expect(await handle.read()).toMatchObject({ deviceState: 'fault', errorCode: 201, cpState: 'E' });
  });
});

describe('iLuheat driver', () => {
  it('heats while on and below the target, and stops when switched off', async () => {
    const sim = new IluheatSim({ waterTempC: 45, targetTempC: 60, ratedPowerW: 2400 });
    const handle = (await iluheatDriver.detect(await transportFor(sim)))!;
    expect(await handle.read()).toEqual({
      kind: 'heat',
      deviceState: 'operational',
      errorCode: null,
      enabled: true,
      powerW: 2400,
      waterTempC: 45,
      targetTempC: 60,
      energyTotalWh: 0,
    });
    sim.advance(3600);
    const after = await handle.read();
    expect(after.energyTotalWh).toBe(2400);
    expect(after.waterTempC).toBeGreaterThan(54);
    await handle.controls!.setEnabled(false);
    expect(await handle.read()).toMatchObject({ enabled: false, powerW: 0 });
    await handle.controls!.setEnabled(true);
    expect(await handle.read()).toMatchObject({ enabled: true, powerW: 2400 });
  });

  it('switches the element off at the target', async () => {
    const sim = new IluheatSim({ waterTempC: 59.9, targetTempC: 60 });
    const handle = (await iluheatDriver.detect(await transportFor(sim)))!;
    sim.setWaterTemperature(40);
    expect((await handle.read()).powerW).toBe(2400);
    sim.setWaterTemperature(60.5);
    expect((await handle.read()).powerW).toBe(0);
  });

  it('refuses a target outside 30–75 °C at the device', async () => {
    const t = await transportFor(new IluheatSim());
    await expect(t.writeRegister(102, 800)).rejects.toMatchObject({ exceptionCode: 3 });
    await t.writeRegister(102, 550);
    expect((await (await iluheatDriver.detect(t))!.read()).targetTempC).toBe(55);
  });
});
