import type { AnyDeviceDriver, DriverName } from './driver';
import {
  huaweiSun2000BatteryDriver,
  huaweiSun2000Driver,
  huaweiSun2000MeterDriver,
} from './huawei/huawei-sun2000-drivers';
import { ilubatDriver } from './ilu/ilubat-driver';
import { iluchargeDriver } from './ilu/ilucharge-driver';
import { iluheatDriver } from './ilu/iluheat-driver';
import { sunspecBatteryDriver } from './sunspec/sunspec-battery-driver';
import { sunspecInverterDriver } from './sunspec/sunspec-inverter-driver';

/** Every driver, in the order a scan tries them: our own first (one cheap read tells), SunSpec, then Huawei. */
export const ALL_DRIVERS: readonly AnyDeviceDriver[] = [
  ilubatDriver,
  iluchargeDriver,
  iluheatDriver,
  sunspecInverterDriver,
  sunspecBatteryDriver,
  huaweiSun2000Driver,
  huaweiSun2000MeterDriver,
  huaweiSun2000BatteryDriver,
];

const BY_NAME = new Map<DriverName, AnyDeviceDriver>(ALL_DRIVERS.map((d) => [d.name, d]));

export function driverByName(name: DriverName): AnyDeviceDriver {
  const d = BY_NAME.get(name);
  if (!d) throw new Error(`no driver ${name}`);
  return d;
}
