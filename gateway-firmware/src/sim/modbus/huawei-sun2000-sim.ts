import { HUAWEI, HUAWEI_BATTERY_STATUS, HUAWEI_STATUS } from '../../devices/huawei/huawei-sun2000-map';
import { encodeInt32, encodeString, encodeUint16, encodeUint32 } from '../../modbus/registers';
import { RegisterImage } from './register-image';
import type { SimModbusDevice } from './sim-server';

export interface HuaweiSun2000SimOptions {
  unitId?: number;
  model?: string;
  serial?: string;
  /** Has a power meter (DTSU666-H) connected. Default true. */
  meter?: boolean;
  /** Has a LUNA2000 battery. Default true. */
  battery?: boolean;
  batteryCapacityWh?: number;
  efficiency?: number;
}

/**
 * A Huawei SUN2000 with its meter and LUNA2000 battery, on Huawei's own register map (no SunSpec). Registers of a
 * part that is absent are simply not there, so reads answer "illegal address" as the real inverter does.
 */
export class HuaweiSun2000Sim implements SimModbusDevice {
  readonly unitId: number;
  readonly image = new RegisterImage();
  private readonly hasBattery: boolean;
  private readonly hasMeter: boolean;
  private readonly efficiency: number;
  private readonly capacityWh: number;
  private acPower = 0;
  private yieldWh = 0;
  private status: number = HUAWEI_STATUS.standbyNoIrradiation;
  private gridPower = 0;
  private importWh = 0;
  private exportWh = 0;
  private soc = 50;
  private batteryPower = 0;
  private chargedWh = 0;
  private dischargedWh = 0;
  private batteryStatus: number = HUAWEI_BATTERY_STATUS.running;

  constructor(options: HuaweiSun2000SimOptions = {}) {
    this.unitId = options.unitId ?? 1;
    this.hasMeter = options.meter ?? true;
    this.hasBattery = options.battery ?? true;
    this.efficiency = options.efficiency ?? 0.97;
    this.capacityWh = options.batteryCapacityWh ?? 10_000;
    const id = HUAWEI.identity;
    this.image.set('holding', id.start, [
      ...encodeString(options.model ?? 'SUN2000-6KTL-M1', id.modelRegisters),
      ...encodeString(options.serial ?? 'HV2150012345', id.serialRegisters),
      ...encodeString('01074951-009', id.partNumberRegisters),
    ]);
    this.image.set('holding', HUAWEI.inverter.start, new Array(HUAWEI.inverter.length).fill(0));
    if (this.hasMeter) this.image.set('holding', HUAWEI.meter.start, new Array(HUAWEI.meter.length).fill(0));
    if (this.hasBattery)
      this.image.set('holding', HUAWEI.battery.start, new Array(HUAWEI.battery.length).fill(0));
    this.refresh();
  }

  get acPowerW(): number {
    return this.acPower;
  }

  /** AC output, W; DC input follows from the efficiency. Puts the inverter on grid (or in night standby at 0). */
  setPower(watts: number): void {
    this.acPower = Math.max(0, Math.round(watts));
    if (this.status !== HUAWEI_STATUS.shutdownFault) {
      this.status = this.acPower > 0 ? HUAWEI_STATUS.onGrid : HUAWEI_STATUS.standbyNoIrradiation;
    }
    this.refresh();
  }

  setDeviceStatus(code: number): void {
    this.status = code;
    this.refresh();
  }

  setYieldWh(wh: number): void {
    this.yieldWh = wh;
    this.refresh();
  }

  /** Grid power at the meter, + import (stored the Huawei way, + export). */
  setGridPower(watts: number): void {
    this.gridPower = Math.round(watts);
    this.refresh();
  }

  setMeterEnergy(energy: { importWh: number; exportWh: number }): void {
    this.importWh = energy.importWh;
    this.exportWh = energy.exportWh;
    this.refresh();
  }

  /** + charging. */
  setBattery(state: { socPct?: number; powerW?: number; status?: number }): void {
    if (state.socPct !== undefined) this.soc = Math.max(0, Math.min(100, state.socPct));
    if (state.powerW !== undefined) this.batteryPower = Math.round(state.powerW);
    if (state.status !== undefined) this.batteryStatus = state.status;
    this.refresh();
  }

  advance(seconds: number): void {
    const h = seconds / 3600;
    this.yieldWh += this.acPower * h;
    if (this.gridPower > 0) this.importWh += this.gridPower * h;
    else this.exportWh += -this.gridPower * h;
    if (this.batteryPower > 0) this.chargedWh += this.batteryPower * h;
    else this.dischargedWh += -this.batteryPower * h;
    this.soc = Math.max(0, Math.min(100, this.soc + ((this.batteryPower * h) / this.capacityWh) * 100));
    this.refresh();
  }

  private refresh(): void {
    const inv = HUAWEI.inverter;
    const set = (address: number, words: number[]) => this.image.set('holding', address, words);
    set(inv.dcPower, encodeInt32(this.acPower / this.efficiency));
    set(inv.acPower, encodeInt32(this.acPower));
    set(inv.deviceStatus, encodeUint16(this.status));
    // 0.01 kWh units: the device truncates to whole 10 Wh steps.
    set(inv.yield, encodeUint32(Math.floor(this.yieldWh / 10)));
    if (this.hasMeter) {
      const m = HUAWEI.meter;
      set(m.status, [1]);
      set(m.activePower, encodeInt32(-this.gridPower));
      set(m.exportEnergy, encodeInt32(Math.floor(this.exportWh / 10)));
      set(m.importEnergy, encodeInt32(Math.floor(this.importWh / 10)));
    }
    if (this.hasBattery) {
      const b = HUAWEI.battery;
      set(b.ratedCapacity, encodeUint32(this.capacityWh));
      set(b.soc, [Math.round(this.soc * 10)]);
      set(b.runningStatus, [this.batteryStatus]);
      set(b.power, encodeInt32(this.batteryPower));
      set(b.totalCharge, encodeUint32(Math.floor(this.chargedWh / 10)));
      set(b.totalDischarge, encodeUint32(Math.floor(this.dischargedWh / 10)));
    }
  }
}
