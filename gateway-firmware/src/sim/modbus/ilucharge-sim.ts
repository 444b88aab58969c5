import {
  CHARGE_CURRENT_MAX_A,
  CHARGE_CURRENT_MIN_A,
  ILUCHARGE_HOLDING,
  ILUCHARGE_INPUT,
} from '../../devices/ilu/ilu-register-map';
import { encodeUint32 } from '../../modbus/registers';
import { IluSimBase, type IluSimOptions } from './ilu-sim-base';

export interface IluchargeSimOptions extends IluSimOptions {
  /** Current limit at power-up, A. */
  currentLimitA?: number;
  voltage?: number;
}

export interface SimCar {
  /** What the car's on-board charger takes at most, A. */
  maxCurrentA: number;
  phases: 1 | 3;
  /** Energy the car still wants; at 0 it stops drawing (session stays open). Infinity by default. */
  wantsWh?: number;
  /** Rating of the plugged-in cable, A. */
  cableMaxA?: number;
}

const CP = { A: 1, B: 2, C: 3, E: 5 } as const;

function validCurrent(a: number): boolean {
  return a === 0 || (a >= CHARGE_CURRENT_MIN_A && a <= CHARGE_CURRENT_MAX_A);
}

/**
 * iLucharge: a car is plugged in and out by the site simulator; the gateway starts and stops sessions (101) and
 * sets the current limit (102). A start with no car arms the charger: the session opens when a car arrives.
 * Unplugging ends the session and clears 101. With a failsafe timeout, a limit not rewritten in time falls back
 * to the failsafe current.
 */
export class IluchargeSim extends IluSimBase {
  private readonly voltage: number;
  private car: (SimCar & { wantsWh: number }) | null = null;
  private enabled = 0;
  private limit: number;
  private failsafeCurrent = CHARGE_CURRENT_MIN_A;
  private failsafeTimeout = 0;
  private sinceLimitWrite = 0;
  private session = false;
  private sessions = 0;
  private sessionWh = 0;
  private totalWh = 0;
  private offered = 0;
  private current = 0;

  constructor(options: IluchargeSimOptions = {}) {
    super('ilucharge', options);
    this.voltage = options.voltage ?? 230;
    this.limit = options.currentLimitA ?? 16;
    const h = ILUCHARGE_HOLDING;
    this.image.set('holding', h.enabled, [0, this.limit, this.failsafeCurrent, 0]);
    this.image.defineWritable(h.enabled, 1, (_a, [v = 0]) => {
      if (v > 1) IluSimBase.refuse(`enabled ${v}`);
      this.enabled = v;
      if (v === 0) this.endSession();
      this.refresh();
    });
    this.image.defineWritable(h.currentLimit, 3, (address, values) => {
      values.forEach((v, i) => {
        const reg = address + i;
        if (reg === h.currentLimit || reg === h.failsafeCurrent) {
          if (!validCurrent(v)) IluSimBase.refuse(`current ${v} A`);
        }
        if (reg === h.currentLimit) {
          this.limit = v;
          this.sinceLimitWrite = 0;
        }
        if (reg === h.failsafeCurrent) this.failsafeCurrent = v;
        if (reg === h.failsafeTimeout) this.failsafeTimeout = v;
      });
      this.refresh();
    });
    this.refresh();
  }

  get powerW(): number {
    return Math.round(this.current * this.voltage * (this.car?.phases ?? 1));
  }

  get sessionActive(): boolean {
    return this.session;
  }

  get currentLimitA(): number {
    return this.limit;
  }

  /** The charger's lifetime energy register (kept across a restart, as a real charger keeps it). */
  get energyTotalWh(): number {
    return this.totalWh;
  }

  setEnergyTotal(wh: number): void {
    this.totalWh = wh;
    this.refresh();
  }

  plugIn(car: SimCar): void {
    this.car = { ...car, wantsWh: car.wantsWh ?? Number.POSITIVE_INFINITY };
    this.refresh();
  }

  unplug(): void {
    this.car = null;
    this.endSession();
    this.enabled = 0;
    this.image.set('holding', ILUCHARGE_HOLDING.enabled, [0]);
    this.refresh();
  }

  /** Changes what the car takes (e.g. it tapers when nearly full). */
  setCarMaxCurrent(amps: number): void {
    if (this.car) this.car.maxCurrentA = amps;
    this.refresh();
  }

  private endSession(): void {
    this.session = false;
    this.sessionWh = 0;
  }

  protected step(seconds: number): void {
    const wh = (this.powerW * seconds) / 3600;
    this.sessionWh += wh;
    this.totalWh += wh;
    if (this.car) this.car.wantsWh = Math.max(0, this.car.wantsWh - wh);
    if (this.failsafeTimeout > 0) this.sinceLimitWrite += seconds;
  }

  protected refreshProduct(): void {
    const operational = this.state === 'operational';
    if (operational && this.car && this.enabled === 1 && !this.session) {
      this.session = true;
      this.sessions = (this.sessions + 1) & 0xffff;
      this.sessionWh = 0;
    }
    const failsafe = this.failsafeTimeout > 0 && this.sinceLimitWrite >= this.failsafeTimeout;
    const limit = failsafe ? this.failsafeCurrent : this.limit;
    const cable = this.car?.cableMaxA ?? CHARGE_CURRENT_MAX_A;
    this.offered = operational && this.session ? Math.min(limit, cable) : 0;
    const drawing = this.car && this.car.wantsWh > 0 ? Math.min(this.offered, this.car.maxCurrentA) : 0;
    this.current = this.offered >= CHARGE_CURRENT_MIN_A ? drawing : 0;

    const phases = this.car?.phases ?? 1;
    const cp = this.state === 'fault' ? CP.E : !this.car ? CP.A : this.current > 0 ? CP.C : CP.B;
    const amps = (n: number) => (n < phases ? Math.round(this.current * 10) : 0);
    const i = ILUCHARGE_INPUT;
    this.image.set('input', i.cpState, [cp, this.session ? 1 : 0, ...encodeUint32(this.powerW)]);
    this.image.set('input', i.currentL1, [amps(0), amps(1), amps(2)]);
    const volts = Math.round(this.voltage * 10);
    this.image.set('input', i.voltageL1, [volts, volts, volts]);
    this.image.set('input', i.offeredCurrent, [Math.round(this.offered * 10), phases, this.car ? cable : 0]);
    this.image.set('input', i.sessionEnergy, encodeUint32(Math.floor(this.sessionWh)));
    this.image.set('input', i.energyTotal, encodeUint32(Math.floor(this.totalWh)));
    this.image.set('input', i.sessionCounter, [this.sessions]);
    this.image.set('holding', ILUCHARGE_HOLDING.enabled, [this.enabled]);
  }
}
