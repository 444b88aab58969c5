import type { P1Reading } from '@ilumen/p1';
import type { DeviceConfig } from '../config/config-schema';
import type { DeviceReading } from '../devices/readings';

export interface P1Sample {
  reading: P1Reading;
  /** Clock ms when the telegram arrived. */
  receivedAt: number;
  /** Clock ms the meter stamped it with (0-0:1.0.0), or the arrival time when it had no stamp. */
  meterAt: number;
}

export type DeviceLink = 'unknown' | 'online' | 'offline';

export interface DeviceSample {
  config: DeviceConfig;
  link: DeviceLink;
  /** The manual status (Standby, Laden…) for batteries, chargers and boilers; null before the first reading. */
  status: string | null;
  reading: DeviceReading | null;
  /** Clock ms of `reading`. */
  readAt: number | null;
}

/**
 * The latest of everything the gateway measured: what `live`, `energy` and the control loop's site state are
 * built from. Written by the P1 source and the device manager only.
 */
export class SiteData {
  p1: P1Sample | null = null;
  readonly devices = new Map<string, DeviceSample>();
  /** Time between the last two telegrams (clock ms): 1 s on e-MUCS meters, 10 s on older DSMR 4 ones. */
  p1IntervalMs = 1000;
  /** The slowest device poll interval (clock ms). */
  pollIntervalMs = 2000;

  /** How old a telegram may be and still describe the grid "now": three meter periods, at least `floorMs`. */
  p1MaxAge(floorMs: number): number {
    return Math.max(floorMs, 3 * this.p1IntervalMs);
  }

  /** How old a device reading may be and still count: three poll periods, at least `floorMs`. */
  deviceMaxAge(floorMs: number): number {
    return Math.max(floorMs, 3 * this.pollIntervalMs);
  }

  deviceList(): DeviceSample[] {
    return [...this.devices.values()];
  }
}
