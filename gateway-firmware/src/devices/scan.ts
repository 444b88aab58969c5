import { isModbusError } from '../modbus/modbus-error';
import type { TransportFactory } from '../modbus/transport';
import type { AnyDeviceDriver, AnyDeviceHandle, DriverName } from './driver';
import type { DeviceIdentity, DeviceKind } from './readings';
import { ALL_DRIVERS } from './registry';

export interface ScanCandidates {
  unitIds: readonly number[];
  /** Defaults to every driver. */
  drivers?: readonly AnyDeviceDriver[];
}

export interface ScanFound {
  unitId: number;
  transportId: string;
  driver: DriverName;
  kind: DeviceKind;
  identity: DeviceIdentity;
  /** Ready to poll. */
  handle: AnyDeviceHandle;
}

export interface ScanResult {
  found: ScanFound[];
  /** Unit ids where nothing answered at all. */
  silent: number[];
  /** A driver failed in a way other than "not mine" (e.g. a broken SunSpec chain). */
  errors: { unitId: number; driver: DriverName; message: string }[];
}

/**
 * Which drivers answer on which unit ids. Unit ids are tried one after another (they share the bus anyway); once a
 * unit stays silent (timeout, no connection) the other drivers are not tried on it, so scanning 1..247 on a bus with
 * two devices costs about 245 timeouts, not 245 × 8. Give the bus a short timeout and no retries for scanning.
 */
export async function scan(
  openUnit: TransportFactory,
  candidates: ScanCandidates,
  onProgress?: (unitId: number, done: number, total: number) => void,
): Promise<ScanResult> {
  const drivers = candidates.drivers ?? ALL_DRIVERS;
  const result: ScanResult = { found: [], silent: [], errors: [] };
  let done = 0;
  for (const unitId of candidates.unitIds) {
    const t = openUnit(unitId);
    for (const driver of drivers) {
      try {
        const handle = (await driver.detect(t)) as AnyDeviceHandle | null;
        if (handle) {
          result.found.push({
            unitId,
            transportId: t.id,
            driver: handle.driver,
            kind: handle.kind,
            identity: handle.identity,
            handle,
          });
        }
      } catch (e) {
        if (isModbusError(e) && e.retryable) {
          result.silent.push(unitId);
          break;
        }
        result.errors.push({
          unitId,
          driver: driver.name,
          message: e instanceof Error ? e.message : String(e),
        });
      }
    }
    onProgress?.(unitId, ++done, candidates.unitIds.length);
  }
  return result;
}
