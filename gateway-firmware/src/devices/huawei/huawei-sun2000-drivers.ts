import { isModbusError } from '../../modbus/modbus-error';
import * as reg from '../../modbus/registers';
import type { ModbusTransport } from '../../modbus/transport';
import type { DeviceDriver, DeviceHandle } from '../driver';
import type {
  BatteryChargeState,
  BatteryReading,
  DeviceIdentity,
  InverterReading,
  InverterState,
  MeterReading,
} from '../readings';
import { HUAWEI, HUAWEI_BATTERY_STATUS, HUAWEI_STATUS } from './huawei-sun2000-map';

/** Reads a block, or null when the device answers "illegal address" (it lacks that part, e.g. no battery). */
async function readOptional(t: ModbusTransport, start: number, length: number): Promise<number[] | null> {
  try {
    return await t.readHoldingRegisters(start, length);
  } catch (e) {
    if (isModbusError(e) && e.kind === 'exception' && !e.retryable) return null;
    throw e;
  }
}

async function identify(t: ModbusTransport): Promise<DeviceIdentity | null> {
  const { identity: id } = HUAWEI;
  const regs = await readOptional(t, id.start, id.length);
  if (!regs) return null;
  const model = reg.string(regs, id.model - id.start, id.modelRegisters);
  if (!model.startsWith('SUN2000')) return null;
  return {
    manufacturer: 'Huawei',
    model,
    serial: reg.string(regs, id.serial - id.start, id.serialRegisters) || null,
    firmware: null,
  };
}

const at = (block: { start: number }, address: number) => address - block.start;
const tenWh = (raw: number) => raw * 10;

function inverterState(status: number): InverterState {
  if (status === HUAWEI_STATUS.onGridPowerLimited || status === HUAWEI_STATUS.onGridSelfDerating)
    return 'throttled';
  if (status >= HUAWEI_STATUS.onGrid && status < HUAWEI_STATUS.shutdownFault) return 'producing';
  if (status === HUAWEI_STATUS.shutdownFault) return 'fault';
  if (status > HUAWEI_STATUS.shutdownFault && status < 0x0400) return 'off';
  if (status === HUAWEI_STATUS.standbyNoIrradiation) return 'sleeping';
  if (status >= HUAWEI_STATUS.starting && status < HUAWEI_STATUS.onGrid) return 'starting';
  if (status < HUAWEI_STATUS.starting) return 'standby';
  return 'unknown';
}

export function parseHuaweiInverter(regs: readonly number[]): InverterReading {
  const b = HUAWEI.inverter;
  const status = reg.uint16(regs, at(b, b.deviceStatus));
  return {
    kind: 'inverter',
    acPowerW: reg.int32(regs, at(b, b.acPower)),
    dcPowerW: reg.int32(regs, at(b, b.dcPower)),
    energyTotalWh: tenWh(reg.uint32(regs, at(b, b.yield))),
    state: inverterState(status),
    vendorState: status,
  };
}

export function parseHuaweiMeter(regs: readonly number[]): MeterReading {
  const b = HUAWEI.meter;
  // Huawei counts export as positive; ours is + import.
  return {
    kind: 'meter',
    powerW: -reg.int32(regs, at(b, b.activePower)) || 0,
    importWh: tenWh(reg.int32(regs, at(b, b.importEnergy))),
    exportWh: tenWh(reg.int32(regs, at(b, b.exportEnergy))),
  };
}

export function parseHuaweiBattery(regs: readonly number[]): BatteryReading {
  const b = HUAWEI.battery;
  const status = reg.uint16(regs, at(b, b.runningStatus));
  const powerW = reg.int32(regs, at(b, b.power));
  const socPct = reg.uint16(regs, at(b, b.soc)) / 10;
  let chargeState: BatteryChargeState = 'unknown';
  if (status === HUAWEI_BATTERY_STATUS.offline) chargeState = 'off';
  else if (status !== HUAWEI_BATTERY_STATUS.fault) {
    if (powerW > 0) chargeState = 'charging';
    else if (powerW < 0) chargeState = 'discharging';
    else chargeState = socPct >= 100 ? 'full' : 'holding';
  }
  return {
    kind: 'battery',
    powerW,
    socPct,
    capacityWh: reg.uint32(regs, at(b, b.ratedCapacity)),
    chargeState,
    energyChargedWh: tenWh(reg.uint32(regs, at(b, b.totalCharge))),
    energyDischargedWh: tenWh(reg.uint32(regs, at(b, b.totalDischarge))),
    fault: status === HUAWEI_BATTERY_STATUS.fault,
    errorCode: null,
  };
}

export const huaweiSun2000Driver: DeviceDriver<'inverter'> = {
  name: 'huawei-sun2000',
  kind: 'inverter',
  label: 'Huawei SUN2000 inverter',
  async detect(t): Promise<DeviceHandle<'inverter'> | null> {
    const identity = await identify(t);
    if (!identity) return null;
    const b = HUAWEI.inverter;
    return {
      driver: 'huawei-sun2000',
      kind: 'inverter',
      identity,
      transport: t,
      read: async () => parseHuaweiInverter(await t.readHoldingRegisters(b.start, b.length)),
    };
  },
};

/** The power meter (DTSU666-H / DDSU666-H) the inverter reads and passes on. */
export const huaweiSun2000MeterDriver: DeviceDriver<'meter'> = {
  name: 'huawei-sun2000-meter',
  kind: 'meter',
  label: 'Huawei SUN2000 power meter',
  async detect(t): Promise<DeviceHandle<'meter'> | null> {
    const identity = await identify(t);
    if (!identity) return null;
    const b = HUAWEI.meter;
    const regs = await readOptional(t, b.start, b.length);
    if (!regs || reg.uint16(regs, 0) !== 1) return null;
    return {
      driver: 'huawei-sun2000-meter',
      kind: 'meter',
      identity: { ...identity, model: `${identity.model} meter` },
      transport: t,
      read: async () => parseHuaweiMeter(await t.readHoldingRegisters(b.start, b.length)),
    };
  },
};

/** The LUNA2000 battery behind the inverter. */
export const huaweiSun2000BatteryDriver: DeviceDriver<'battery'> = {
  name: 'huawei-sun2000-battery',
  kind: 'battery',
  label: 'Huawei LUNA2000 battery (through SUN2000)',
  async detect(t): Promise<DeviceHandle<'battery'> | null> {
    const identity = await identify(t);
    if (!identity) return null;
    const b = HUAWEI.battery;
    const regs = await readOptional(t, b.start, b.length);
    const capacity = regs ? reg.uint32(regs, 0) : 0;
    if (capacity === 0 || capacity === 0xffffffff) return null;
    return {
      driver: 'huawei-sun2000-battery',
      kind: 'battery',
      identity: { ...identity, model: `${identity.model} battery` },
      transport: t,
      read: async () => parseHuaweiBattery(await t.readHoldingRegisters(b.start, b.length)),
    };
  },
};
