import type { ModbusTransport } from '../modbus/transport';
import type { AnyDeviceDriver, AnyDeviceHandle } from './driver';
import type { DeviceReading } from './readings';
import type { PowerHysteresis } from './status/derive-status';
import type { StatusChange } from './status/status-machine';
import {
  type BatteryStatusTracker,
  type ChargerStatusTracker,
  createBatteryStatusTracker,
  createChargerStatusTracker,
  createHeatStatusTracker,
  type HeatStatusTracker,
} from './status/status-tracker';

export type LinkState = 'unknown' | 'online' | 'offline';

export interface LinkChange {
  deviceId: string;
  from: LinkState;
  to: LinkState;
  at: string;
  reason?: string;
}

export interface DeviceMonitorOptions {
  deviceId: string;
  driver: AnyDeviceDriver;
  transport: ModbusTransport;
  now: () => Date;
  /** Serial recorded at commissioning: another device at this address is reported (error 902), never read. */
  expectedSerial?: string | null;
  /** Failed polls in a row before the device counts as gone; one lost frame is not an outage. Default 3. */
  offlineAfterFailures?: number;
  hysteresis?: PowerHysteresis;
}

export interface PollOutcome {
  /** Null when this poll got nothing. */
  reading: DeviceReading | null;
  link: LinkState;
  /** Manual-status changes to publish as `event`s (batteries, chargers and boilers only). */
  changes: StatusChange[];
  linkChange?: LinkChange;
  error?: Error;
}

type Tracker = BatteryStatusTracker | ChargerStatusTracker | HeatStatusTracker;

/**
 * One configured device: detects it (again, after an outage), polls it, and keeps its link state and manual
 * status. A device that stops answering becomes `offline` with status Fout (901) and is looked for on every later
 * poll; when it answers again it is re-identified and its real status comes back. Never throws.
 */
export class DeviceMonitor {
  private handle_: AnyDeviceHandle | null = null;
  private link_: LinkState = 'unknown';
  private failures = 0;
  private readonly tracker: Tracker | null;
  private readonly offlineAfter: number;

  constructor(private readonly options: DeviceMonitorOptions) {
    this.offlineAfter = options.offlineAfterFailures ?? 3;
    const t = { deviceId: options.deviceId, now: options.now, hysteresis: options.hysteresis };
    const kind = options.driver.kind;
    this.tracker =
      kind === 'battery'
        ? createBatteryStatusTracker(t)
        : kind === 'charger'
          ? createChargerStatusTracker(t)
          : kind === 'heat'
            ? createHeatStatusTracker(t)
            : null;
  }

  get handle(): AnyDeviceHandle | null {
    return this.handle_;
  }

  get link(): LinkState {
    return this.link_;
  }

  /** The manual status (null for inverters and meters, or before the first reading). */
  get status(): string | null {
    return this.tracker?.status ?? null;
  }

  private setLink(to: LinkState, reason?: string): LinkChange | undefined {
    if (to === this.link_) return undefined;
    const change: LinkChange = {
      deviceId: this.options.deviceId,
      from: this.link_,
      to,
      at: this.options.now().toISOString(),
    };
    if (reason) change.reason = reason;
    this.link_ = to;
    return change;
  }

  private updateTracker(reading: DeviceReading): StatusChange[] {
    const t = this.tracker;
    if (!t) return [];
    // The tracker was made for the driver's kind, so the reading's kind matches it.
    if (reading.kind === 'battery') return (t as BatteryStatusTracker).update(reading);
    if (reading.kind === 'charger') return (t as ChargerStatusTracker).update(reading);
    if (reading.kind === 'heat') return (t as HeatStatusTracker).update(reading);
    return [];
  }

  async poll(): Promise<PollOutcome> {
    const { driver, transport, expectedSerial } = this.options;
    try {
      if (!this.handle_) {
        const found = (await driver.detect(transport)) as AnyDeviceHandle | null;
        if (!found) {
          // Not recognised is not yet proof of another device: under load one base of a SunSpec scan can time out
          // while another answers "illegal address", and a device still booting answers with empty registers. Like
          // silence, it must repeat for the grace polls before the device reads as wrong (Fout 902).
          const message = `${transport.id} answers, but not as a ${driver.label}`;
          this.failures++;
          if (this.failures < this.offlineAfter)
            return { reading: null, link: this.link_, changes: [], error: new Error(message) };
          return this.wrongDevice(message);
        }
        if (expectedSerial && found.identity.serial !== expectedSerial) {
          return this.wrongDevice(
            `${transport.id}: expected serial ${expectedSerial}, found ${found.identity.serial ?? 'none'}`,
          );
        }
        this.handle_ = found;
      }
      const reading = await this.handle_.read();
      this.failures = 0;
      const linkChange = this.setLink('online');
      return { reading, link: this.link_, changes: this.updateTracker(reading), linkChange };
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      this.failures++;
      if (this.failures < this.offlineAfter) return { reading: null, link: this.link_, changes: [], error };
      // Forget the handle: when the device comes back it may be another unit, or have new firmware.
      this.handle_ = null;
      const linkChange = this.setLink('offline', error.message);
      return {
        reading: null,
        link: this.link_,
        changes: this.tracker?.communicationLost() ?? [],
        linkChange,
        error,
      };
    }
  }

  private wrongDevice(message: string): PollOutcome {
    this.handle_ = null;
    const linkChange = this.setLink('offline', message);
    return {
      reading: null,
      link: this.link_,
      changes: this.tracker?.unexpectedDevice() ?? [],
      linkChange,
      error: new Error(message),
    };
  }
}
