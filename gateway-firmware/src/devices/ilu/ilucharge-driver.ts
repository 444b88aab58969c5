import * as reg from '../../modbus/registers';
import type { ModbusTransport } from '../../modbus/transport';
import type { ChargerControls, DeviceDriver, DeviceHandle } from '../driver';
import type { ChargerReading, ControlPilotState } from '../readings';
import { detectIlu, iluDeviceState, iluErrorCode, tenths } from './ilu-common';
import {
  CHARGE_CURRENT_MAX_A,
  CHARGE_CURRENT_MIN_A,
  ILUCHARGE_CP,
  ILUCHARGE_HOLDING,
  ILUCHARGE_INPUT,
} from './ilu-register-map';

/** 0 (pause) or a whole number of amps in 6–32. */
export function isValidChargeCurrent(amps: number): boolean {
  return (
    amps === 0 || (Number.isInteger(amps) && amps >= CHARGE_CURRENT_MIN_A && amps <= CHARGE_CURRENT_MAX_A)
  );
}

export function parseIlucharge(input: readonly number[], holding: readonly number[]): ChargerReading {
  const cp = reg.uint16(input, ILUCHARGE_INPUT.cpState);
  const h = (address: number) => reg.uint16(holding, address - ILUCHARGE_HOLDING.enabled);
  const current = (i: number) => tenths(reg.uint16(input, ILUCHARGE_INPUT.currentL1 + i));
  return {
    kind: 'charger',
    deviceState: iluDeviceState(input),
    errorCode: iluErrorCode(input),
    cpState: (ILUCHARGE_CP as Record<number, ControlPilotState>)[cp] ?? 'unknown',
    sessionActive: reg.uint16(input, ILUCHARGE_INPUT.sessionActive) === 1,
    enabled: h(ILUCHARGE_HOLDING.enabled) === 1,
    powerW: reg.uint32(input, ILUCHARGE_INPUT.power),
    currentsA: [current(0), current(1), current(2)],
    currentLimitA: h(ILUCHARGE_HOLDING.currentLimit),
    offeredCurrentA: tenths(reg.uint16(input, ILUCHARGE_INPUT.offeredCurrent)),
    phases: reg.uint16(input, ILUCHARGE_INPUT.phases),
    sessionEnergyWh: reg.uint32(input, ILUCHARGE_INPUT.sessionEnergy),
    energyTotalWh: reg.uint32(input, ILUCHARGE_INPUT.energyTotal),
  };
}

function controls(t: ModbusTransport): ChargerControls {
  return {
    async setCurrentLimit(amps) {
      if (!isValidChargeCurrent(amps)) {
        throw new RangeError(
          `charge current ${amps} A: use 0 (pause) or ${CHARGE_CURRENT_MIN_A}–${CHARGE_CURRENT_MAX_A}`,
        );
      }
      await t.writeRegister(ILUCHARGE_HOLDING.currentLimit, amps);
    },
    async start() {
      await t.writeRegister(ILUCHARGE_HOLDING.enabled, 1);
    },
    async stop() {
      await t.writeRegister(ILUCHARGE_HOLDING.enabled, 0);
    },
  };
}

export const iluchargeDriver: DeviceDriver<'charger'> = {
  name: 'ilucharge',
  kind: 'charger',
  label: 'iLumen iLucharge',
  async detect(t): Promise<DeviceHandle<'charger'> | null> {
    const identity = await detectIlu(t, 'ilucharge');
    if (!identity) return null;
    return {
      driver: 'ilucharge',
      kind: 'charger',
      identity,
      transport: t,
      async read() {
        const input = await t.readInputRegisters(0, ILUCHARGE_INPUT.pollLength);
        const holding = await t.readHoldingRegisters(ILUCHARGE_HOLDING.enabled, 2);
        return parseIlucharge(input, holding);
      },
      controls: controls(t),
    };
  },
};
