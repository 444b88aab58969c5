/**
 * What drivers report, whatever the brand. Units are in the names; power in integer W, energy in integer Wh,
 * temperatures in °C and state of charge in % (one decimal). `null` means the device does not report the value
 * (a SunSpec "not implemented" point, or a register the model lacks), never "zero".
 *
 * Sign conventions: an inverter's power is what it produces; every other device's power is what it takes in
 * (a battery is + while charging and − while discharging); a grid meter is + on import and − on export.
 */

export type DeviceKind = 'inverter' | 'battery' | 'charger' | 'heat' | 'meter';

export interface DeviceIdentity {
  manufacturer: string;
  model: string;
  serial: string | null;
  firmware: string | null;
}

export type InverterState =
  | 'off'
  | 'sleeping'
  | 'starting'
  | 'producing'
  | 'throttled'
  | 'shutting-down'
  | 'fault'
  | 'standby'
  | 'unknown';

export interface InverterReading {
  kind: 'inverter';
  acPowerW: number | null;
  dcPowerW: number | null;
  /** Lifetime AC energy produced. */
  energyTotalWh: number | null;
  state: InverterState;
  /** The device's own state code, for support. */
  vendorState: number | null;
}

export type BatteryChargeState =
  | 'off'
  | 'empty'
  | 'discharging'
  | 'charging'
  | 'full'
  | 'holding'
  | 'testing'
  | 'unknown';

export interface BatteryReading {
  kind: 'battery';
  /** + charging, − discharging. */
  powerW: number | null;
  socPct: number | null;
  capacityWh: number | null;
  chargeState: BatteryChargeState;
  energyChargedWh: number | null;
  energyDischargedWh: number | null;
  /** The device says it is in fault; `errorCode` says which when the device gives one (docs/devices.md). */
  fault: boolean;
  errorCode: number | null;
}

export interface MeterReading {
  kind: 'meter';
  /** + import, − export. */
  powerW: number | null;
  importWh: number | null;
  exportWh: number | null;
}

/** IEC 61851 control-pilot state: A no car, B car connected, C/D charging, E/F error. */
export type ControlPilotState = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'unknown';

/** Our own devices' common operating state (iLubat, iLucharge, iLuheat register 20). */
export type IluDeviceState = 'starting' | 'operational' | 'fault' | 'unknown';

export interface ChargerReading {
  kind: 'charger';
  deviceState: IluDeviceState;
  errorCode: number | null;
  cpState: ControlPilotState;
  /** A charge session is open (started and not yet ended), whether or not current flows. */
  sessionActive: boolean;
  /** Charging allowed (start/stop register). */
  enabled: boolean;
  powerW: number | null;
  currentsA: [number | null, number | null, number | null];
  /** The limit the gateway set (0 = pause). */
  currentLimitA: number | null;
  /** What the charger offers the car now (limit, cable and failsafe applied). */
  offeredCurrentA: number | null;
  phases: number | null;
  sessionEnergyWh: number | null;
  energyTotalWh: number | null;
}

export interface HeatReading {
  kind: 'heat';
  deviceState: IluDeviceState;
  errorCode: number | null;
  enabled: boolean;
  powerW: number | null;
  waterTempC: number | null;
  targetTempC: number | null;
  energyTotalWh: number | null;
}

export type DeviceReading = InverterReading | BatteryReading | MeterReading | ChargerReading | HeatReading;

export type ReadingOf<K extends DeviceKind> = Extract<DeviceReading, { kind: K }>;
