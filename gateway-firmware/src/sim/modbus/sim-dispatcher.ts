import { MODBUS_EXCEPTION } from '../../modbus/modbus-error';
import type { ModbusServiceVector } from '../../modbus/modbus-serial';
import { type RegisterImage, type RegisterTable, SimModbusException } from './register-image';

/** Anything a simulated server can answer for: a register image at a unit id. */
export interface SimModbusDevice {
  readonly unitId: number;
  readonly image: RegisterImage;
}

export interface SimDispatcherOptions {
  devices: readonly SimModbusDevice[];
  /**
   * A request for a unit id no device has: a TCP-to-RTU gateway answers exception 11 at once (the default, and it
   * keeps scans quick); a lone device, and anything on a serial bus, stays silent and the client times out.
   */
  unknownUnit?: 'gateway-exception' | 'silent';
  /** Answer after this long, like a slow device or a serial line behind a gateway. */
  responseDelayMs?: number;
}

export interface SimDispatcherControls {
  /** Requests received, answered or not. */
  readonly requestCount: number;
  /** Most requests ever waiting for their answer at the same time (1 means the client never overlapped them). */
  readonly maxInFlight: number;
  addDevice(device: SimModbusDevice): void;
  removeDevice(unitId: number): void;
  /** false: requests still arrive but are never answered (a hung device); true: answers again. */
  setResponding(on: boolean): void;
}

type Cb<T> = (err: Error | null, value: T) => void;

function exceptionResponse(code: number): Error {
  return Object.assign(new Error(`Modbus exception ${code}`), { modbusErrorCode: code });
}

/** The modbus-serial service vector that routes each request to the device with its unit id. */
export function createSimDispatcher(options: SimDispatcherOptions): SimDispatcherControls & {
  vector: ModbusServiceVector;
} {
  const unknownUnit = options.unknownUnit ?? 'gateway-exception';
  const delayMs = options.responseDelayMs ?? 0;
  const devices = new Map<number, SimModbusDevice>();
  for (const d of options.devices) devices.set(d.unitId, d);
  let responding = true;
  let requestCount = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  /** Runs one request against a device, unless the server plays dead or nobody has that unit id. */
  function handle<T>(unitId: number, cb: Cb<T>, fallback: T, work: (device: SimModbusDevice) => T): void {
    requestCount++;
    if (!responding) return;
    const device = devices.get(unitId);
    if (!device) {
      if (unknownUnit === 'gateway-exception') {
        cb(exceptionResponse(MODBUS_EXCEPTION.gatewayTargetFailedToRespond), fallback);
      }
      return;
    }
    let answer: () => void;
    try {
      const value = work(device);
      answer = () => cb(null, value);
    } catch (e) {
      const code = e instanceof SimModbusException ? e.modbusErrorCode : MODBUS_EXCEPTION.serverDeviceFailure;
      answer = () => cb(exceptionResponse(code), fallback);
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const finish = () => {
      inFlight--;
      answer();
    };
    if (delayMs > 0) setTimeout(finish, delayMs);
    else finish();
  }

  const readMany =
    (table: RegisterTable) => (addr: number, length: number, unitId: number, cb: Cb<number[]>) =>
      // modbus-serial indexes the array even on error, so the fallback must be an array.
      handle(unitId, cb, [], (d) => d.image.read(table, addr, length));
  const readOne = (table: RegisterTable) => (addr: number, unitId: number, cb: Cb<number>) =>
    handle(unitId, cb, 0, (d) => d.image.read(table, addr, 1)[0] ?? 0);

  return {
    vector: {
      getMultipleHoldingRegisters: readMany('holding'),
      getHoldingRegister: readOne('holding'),
      getMultipleInputRegisters: readMany('input'),
      getInputRegister: readOne('input'),
      setRegister: (addr: number, value: number, unitId: number, cb: (err: Error | null) => void) =>
        handle(unitId, cb, undefined, (d) => d.image.write(addr, [value])),
      setRegisterArray: (addr: number, values: number[], unitId: number, cb: (err: Error | null) => void) =>
        handle(unitId, cb, undefined, (d) => d.image.write(addr, values)),
    },
    get requestCount() {
      return requestCount;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    addDevice(device) {
      devices.set(device.unitId, device);
    },
    removeDevice(unitId) {
      devices.delete(unitId);
    },
    setResponding(on) {
      responding = on;
    },
  };
}
