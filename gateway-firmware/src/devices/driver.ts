import type { ModbusTransport } from '../modbus/transport';
import type { DeviceIdentity, DeviceKind, ReadingOf } from './readings';

export const DRIVER_NAMES = [
  'sunspec-inverter',
  'sunspec-battery',
  'huawei-sun2000',
  'huawei-sun2000-meter',
  'huawei-sun2000-battery',
  'ilubat',
  'ilucharge',
  'iluheat',
] as const;
export type DriverName = (typeof DRIVER_NAMES)[number];

export interface BatteryControls {
  /** W, + charge, − discharge; the battery holds it until `setAuto` or its revert timeout. */
  setPowerSetpoint(watts: number, options?: { revertSeconds?: number }): Promise<void>;
  /** Back to the battery's own control. */
  setAuto(): Promise<void>;
}

export interface ChargerControls {
  /** 0 pauses the session (status Slaapt); otherwise 6–32 A. Other values throw a RangeError before any write. */
  setCurrentLimit(amps: number): Promise<void>;
  /** Opens a session (or allows charging) when a car is connected. */
  start(): Promise<void>;
  /** Ends the session. */
  stop(): Promise<void>;
}

export interface HeatControls {
  setEnabled(on: boolean): Promise<void>;
}

export type ControlsOf<K extends DeviceKind> = K extends 'battery'
  ? BatteryControls
  : K extends 'charger'
    ? ChargerControls
    : K extends 'heat'
      ? HeatControls
      : never;

/** A device found on a transport, ready to poll. */
export interface DeviceHandle<K extends DeviceKind = DeviceKind> {
  readonly driver: DriverName;
  readonly kind: K;
  readonly identity: DeviceIdentity;
  readonly transport: ModbusTransport;
  /** One full poll. Throws a ModbusError when the device does not answer. */
  read(): Promise<ReadingOf<K>>;
  /** Present when the device can be controlled through this driver. */
  readonly controls?: ControlsOf<K>;
  /** SunSpec devices: where the model chain starts and the models in it, as found when it was detected. */
  readonly sunspec?: { readonly base: number; readonly models: readonly number[] };
}

/** Narrowable by `kind`: `if (h.kind === 'charger') h.controls?.setCurrentLimit(16)`. */
export type AnyDeviceHandle = { [K in DeviceKind]: DeviceHandle<K> }[DeviceKind];

export interface DeviceDriver<K extends DeviceKind = DeviceKind> {
  readonly name: DriverName;
  readonly kind: K;
  /** For people: "SunSpec inverter (101/103/701)". */
  readonly label: string;
  /**
   * Looks at the device on `transport`: a handle when it is one this driver reads, null when it answers but is
   * something else. Throws a ModbusError when nothing answers (timeout, no connection).
   */
  detect(transport: ModbusTransport): Promise<DeviceHandle<K> | null>;
}

export type AnyDeviceDriver = { [K in DeviceKind]: DeviceDriver<K> }[DeviceKind];
