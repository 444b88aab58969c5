import { discoverSunSpec, findModel, readModel } from '../../modbus/sunspec/discovery';
import { identityFromCommon, inverterFrom10x, inverterFrom701 } from '../../modbus/sunspec/readers';
import type { DeviceDriver, DeviceHandle } from '../driver';
import type { DeviceIdentity } from '../readings';

const UNKNOWN_IDENTITY: DeviceIdentity = {
  manufacturer: 'unknown',
  model: 'unknown',
  serial: null,
  firmware: null,
};

export const sunspecInverterDriver: DeviceDriver<'inverter'> = {
  name: 'sunspec-inverter',
  kind: 'inverter',
  label: 'SunSpec inverter (model 101/102/103 or 701)',
  async detect(t): Promise<DeviceHandle<'inverter'> | null> {
    const map = await discoverSunSpec(t);
    if (!map) return null;
    // 10x has the DC power 701 lacks; 701 is for devices that only speak the newer DER models.
    const model = findModel(map, 103, 102, 101) ?? findModel(map, 701);
    if (!model) return null;
    const common = findModel(map, 1);
    const identity = common ? identityFromCommon(await readModel(t, common)) : UNKNOWN_IDENTITY;
    return {
      driver: 'sunspec-inverter',
      kind: 'inverter',
      identity,
      transport: t,
      sunspec: { base: map.base, models: map.models.map((m) => m.id) },
      async read() {
        const points = await readModel(t, model);
        return model.id === 701 ? inverterFrom701(points) : inverterFrom10x(points);
      },
    };
  },
};
