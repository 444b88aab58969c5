import * as reg from '../../modbus/registers';
import type { ModbusTransport } from '../../modbus/transport';
import type { DeviceDriver, DeviceHandle, HeatControls } from '../driver';
import type { HeatReading } from '../readings';
import { detectIlu, iluDeviceState, iluErrorCode, tenths } from './ilu-common';
import { ILUHEAT_HOLDING, ILUHEAT_INPUT } from './ilu-register-map';

export function parseIluheat(input: readonly number[], holding: readonly number[]): HeatReading {
  const h = (address: number, decode: typeof reg.uint16) =>
    decode(holding, address - ILUHEAT_HOLDING.enabled);
  return {
    kind: 'heat',
    deviceState: iluDeviceState(input),
    errorCode: iluErrorCode(input),
    enabled: h(ILUHEAT_HOLDING.enabled, reg.uint16) === 1,
    powerW: reg.uint32(input, ILUHEAT_INPUT.power),
    waterTempC: tenths(reg.int16(input, ILUHEAT_INPUT.waterTemperature)),
    targetTempC: tenths(h(ILUHEAT_HOLDING.targetTemperature, reg.int16)),
    energyTotalWh: reg.uint32(input, ILUHEAT_INPUT.energyTotal),
  };
}

function controls(t: ModbusTransport): HeatControls {
  return {
    async setEnabled(on) {
      await t.writeRegister(ILUHEAT_HOLDING.enabled, on ? 1 : 0);
    },
  };
}

export const iluheatDriver: DeviceDriver<'heat'> = {
  name: 'iluheat',
  kind: 'heat',
  label: 'iLumen iLuheat',
  async detect(t): Promise<DeviceHandle<'heat'> | null> {
    const identity = await detectIlu(t, 'iluheat');
    if (!identity) return null;
    return {
      driver: 'iluheat',
      kind: 'heat',
      identity,
      transport: t,
      async read() {
        const input = await t.readInputRegisters(0, ILUHEAT_INPUT.pollLength);
        const holding = await t.readHoldingRegisters(ILUHEAT_HOLDING.enabled, 2);
        return parseIluheat(input, holding);
      },
      controls: controls(t),
    };
  },
};
