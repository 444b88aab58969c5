import type { BatteryReading, ChargerReading, HeatReading } from '../readings';
import { type DeviceError, describeError, GATEWAY_ERROR } from './error-codes';
import type { BatteryStatus, ChargerStatus, HeatStatus } from './statuses';

/**
 * Power thresholds with hysteresis: a device starts counting as charging (heating) above `enterW` and stops only
 * below `exitW`, so a battery idling around 100 W does not flap between Standby and Laden every poll.
 */
export interface PowerHysteresis {
  enterW: number;
  exitW: number;
}

export const DEFAULT_HYSTERESIS: PowerHysteresis = { enterW: 100, exitW: 40 };

export interface Derived<S extends string> {
  status: S;
  error?: DeviceError;
}

function faultError(code: number | null): DeviceError {
  return describeError(code ?? GATEWAY_ERROR.faultWithoutCode);
}

/** Is `powerW` "on" given the previous state? */
function above(powerW: number, wasOn: boolean, h: PowerHysteresis): boolean {
  return wasOn ? powerW > h.exitW : powerW >= h.enterW;
}

export function deriveBatteryStatus(
  r: BatteryReading,
  previous: BatteryStatus | null,
  h: PowerHysteresis = DEFAULT_HYSTERESIS,
): Derived<BatteryStatus> {
  if (r.fault || r.errorCode !== null) return { status: 'Fout', error: faultError(r.errorCode) };
  if (r.powerW === null) {
    // Model 124 batteries report no power: trust their own charge state.
    if (r.chargeState === 'charging') return { status: 'Laden' };
    if (r.chargeState === 'discharging') return { status: 'Ontladen' };
    return { status: 'Standby' };
  }
  if (above(r.powerW, previous === 'Laden', h)) return { status: 'Laden' };
  if (above(-r.powerW, previous === 'Ontladen', h)) return { status: 'Ontladen' };
  return { status: 'Standby' };
}

export function deriveHeatStatus(
  r: HeatReading,
  previous: HeatStatus | null,
  h: PowerHysteresis = DEFAULT_HYSTERESIS,
): Derived<HeatStatus> {
  if (r.deviceState === 'fault' || r.errorCode !== null)
    return { status: 'Fout', error: faultError(r.errorCode) };
  if (r.deviceState === 'operational' && r.powerW !== null && above(r.powerW, previous === 'Laden', h)) {
    return { status: 'Laden' };
  }
  return { status: 'Inactief/standby' };
}

/**
 * Start while booting; Fout on a device fault or a control-pilot error (E/F); Standby with no car; EV geconnecteerd
 * with a car and no open session; within a session Laden while power flows and Slaapt while it does not (paused,
 * too little sun, or the car is full). Null when the reading says nothing new (unknown pilot state).
 */
export function deriveChargerStatus(
  r: ChargerReading,
  previous: ChargerStatus | null,
  h: PowerHysteresis = DEFAULT_HYSTERESIS,
): Derived<ChargerStatus> | null {
  if (r.deviceState === 'fault' || r.errorCode !== null)
    return { status: 'Fout', error: faultError(r.errorCode) };
  if (r.cpState === 'E' || r.cpState === 'F') return { status: 'Fout', error: describeError(202) };
  if (r.deviceState === 'starting') return { status: 'Start' };
  switch (r.cpState) {
    case 'A':
      return { status: 'Standby' };
    case 'B':
    case 'C':
    case 'D': {
      if (!r.sessionActive) return { status: 'EV geconnecteerd' };
      const charging = r.powerW !== null && above(r.powerW, previous === 'Laden', h);
      return { status: charging ? 'Laden' : 'Slaapt' };
    }
    default:
      return null;
  }
}
