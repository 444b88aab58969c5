import type { DeviceReading } from '../devices/readings';
import type { P1Reading } from '../p1/p1-reading';
import type { DeviceConfig } from '../config/config-schema';

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

  deviceList(): DeviceSample[] {
    return [...this.devices.values()];
  }
}
