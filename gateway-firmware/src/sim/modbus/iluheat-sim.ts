import {
  HEAT_TARGET_MAX_C,
  HEAT_TARGET_MIN_C,
  ILUHEAT_HOLDING,
  ILUHEAT_INPUT,
} from '../../devices/ilu/ilu-register-map';
import { encodeInt16, encodeUint32, int16 } from '../../modbus/registers';
import { IluSimBase, type IluSimOptions } from './ilu-sim-base';

export interface IluheatSimOptions extends IluSimOptions {
  ratedPowerW?: number;
  /** Litres of water, for how fast it warms. */
  volumeL?: number;
  waterTempC?: number;
  targetTempC?: number;
}

/** The element switches back on this far below the target, so it does not chatter around it. */
const RESTART_BELOW_C = 3;
/** Standing loss of a well-insulated boiler, °C per hour. */
const LOSS_C_PER_H = 0.3;
const J_PER_L_K = 4186;

/** iLuheat: a boiler element that heats to the target while enabled; the site simulator draws hot water. */
export class IluheatSim extends IluSimBase {
  readonly ratedPowerW: number;
  private readonly volumeL: number;
  private water: number;
  private target: number;
  private enabled = 1;
  private powerLimit = 0;
  private elementOn = false;
  private totalWh = 0;

  constructor(options: IluheatSimOptions = {}) {
    super('iluheat', options);
    this.ratedPowerW = options.ratedPowerW ?? 2400;
    this.volumeL = options.volumeL ?? 200;
    this.water = options.waterTempC ?? 45;
    this.target = options.targetTempC ?? 60;
    const h = ILUHEAT_HOLDING;
    this.image.set('holding', h.enabled, [this.enabled, ...encodeInt16(this.target * 10), 0]);
    this.image.defineWritable(h.enabled, 3, (address, values) => {
      values.forEach((v, i) => {
        const reg = address + i;
        if (reg === h.enabled) {
          if (v > 1) IluSimBase.refuse(`enabled ${v}`);
          this.enabled = v;
        }
        if (reg === h.targetTemperature) {
          const c = int16([v], 0) / 10;
          if (c < HEAT_TARGET_MIN_C || c > HEAT_TARGET_MAX_C) IluSimBase.refuse(`target ${c} °C`);
          this.target = c;
        }
        if (reg === h.powerLimit) this.powerLimit = v;
      });
      this.refresh();
    });
    this.refresh();
  }

  get powerW(): number {
    if (!this.elementOn) return 0;
    return this.powerLimit > 0 ? Math.min(this.powerLimit, this.ratedPowerW) : this.ratedPowerW;
  }

  get waterTempC(): number {
    return this.water;
  }

  /** The element's lifetime energy register (kept across a restart, as a real controller keeps it). */
  get energyTotalWh(): number {
    return this.totalWh;
  }

  setEnergyTotal(wh: number): void {
    this.totalWh = wh;
    this.refresh();
  }

  setWaterTemperature(c: number): void {
    this.water = c;
    this.refresh();
  }

  /** Hot water drawn and replaced by cold mains water. */
  drawWater(litres: number, coldC = 12): void {
    const share = Math.min(1, litres / this.volumeL);
    this.water = this.water * (1 - share) + coldC * share;
    this.refresh();
  }

  protected step(seconds: number): void {
    const joules = this.powerW * seconds;
    this.totalWh += joules / 3600;
    this.water += joules / (this.volumeL * J_PER_L_K) - (LOSS_C_PER_H * seconds) / 3600;
  }

  protected refreshProduct(): void {
    if (this.state !== 'operational' || this.enabled !== 1) this.elementOn = false;
    else if (this.water >= this.target) this.elementOn = false;
    else if (this.water < this.target - RESTART_BELOW_C) this.elementOn = true;
    const i = ILUHEAT_INPUT;
    this.image.set('input', i.power, encodeUint32(this.powerW));
    this.image.set('input', i.waterTemperature, encodeInt16(Math.round(this.water * 10)));
    this.image.set('input', i.elementOn, [this.elementOn ? 1 : 0]);
    this.image.set('input', i.ratedPower, encodeUint32(this.ratedPowerW));
    this.image.set('input', i.energyTotal, encodeUint32(Math.floor(this.totalWh)));
  }
}
