import type { BatteryReading, ChargerReading, HeatReading } from '../readings';
import {
  DEFAULT_HYSTERESIS,
  type Derived,
  deriveBatteryStatus,
  deriveChargerStatus,
  deriveHeatStatus,
  type PowerHysteresis,
} from './derive-status';
import { type DeviceError, describeError, GATEWAY_ERROR } from './error-codes';
import { type StatusChange, StatusMachine } from './status-machine';
import {
  BATTERY_TRANSITIONS,
  type BatteryStatus,
  CHARGER_TRANSITIONS,
  type ChargerStatus,
  HEAT_TRANSITIONS,
  type HeatStatus,
  type StatusDeviceType,
  type TransitionTable,
} from './statuses';

export interface StatusTrackerOptions {
  deviceId: string;
  now: () => Date;
  hysteresis?: PowerHysteresis;
}

/** Turns a device's readings into manual statuses and the changes to publish. */
export class StatusTracker<S extends string, R> {
  private readonly machine: StatusMachine<S>;

  constructor(
    deviceType: StatusDeviceType,
    table: TransitionTable<S>,
    private readonly derive: (reading: R, previous: S | null, h: PowerHysteresis) => Derived<S> | null,
    private readonly fault: S,
    private readonly options: StatusTrackerOptions,
  ) {
    this.machine = new StatusMachine(options.deviceId, deviceType, table, fault, options.now);
  }

  get status(): S | null {
    return this.machine.status;
  }

  get error(): DeviceError | undefined {
    return this.machine.error;
  }

  update(reading: R): StatusChange<S>[] {
    const d = this.derive(reading, this.machine.status, this.options.hysteresis ?? DEFAULT_HYSTERESIS);
    return d ? this.machine.moveTo(d.status, d.error) : [];
  }

  /** The device stopped answering (after the link's grace period): Fout with code 901 until it is back. */
  communicationLost(): StatusChange<S>[] {
    return this.machine.moveTo(this.fault, describeError(GATEWAY_ERROR.communicationLost));
  }

  /** A different device answers at the configured address (serial changed). */
  unexpectedDevice(): StatusChange<S>[] {
    return this.machine.moveTo(this.fault, describeError(GATEWAY_ERROR.unexpectedDevice));
  }
}

export type BatteryStatusTracker = StatusTracker<BatteryStatus, BatteryReading>;
export type ChargerStatusTracker = StatusTracker<ChargerStatus, ChargerReading>;
export type HeatStatusTracker = StatusTracker<HeatStatus, HeatReading>;

export function createBatteryStatusTracker(options: StatusTrackerOptions): BatteryStatusTracker {
  return new StatusTracker('battery', BATTERY_TRANSITIONS, deriveBatteryStatus, 'Fout', options);
}

export function createChargerStatusTracker(options: StatusTrackerOptions): ChargerStatusTracker {
  return new StatusTracker('charger', CHARGER_TRANSITIONS, deriveChargerStatus, 'Fout', options);
}

export function createHeatStatusTracker(options: StatusTrackerOptions): HeatStatusTracker {
  return new StatusTracker('heat', HEAT_TRANSITIONS, deriveHeatStatus, 'Fout', options);
}
