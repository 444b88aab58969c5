import { ILUBAT_HOLDING, ILUBAT_INPUT, ILUBAT_MODE } from '../../devices/ilu/ilu-register-map';
import { encodeInt16, encodeInt32, encodeUint32, int32 } from '../../modbus/registers';
import { IluSimBase, type IluSimOptions } from './ilu-sim-base';

export interface IlubatSimOptions extends IluSimOptions {
  capacityWh?: number;
  maxChargeW?: number;
  maxDischargeW?: number;
  socPct?: number;
}

/**
 * iLubat: follows its own "auto" power (set by the site simulator: its self-consumption logic) unless the gateway
 * writes a setpoint in mode 1; stops at 100 % and at the reserve; falls back to auto after the revert timeout.
 */
export class IlubatSim extends IluSimBase {
  readonly capacityWh: number;
  readonly maxChargeW: number;
  readonly maxDischargeW: number;
  private soc: number;
  private autoPower = 0;
  private effective = 0;
  private mode: number = ILUBAT_MODE.auto;
  private setpoint = 0;
  private revertSeconds = 0;
  private sinceControl = 0;
  private reservePct = 5;
  private chargedWh = 0;
  private dischargedWh = 0;

  constructor(options: IlubatSimOptions = {}) {
    super('ilubat', options);
    this.capacityWh = options.capacityWh ?? 10_000;
    this.maxChargeW = options.maxChargeW ?? 5000;
    this.maxDischargeW = options.maxDischargeW ?? 5000;
    this.soc = options.socPct ?? 50;
    const h = ILUBAT_HOLDING;
    this.image.set('holding', h.mode, [this.mode, 0, 0, 0, this.reservePct * 10]);
    this.image.defineWritable(h.mode, 4, (address, values) => {
      values.forEach((v, i) => {
        if (address + i === h.mode && v !== ILUBAT_MODE.auto && v !== ILUBAT_MODE.remote) {
          IluSimBase.refuse(`mode ${v}`);
        }
      });
      // Apply on a copy of the holding block so a write of part of the setpoint still reads whole.
      const block = this.image.read('holding', h.mode, 4);
      values.forEach((v, i) => {
        block[address + i - h.mode] = v;
      });
      this.mode = block[0] ?? 0;
      this.setpoint = int32(block, 1);
      this.revertSeconds = block[3] ?? 0;
      this.sinceControl = 0;
      this.refresh();
    });
    this.image.defineWritable(h.minSocReserve, 1, (_a, [v = 0]) => {
      if (v > 1000) IluSimBase.refuse(`reserve ${v / 10} %`);
      this.reservePct = v / 10;
      this.refresh();
    });
    this.refresh();
  }

  /** + charging. */
  get powerW(): number {
    return this.effective;
  }

  get socPct(): number {
    return this.soc;
  }

  setAutoPower(watts: number): void {
    this.autoPower = Math.round(watts);
    this.refresh();
  }

  /** What a restart must keep: the energy counters and the charge (a real battery keeps both). */
  counters(): { chargedWh: number; dischargedWh: number; socPct: number } {
    return { chargedWh: this.chargedWh, dischargedWh: this.dischargedWh, socPct: this.soc };
  }

  restoreCounters(c: { chargedWh: number; dischargedWh: number; socPct: number }): void {
    this.chargedWh = c.chargedWh;
    this.dischargedWh = c.dischargedWh;
    this.setSoc(c.socPct);
  }

  setSoc(pct: number): void {
    this.soc = Math.max(0, Math.min(100, pct));
    this.refresh();
  }

  protected step(seconds: number): void {
    const wh = (this.effective * seconds) / 3600;
    if (wh > 0) this.chargedWh += wh;
    else this.dischargedWh -= wh;
    this.soc = Math.max(0, Math.min(100, this.soc + (wh / this.capacityWh) * 100));
    if (this.mode === ILUBAT_MODE.remote && this.revertSeconds > 0) {
      this.sinceControl += seconds;
      if (this.sinceControl >= this.revertSeconds) this.mode = ILUBAT_MODE.auto;
    }
  }

  private computePower(): number {
    if (this.state !== 'operational') return 0;
    const wanted = this.mode === ILUBAT_MODE.remote ? this.setpoint : this.autoPower;
    const p = Math.max(-this.maxDischargeW, Math.min(this.maxChargeW, wanted));
    if (p > 0 && this.soc >= 100) return 0;
    if (p < 0 && this.soc <= this.reservePct) return 0;
    return p;
  }

  protected refreshProduct(): void {
    this.effective = this.computePower();
    const volts = 51.2;
    const i = ILUBAT_INPUT;
    this.image.set('input', i.soc, [Math.round(this.soc * 10)]);
    this.image.set('input', i.power, encodeInt32(this.effective));
    this.image.set('input', i.voltage, [Math.round(volts * 10)]);
    this.image.set('input', i.current, encodeInt16(Math.round((this.effective / volts) * 10)));
    this.image.set('input', i.temperature, encodeInt16(245));
    this.image.set('input', i.soh, [990]);
    this.image.set('input', i.capacity, encodeUint32(this.capacityWh));
    this.image.set('input', i.maxChargePower, [this.maxChargeW, this.maxDischargeW]);
    this.image.set('input', i.energyCharged, encodeUint32(Math.floor(this.chargedWh)));
    this.image.set('input', i.energyDischarged, encodeUint32(Math.floor(this.dischargedWh)));
    this.image.set('input', i.activeMode, [this.mode]);
  }
}
