import type { InverterState } from '../../devices/readings';
import {
  INVERTER_ST,
  MODEL_DER_AC_701,
  MODEL_INVERTER_101,
  MODEL_INVERTER_103,
} from '../../modbus/sunspec/model-defs';
import { RegisterImage } from './register-image';
import type { SimModbusDevice } from './sim-server';
import { type SunSpecCommonInfo, SunSpecImage } from './sunspec-image';

export interface SunSpecInverterSimOptions {
  unitId?: number;
  base?: number;
  model?: 101 | 103 | 701;
  common?: Partial<SunSpecCommonInfo>;
  /** Scale factors (exponents) the device reports; W must fit int16 after scaling. */
  scaleFactors?: { W?: number; WH?: number; DCW?: number; A?: number; V?: number; Hz?: number };
  /** Points to leave "not implemented" (e.g. 'DCW', 'WH'). */
  notImplemented?: readonly string[];
  /** DC → AC efficiency, to derive DC power from AC. */
  efficiency?: number;
}

const STATE_CODE: Record<InverterState, number> = Object.fromEntries(
  Object.entries(INVERTER_ST).map(([code, name]) => [name, Number(code)]),
) as Record<InverterState, number>;

/** A SunSpec PV inverter: model 1 plus 101, 103 or 701. */
export class SunSpecInverterSim implements SimModbusDevice {
  readonly unitId: number;
  readonly image = new RegisterImage();
  readonly sunspec: SunSpecImage;
  readonly model: 101 | 103 | 701;
  private readonly sf: Required<NonNullable<SunSpecInverterSimOptions['scaleFactors']>>;
  private readonly missing: ReadonlySet<string>;
  private readonly efficiency: number;
  private power = 0;
  private energy = 0;
  private state: InverterState = 'sleeping';

  constructor(options: SunSpecInverterSimOptions = {}) {
    this.unitId = options.unitId ?? 1;
    this.model = options.model ?? 103;
    this.sf = { W: 0, WH: 0, DCW: 0, A: -2, V: -1, Hz: -2, ...options.scaleFactors };
    this.missing = new Set(options.notImplemented ?? []);
    this.efficiency = options.efficiency ?? 0.97;
    const def =
      this.model === 701 ? MODEL_DER_AC_701 : this.model === 101 ? MODEL_INVERTER_101 : MODEL_INVERTER_103;
    this.sunspec = new SunSpecImage(
      this.image,
      options.base ?? 40000,
      {
        manufacturer: 'iLumen Sim',
        model: `SimInverter ${this.model}`,
        serial: 'SIM-INV-0001',
        version: '1.0.0',
        ...options.common,
      },
      [def],
    );
    this.writeStatic();
    this.refresh();
  }

  get powerW(): number {
    return this.power;
  }

  get energyTotalWh(): number {
    return Math.round(this.energy);
  }

  /** AC power produced, W. A positive power also puts the inverter in 'producing', zero in 'sleeping'. */
  setPower(watts: number): void {
    this.power = Math.max(0, Math.round(watts));
    if (this.state !== 'fault' && this.state !== 'off')
      this.state = this.power > 0 ? 'producing' : 'sleeping';
    this.refresh();
  }

  /** The unrounded lifetime energy, for a simulator that keeps it across a restart. */
  get energyExactWh(): number {
    return this.energy;
  }

  setEnergyTotal(wh: number): void {
    this.energy = wh;
    this.refresh();
  }

  setState(state: InverterState): void {
    this.state = state;
    this.refresh();
  }

  /** Lets `seconds` of simulated time pass at the current power. */
  advance(seconds: number): void {
    this.energy += (this.power * seconds) / 3600;
    this.refresh();
  }

  private raw(name: string, value: number, sf: number): number | null {
    return this.missing.has(name) ? null : SunSpecImage.toRaw(value, sf);
  }

  private writeStatic(): void {
    const { sf } = this;
    if (this.model === 701) {
      this.sunspec.setPoints(701, {
        ACType: 3,
        ConnSt: 2,
        A_SF: sf.A,
        V_SF: sf.V,
        Hz_SF: sf.Hz,
        W_SF: this.missing.has('W_SF') ? null : sf.W,
        TotWh_SF: this.missing.has('TotWh_SF') ? null : sf.WH,
        Tmp_SF: -1,
        Alrm: 0,
      });
      return;
    }
    this.sunspec.setPoints(this.model, {
      A_SF: sf.A,
      V_SF: sf.V,
      W_SF: this.missing.has('W_SF') ? null : sf.W,
      Hz_SF: sf.Hz,
      WH_SF: this.missing.has('WH_SF') ? null : sf.WH,
      DCA_SF: -2,
      DCV_SF: -1,
      DCW_SF: sf.DCW,
      Tmp_SF: -1,
      Hz: this.raw('Hz', 50, sf.Hz),
      PhVphA: this.raw('PhVphA', 230, sf.V),
      TmpCab: this.raw('TmpCab', 35, -1),
      Evt1: 0,
      Evt2: 0,
    });
  }

  private refresh(): void {
    const { sf } = this;
    const phases = this.model === 101 ? 1 : 3;
    const amps = this.power / 230 / phases;
    if (this.model === 701) {
      this.sunspec.setPoints(701, {
        St: this.state === 'off' ? 1 : 2,
        InvSt: STATE_CODE[this.state] ?? null,
        W: this.raw('W', this.power, sf.W),
        A: this.raw('A', amps * phases, sf.A),
        LNV: this.raw('LNV', 230, sf.V),
        Hz: this.raw('Hz', 50, sf.Hz),
        TotWhInj: this.raw('TotWhInj', this.energy, sf.WH),
      });
      return;
    }
    const dc = this.power / this.efficiency;
    this.sunspec.setPoints(this.model, {
      A: this.raw('A', amps * phases, sf.A),
      AphA: this.raw('AphA', amps, sf.A),
      ...(phases === 3 ? { AphB: this.raw('AphB', amps, sf.A), AphC: this.raw('AphC', amps, sf.A) } : {}),
      W: this.raw('W', this.power, sf.W),
      WH: this.missing.has('WH') ? null : Math.max(0, SunSpecImage.toRaw(this.energy, sf.WH)),
      DCW: this.raw('DCW', dc, sf.DCW),
      DCV: this.raw('DCV', this.power > 0 ? 380 : 0, -1),
      St: STATE_CODE[this.state] ?? null,
      StVnd: this.missing.has('StVnd') ? null : (STATE_CODE[this.state] ?? 0) + 100,
    });
  }
}
