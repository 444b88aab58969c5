import { MODBUS_EXCEPTION } from '../../modbus/modbus-error';
import { int16 } from '../../modbus/registers';
import {
  BATTERY_STATE_FAULT,
  MODEL_BATTERY_802,
  MODEL_STORAGE_124,
  MODEL_STORAGE_CAPACITY_713,
  type ModelDef,
  STOR_CTL,
} from '../../modbus/sunspec/model-defs';
import { RegisterImage, SimModbusException } from './register-image';
import type { SimModbusDevice } from './sim-server';
import { type SunSpecCommonInfo, SunSpecImage } from './sunspec-image';

export interface SunSpecStorageSimOptions {
  unitId?: number;
  base?: number;
  /** Default [124, 802]. */
  models?: readonly (124 | 713 | 802)[];
  common?: Partial<SunSpecCommonInfo>;
  capacityWh?: number;
  maxChargeW?: number;
  socPct?: number;
}

// Scale factors this device reports.
const SF = {
  WChaMax: 0,
  ChaState: -1,
  InOutWRte: -2,
  MinRsvPct: -1,
  WHRtg: 1,
  SoC: -1,
  W: 0,
  V: -1,
  A: -1,
  Pct: -1,
};

/**
 * A SunSpec battery (model 1 + 124 + 802, optionally 713). It follows its own "auto" power unless the gateway
 * limits it through model 124: StorCtl_Mod bit 0 caps charging at InWRte % of WChaMax, bit 1 caps discharging at
 * OutWRte %; a negative OutWRte forces charging (and vice versa), which is how a setpoint is imposed.
 */
export class SunSpecStorageSim implements SimModbusDevice {
  readonly unitId: number;
  readonly image = new RegisterImage();
  readonly sunspec: SunSpecImage;
  private readonly models: ReadonlySet<number>;
  private readonly capacityWh: number;
  private readonly maxChargeW: number;
  private soc: number;
  private autoPower = 0;
  private effective = 0;
  private fault = false;
  private storCtl = 0;
  private inRtePct = 100;
  private outRtePct = 100;
  private revertSeconds = 0;
  private sinceControl = 0;

  constructor(options: SunSpecStorageSimOptions = {}) {
    this.unitId = options.unitId ?? 1;
    this.models = new Set(options.models ?? [124, 802]);
    this.capacityWh = options.capacityWh ?? 10_000;
    this.maxChargeW = options.maxChargeW ?? 5000;
    this.soc = options.socPct ?? 50;
    const defs: ModelDef[] = [];
    if (this.models.has(124)) defs.push(MODEL_STORAGE_124);
    if (this.models.has(713)) defs.push(MODEL_STORAGE_CAPACITY_713);
    if (this.models.has(802)) defs.push(MODEL_BATTERY_802);
    this.sunspec = new SunSpecImage(
      this.image,
      options.base ?? 40000,
      {
        manufacturer: 'iLumen Sim',
        model: 'SimStorage',
        serial: 'SIM-BAT-0001',
        version: '2.1.0',
        ...options.common,
      },
      defs,
    );
    this.writeStatic();
    if (this.models.has(124)) this.defineControls();
    this.refresh();
  }

  /** + charging, − discharging, after the gateway's limits and the SoC bounds. */
  get powerW(): number {
    return this.effective;
  }

  get socPct(): number {
    return this.soc;
  }

  /** What the battery would do on its own (its self-consumption logic), + charge. */
  setAutoPower(watts: number): void {
    this.autoPower = Math.round(watts);
    this.refresh();
  }

  setSoc(pct: number): void {
    this.soc = Math.max(0, Math.min(100, pct));
    this.refresh();
  }

  setFault(on: boolean): void {
    this.fault = on;
    this.refresh();
  }

  advance(seconds: number): void {
    this.soc = Math.max(
      0,
      Math.min(100, this.soc + ((this.effective * seconds) / 3600 / this.capacityWh) * 100),
    );
    if (this.storCtl !== 0 && this.revertSeconds > 0) {
      this.sinceControl += seconds;
      if (this.sinceControl >= this.revertSeconds) this.storCtl = 0;
    }
    this.refresh();
  }

  private writeStatic(): void {
    if (this.models.has(124)) {
      this.sunspec.setPoints(124, {
        WChaMax: SunSpecImage.toRaw(this.maxChargeW, SF.WChaMax),
        StorCtl_Mod: 0,
        MinRsvPct: SunSpecImage.toRaw(5, SF.MinRsvPct),
        OutWRte: SunSpecImage.toRaw(100, SF.InOutWRte),
        InWRte: SunSpecImage.toRaw(100, SF.InOutWRte),
        InOutWRte_WinTms: 0,
        InOutWRte_RvrtTms: 0,
        InOutWRte_RmpTms: 0,
        ChaGriSet: 1,
        WChaMax_SF: SF.WChaMax,
        MinRsvPct_SF: SF.MinRsvPct,
        ChaState_SF: SF.ChaState,
        InOutWRte_SF: SF.InOutWRte,
        // WChaGra, VAChaMax, StorAval, InBatV and their scale factors stay "not implemented", as on many devices.
      });
    }
    if (this.models.has(713)) {
      this.sunspec.setPoints(713, { WHRtg: this.capacityWh / 10, WH_SF: 1, Pct_SF: SF.Pct, SoH: 985 });
    }
    if (this.models.has(802)) {
      this.sunspec.setPoints(802, {
        WHRtg: SunSpecImage.toRaw(this.capacityWh, SF.WHRtg),
        WChaRteMax: this.maxChargeW,
        WDisChaRteMax: this.maxChargeW,
        SoCMax: 1000,
        SoCMin: 50,
        LocRemCtl: 0,
        NCyc: 123,
        Evt1: 0,
        WHRtg_SF: SF.WHRtg,
        WChaDisChaMax_SF: 0,
        SoC_SF: SF.SoC,
        V_SF: SF.V,
        A_SF: SF.A,
        W_SF: SF.W,
      });
    }
  }

  private defineControls(): void {
    const s = this.sunspec;
    const ctl = s.pointAddress(124, 'StorCtl_Mod');
    this.image.defineWritable(ctl, 1, (_address, [value = 0]) => {
      if (value > 3) throw new SimModbusException(MODBUS_EXCEPTION.illegalDataValue, `StorCtl_Mod ${value}`);
      this.storCtl = value;
      this.sinceControl = 0;
      this.refresh();
    });
    // OutWRte, InWRte, WinTms, RvrtTms, RmpTms: written together or alone.
    const out = s.pointAddress(124, 'OutWRte');
    this.image.defineWritable(out, 5, (address, values) => {
      values.forEach((v, i) => {
        const offset = address + i - out;
        const pct = int16([v], 0) / 10 ** -SF.InOutWRte;
        if ((offset === 0 || offset === 1) && Math.abs(pct) > 100) {
          throw new SimModbusException(MODBUS_EXCEPTION.illegalDataValue, `rate ${pct} %`);
        }
        if (offset === 0) this.outRtePct = pct;
        if (offset === 1) this.inRtePct = pct;
        if (offset === 3) this.revertSeconds = v;
      });
      this.sinceControl = 0;
      this.refresh();
    });
  }

  private computePower(): number {
    if (this.fault) return 0;
    let p = this.autoPower;
    if (this.storCtl & STOR_CTL.charge) p = Math.min(p, (this.inRtePct / 100) * this.maxChargeW);
    if (this.storCtl & STOR_CTL.discharge) p = Math.max(p, (-this.outRtePct / 100) * this.maxChargeW);
    // Applied in this order, crossed ends (a negative OutWRte above InWRte) force the discharge-side bound: a
    // forced charge, as Fronius does it.
    p = Math.max(-this.maxChargeW, Math.min(this.maxChargeW, p));
    if (p > 0 && this.soc >= 100) return 0;
    if (p < 0 && this.soc <= 0) return 0;
    return Math.round(p) || 0; // never -0
  }

  private refresh(): void {
    this.effective = this.computePower();
    const chaSt = this.fault ? 1 : this.effective > 0 ? 4 : this.effective < 0 ? 3 : this.soc >= 100 ? 5 : 6;
    if (this.models.has(124)) {
      this.sunspec.setPoints(124, {
        ChaState: SunSpecImage.toRaw(this.soc, SF.ChaState),
        ChaSt: chaSt,
        StorCtl_Mod: this.storCtl,
      });
    }
    if (this.models.has(713)) {
      this.sunspec.setPoints(713, {
        SoC: SunSpecImage.toRaw(this.soc, SF.Pct),
        WHAvail: Math.round((this.capacityWh * this.soc) / 100 / 10),
      });
    }
    if (this.models.has(802)) {
      const volts = 400;
      this.sunspec.setPoints(802, {
        SoC: SunSpecImage.toRaw(this.soc, SF.SoC),
        ChaSt: chaSt,
        State: this.fault ? BATTERY_STATE_FAULT : 3,
        V: SunSpecImage.toRaw(volts, SF.V),
        // 802's W and A count discharge as positive (see readers.ts).
        A: SunSpecImage.toRaw(-this.effective / volts, SF.A),
        W: SunSpecImage.toRaw(-this.effective, SF.W),
      });
    }
  }
}
