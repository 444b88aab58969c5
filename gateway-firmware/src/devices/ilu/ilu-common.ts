import { isModbusError } from '../../modbus/modbus-error';
import * as reg from '../../modbus/registers';
import type { ModbusTransport } from '../../modbus/transport';
import type { DeviceIdentity, IluDeviceState } from '../readings';
import {
  ILU_COMMON,
  ILU_DEVICE_STATE,
  ILU_MAGIC,
  ILU_MAP_VERSION,
  ILU_PRODUCT,
  type IluProduct,
} from './ilu-register-map';

const PRODUCT_NAMES: Record<IluProduct, string> = {
  ilubat: 'iLubat',
  ilucharge: 'iLucharge',
  iluheat: 'iLuheat',
};

/**
 * Reads the identity block and checks it is the wanted product. A device that answers "illegal address" for input
 * register 0 is not one of ours (null); a timeout is thrown, since then we know nothing.
 */
export async function detectIlu(t: ModbusTransport, product: IluProduct): Promise<DeviceIdentity | null> {
  let regs: number[];
  try {
    regs = await t.readInputRegisters(0, ILU_COMMON.hardwareRevision + 1);
  } catch (e) {
    if (isModbusError(e) && e.kind === 'exception' && !e.retryable) return null;
    throw e;
  }
  if (reg.uint16(regs, ILU_COMMON.magic) !== ILU_MAGIC) return null;
  if (reg.uint16(regs, ILU_COMMON.product) !== ILU_PRODUCT[product]) return null;
  // A newer map may move registers: refuse it rather than read wrong values.
  if (reg.uint16(regs, ILU_COMMON.mapVersion) > ILU_MAP_VERSION) return null;
  const hw = reg.uint16(regs, ILU_COMMON.hardwareRevision);
  return {
    manufacturer: 'iLumen',
    model: `${PRODUCT_NAMES[product]} rev ${hw}`,
    serial: reg.string(regs, ILU_COMMON.serial, ILU_COMMON.serialRegisters) || null,
    firmware: reg.string(regs, ILU_COMMON.firmware, ILU_COMMON.firmwareRegisters) || null,
  };
}

export function iluDeviceState(regs: readonly number[]): IluDeviceState {
  switch (reg.uint16(regs, ILU_COMMON.deviceState)) {
    case ILU_DEVICE_STATE.starting:
      return 'starting';
    case ILU_DEVICE_STATE.operational:
      return 'operational';
    case ILU_DEVICE_STATE.fault:
      return 'fault';
    default:
      return 'unknown';
  }
}

export function iluErrorCode(regs: readonly number[]): number | null {
  const code = reg.uint16(regs, ILU_COMMON.errorCode);
  return code === 0 ? null : code;
}

/** 0.1-unit registers to numbers with one decimal. */
export function tenths(raw: number): number {
  return Math.round(raw) / 10;
}
