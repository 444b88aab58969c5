import { SUNSPEC_END_ID, SUNSPEC_MARKER } from '../../modbus/sunspec/discovery';
import { encodeModel, encodePointValue, type PointValue } from '../../modbus/sunspec/model-codec';
import { MODEL_COMMON, type ModelDef } from '../../modbus/sunspec/model-defs';
import type { RegisterImage } from './register-image';

export interface SunSpecCommonInfo {
  manufacturer: string;
  model: string;
  serial: string;
  version: string;
}

/** A real-world SunSpec layout in a register image: 'SunS' at the base, model 1, the given models, the end marker. */
export class SunSpecImage {
  private readonly addresses = new Map<number, number>();
  private readonly defs = new Map<number, ModelDef>();

  constructor(
    private readonly image: RegisterImage,
    readonly base: number,
    common: SunSpecCommonInfo,
    models: readonly ModelDef[],
  ) {
    image.set('holding', base, [...SUNSPEC_MARKER]);
    let address = base + 2;
    for (const def of [MODEL_COMMON, ...models]) {
      this.addresses.set(def.id, address);
      this.defs.set(def.id, def);
      image.set('holding', address, encodeModel(def, {}));
      address += 2 + def.length;
    }
    image.set('holding', address, [SUNSPEC_END_ID, 0]);
    this.setPoints(1, {
      Mn: common.manufacturer,
      Md: common.model,
      SN: common.serial,
      Vr: common.version,
      DA: 1,
    });
  }

  /** Address of the model's ID register. */
  address(modelId: number): number {
    const a = this.addresses.get(modelId);
    if (a === undefined) throw new Error(`model ${modelId} is not in this image`);
    return a;
  }

  private def(modelId: number): ModelDef {
    const d = this.defs.get(modelId);
    if (!d) throw new Error(`model ${modelId} is not in this image`);
    return d;
  }

  /** Raw (unscaled) values; null writes the point's "not implemented" value. */
  setPoints(modelId: number, raw: Record<string, PointValue>): void {
    const def = this.def(modelId);
    const base = this.address(modelId);
    for (const [name, value] of Object.entries(raw)) {
      const { offset, words } = encodePointValue(def, name, value);
      this.image.set('holding', base + offset, words);
    }
  }

  /** Physical value → raw register value with the model's scale factor `sf` (value / 10^sf, rounded). */
  static toRaw(value: number, sf: number): number {
    return Math.round(sf >= 0 ? value / 10 ** sf : value * 10 ** -sf);
  }

  pointAddress(modelId: number, name: string): number {
    const p = this.def(modelId).points[name];
    if (!p) throw new Error(`model ${modelId} has no point ${name}`);
    return this.address(modelId) + p.offset;
  }
}
