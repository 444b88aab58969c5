import type {
  BatteryChargeState,
  BatteryReading,
  DeviceIdentity,
  InverterReading,
  InverterState,
} from '../../devices/readings';
import { num, type PointValue, text } from './model-codec';
import { BATTERY_STATE_FAULT, CHA_ST, INVERTER_ST } from './model-defs';
import { roundOrNull } from './points';

type Points = Record<string, PointValue>;

export function identityFromCommon(common: Points): DeviceIdentity {
  return {
    manufacturer: text(common, 'Mn') ?? 'unknown',
    model: text(common, 'Md') ?? 'unknown',
    serial: text(common, 'SN'),
    firmware: text(common, 'Vr'),
  };
}

function inverterState(code: number | null): InverterState {
  return (code !== null && INVERTER_ST[code as keyof typeof INVERTER_ST]) || 'unknown';
}

function chargeState(code: number | null): BatteryChargeState {
  return (code !== null && CHA_ST[code as keyof typeof CHA_ST]) || 'unknown';
}

/** Models 101, 102 and 103. */
export function inverterFrom10x(points: Points): InverterReading {
  return {
    kind: 'inverter',
    acPowerW: roundOrNull(num(points, 'W')),
    dcPowerW: roundOrNull(num(points, 'DCW')),
    energyTotalWh: roundOrNull(num(points, 'WH')),
    state: inverterState(num(points, 'St')),
    vendorState: num(points, 'StVnd'),
  };
}

/** Model 701 (the IEEE 1547 "DER" models have no DC power point). */
export function inverterFrom701(points: Points): InverterReading {
  return {
    kind: 'inverter',
    acPowerW: roundOrNull(num(points, 'W')),
    dcPowerW: null,
    energyTotalWh: roundOrNull(num(points, 'TotWhInj')),
    state: inverterState(num(points, 'InvSt')),
    vendorState: null,
  };
}

export interface StorageModels {
  m124?: Points;
  m713?: Points;
  m802?: Points;
}

/**
 * A battery from whichever storage models the device has. 802 is preferred (it has power), then 124, then 713.
 * 802's W is read as evcc does, positive while discharging; we turn it round to our "+ charging".
 * 124 has no power point at all: such a device reports powerW null.
 */
export function batteryFromStorage(models: StorageModels): BatteryReading {
  const { m124, m713, m802 } = models;
  const soc =
    (m802 && num(m802, 'SoC')) ?? (m124 && num(m124, 'ChaState')) ?? (m713 && num(m713, 'SoC')) ?? null;
  const w802 = m802 ? num(m802, 'W') : null;
  const chaSt = (m802 && num(m802, 'ChaSt')) ?? (m124 && num(m124, 'ChaSt')) ?? null;
  const state802 = m802 ? num(m802, 'State') : null;
  return {
    kind: 'battery',
    powerW: w802 === null ? null : roundOrNull(-w802) || 0,
    socPct: roundOrNull(soc, 1),
    capacityWh: roundOrNull((m802 && num(m802, 'WHRtg')) ?? (m713 && num(m713, 'WHRtg')) ?? null),
    chargeState: chargeState(chaSt),
    energyChargedWh: null,
    energyDischargedWh: null,
    fault: state802 === BATTERY_STATE_FAULT,
    errorCode: null,
  };
}
