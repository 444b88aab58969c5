import * as reg from '../../modbus/registers';
import { encodeInt32 } from '../../modbus/registers';
import type { ModbusTransport } from '../../modbus/transport';
import type { BatteryControls, DeviceDriver, DeviceHandle } from '../driver';
import type { BatteryChargeState, BatteryReading } from '../readings';
import { detectIlu, iluDeviceState, iluErrorCode, tenths } from './ilu-common';
import { ILUBAT_HOLDING, ILUBAT_INPUT, ILUBAT_MODE } from './ilu-register-map';

const INT32_MAX = 0x7fffffff;

function chargeState(powerW: number, socPct: number, fault: boolean): BatteryChargeState {
  if (fault) return 'unknown';
  if (powerW > 0) return 'charging';
  if (powerW < 0) return 'discharging';
  if (socPct >= 100) return 'full';
  if (socPct <= 0) return 'empty';
  return 'holding';
}

export function parseIlubat(regs: readonly number[]): BatteryReading {
  const powerW = reg.int32(regs, ILUBAT_INPUT.power);
  const socPct = tenths(reg.uint16(regs, ILUBAT_INPUT.soc));
  const fault = iluDeviceState(regs) === 'fault';
  return {
    kind: 'battery',
    powerW,
    socPct,
    capacityWh: reg.uint32(regs, ILUBAT_INPUT.capacity),
    chargeState: chargeState(powerW, socPct, fault),
    energyChargedWh: reg.uint32(regs, ILUBAT_INPUT.energyCharged),
    energyDischargedWh: reg.uint32(regs, ILUBAT_INPUT.energyDischarged),
    fault,
    errorCode: iluErrorCode(regs),
  };
}

function controls(t: ModbusTransport): BatteryControls {
  return {
    async setPowerSetpoint(watts, options = {}) {
      if (!Number.isFinite(watts) || Math.abs(watts) > INT32_MAX) throw new RangeError(`setpoint ${watts} W`);
      const revert = Math.max(0, Math.min(0xffff, Math.round(options.revertSeconds ?? 0)));
      // Mode, setpoint and revert timeout in one write: the battery never runs a new mode with an old setpoint.
      await t.writeRegisters(ILUBAT_HOLDING.mode, [
        ILUBAT_MODE.remote,
        ...encodeInt32(Math.round(watts)),
        revert,
      ]);
    },
    async setAuto() {
      await t.writeRegister(ILUBAT_HOLDING.mode, ILUBAT_MODE.auto);
    },
  };
}

export const ilubatDriver: DeviceDriver<'battery'> = {
  name: 'ilubat',
  kind: 'battery',
  label: 'iLumen iLubat',
  async detect(t): Promise<DeviceHandle<'battery'> | null> {
    const identity = await detectIlu(t, 'ilubat');
    if (!identity) return null;
    return {
      driver: 'ilubat',
      kind: 'battery',
      identity,
      transport: t,
      async read() {
        return parseIlubat(await t.readInputRegisters(0, ILUBAT_INPUT.pollLength));
      },
      controls: controls(t),
    };
  },
};
