import {
  ILU_ALARM_RESET,
  ILU_COMMON,
  ILU_DEVICE_STATE,
  ILU_MAGIC,
  ILU_MAP_VERSION,
  ILU_PRODUCT,
  type IluProduct,
} from '../../devices/ilu/ilu-register-map';
import { MODBUS_EXCEPTION } from '../../modbus/modbus-error';
import { encodeString, encodeUint32 } from '../../modbus/registers';
import { RegisterImage, SimModbusException } from './register-image';
import type { SimModbusDevice } from './sim-server';

export interface IluSimOptions {
  unitId?: number;
  serial?: string;
  firmware?: string;
  hardwareRevision?: number;
}

export type IluSimState = keyof typeof ILU_DEVICE_STATE;

/** What every iLu* device shares: the identity block, device state, error code, uptime and alarm reset. */
export abstract class IluSimBase implements SimModbusDevice {
  readonly unitId: number;
  readonly image = new RegisterImage();
  protected state: IluSimState = 'operational';
  protected errorCode = 0;
  protected uptime = 0;

  protected constructor(product: IluProduct, options: IluSimOptions) {
    this.unitId = options.unitId ?? 1;
    this.image.set('input', ILU_COMMON.magic, [
      ILU_MAGIC,
      ILU_PRODUCT[product],
      ILU_MAP_VERSION,
      ...encodeString(options.serial ?? `SIM-${product.toUpperCase()}-1`, ILU_COMMON.serialRegisters),
      ...encodeString(options.firmware ?? '1.4.2', ILU_COMMON.firmwareRegisters),
      options.hardwareRevision ?? 2,
      0,
      0,
      0,
      0,
    ]);
    this.image.set('input', ILU_COMMON.deviceState, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    this.image.set('holding', ILU_ALARM_RESET, [0]);
    this.image.defineWritable(ILU_ALARM_RESET, 1, (_address, [value]) => {
      if (value !== 1) throw new SimModbusException(MODBUS_EXCEPTION.illegalDataValue, 'alarm reset takes 1');
      this.clearFault();
    });
  }

  get deviceState(): IluSimState {
    return this.state;
  }

  /** Latches a fault with one of the codes in docs/devices.md; the device stops until the alarm is reset. */
  setFault(code: number): void {
    this.state = 'fault';
    this.errorCode = code;
    this.refresh();
  }

  clearFault(): void {
    this.state = 'operational';
    this.errorCode = 0;
    this.refresh();
  }

  /** Booting (iLucharge shows "Start"); `operational` when done. */
  setDeviceState(state: IluSimState): void {
    this.state = state;
    this.refresh();
  }

  advance(seconds: number): void {
    this.uptime += seconds;
    this.step(seconds);
    this.refresh();
  }

  /** Product physics for `seconds` of simulated time. */
  protected abstract step(seconds: number): void;

  /** Writes the product's registers from its state. */
  protected abstract refreshProduct(): void;

  protected refresh(): void {
    this.refreshProduct();
    this.image.set('input', ILU_COMMON.deviceState, [ILU_DEVICE_STATE[this.state], this.errorCode]);
    this.image.set('input', ILU_COMMON.uptime, encodeUint32(Math.floor(this.uptime)));
  }

  protected static refuse(message: string): never {
    throw new SimModbusException(MODBUS_EXCEPTION.illegalDataValue, message);
  }
}
