import { ModbusError } from '../../modbus/modbus-error';
import { discoverSunSpec, findModel, readModel, type SunSpecModelRef } from '../../modbus/sunspec/discovery';
import { num } from '../../modbus/sunspec/model-codec';
import { batteryFromStorage, identityFromCommon } from '../../modbus/sunspec/readers';
import { releaseStorageControl, writeStorageSetpoint } from '../../modbus/sunspec/storage-control';
import type { ModbusTransport } from '../../modbus/transport';
import type { BatteryControls, DeviceDriver, DeviceHandle } from '../driver';
import type { DeviceIdentity } from '../readings';

const UNKNOWN_IDENTITY: DeviceIdentity = {
  manufacturer: 'unknown',
  model: 'unknown',
  serial: null,
  firmware: null,
};

/** Through model 124's rate limits; WChaMax and its scale are read fresh each time, they may change with the BMS. */
function storageControls(t: ModbusTransport, ref: SunSpecModelRef): BatteryControls {
  return {
    async setPowerSetpoint(watts, options = {}) {
      if (!Number.isFinite(watts)) throw new RangeError(`setpoint ${watts} W`);
      const points = await readModel(t, ref);
      const wChaMaxW = num(points, 'WChaMax');
      const rateSf = num(points, 'InOutWRte_SF');
      if (!wChaMaxW || rateSf === null) {
        throw new ModbusError(
          'exception',
          `${t.id}: model 124 lacks WChaMax or InOutWRte_SF, cannot set power`,
        );
      }
      await writeStorageSetpoint(t, ref, { wChaMaxW, rateSf }, watts, options.revertSeconds ?? 0);
    },
    async setAuto() {
      await releaseStorageControl(t, ref);
    },
  };
}

export const sunspecBatteryDriver: DeviceDriver<'battery'> = {
  name: 'sunspec-battery',
  kind: 'battery',
  label: 'SunSpec storage (model 124, 802 and/or 713)',
  async detect(t): Promise<DeviceHandle<'battery'> | null> {
    const map = await discoverSunSpec(t);
    if (!map) return null;
    const m124 = findModel(map, 124);
    const m713 = findModel(map, 713);
    const m802 = findModel(map, 802);
    if (!m124 && !m713 && !m802) return null;
    const common = findModel(map, 1);
    const identity = common ? identityFromCommon(await readModel(t, common)) : UNKNOWN_IDENTITY;
    return {
      driver: 'sunspec-battery',
      kind: 'battery',
      identity,
      transport: t,
      sunspec: { base: map.base, models: map.models.map((m) => m.id) },
      async read() {
        return batteryFromStorage({
          m124: m124 && (await readModel(t, m124)),
          m713: m713 && (await readModel(t, m713)),
          m802: m802 && (await readModel(t, m802)),
        });
      },
      controls: m124 ? storageControls(t, m124) : undefined,
    };
  },
};
