import { MODBUS_EXCEPTION } from '../../modbus/modbus-error';
import {
  type ModbusServerTCP,
  ModbusServerTCPCtor,
  type ModbusServiceVector,
} from '../../modbus/modbus-serial';
import { findFreePort } from './free-port';
import { type RegisterImage, type RegisterTable, SimModbusException } from './register-image';

/** Anything the server can answer for: a register image at a unit id. */
export interface SimModbusDevice {
  readonly unitId: number;
  readonly image: RegisterImage;
}

export interface SimModbusServerOptions {
  devices: readonly SimModbusDevice[];
  host?: string;
  /** Omit for a free port (tests run in parallel). */
  port?: number;
  /**
   * A request for a unit id no device has: a TCP-to-RTU gateway answers exception 11 at once (the default, and it
   * keeps scans quick); a lone device usually stays silent and the client times out.
   */
  unknownUnit?: 'gateway-exception' | 'silent';
  /** Answer after this long, like a slow device or a serial line behind a gateway. */
  responseDelayMs?: number;
}

export interface SimModbusServer {
  readonly host: string;
  readonly port: number;
  /** Requests received, answered or not. */
  readonly requestCount: number;
  /** Most requests ever waiting for their answer at the same time (1 means the client never overlapped them). */
  readonly maxInFlight: number;
  addDevice(device: SimModbusDevice): void;
  removeDevice(unitId: number): void;
  /** false: requests still arrive but are never answered (a hung device); true: answers again. */
  setResponding(on: boolean): void;
  /** Stops listening and drops every connection, as if the device were unplugged. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

type Cb<T> = (err: Error | null, value: T) => void;

function exceptionResponse(code: number): Error {
  return Object.assign(new Error(`Modbus exception ${code}`), { modbusErrorCode: code });
}

const ADDRESS_IN_USE_RETRIES = 5;

export async function startSimModbusServer(options: SimModbusServerOptions): Promise<SimModbusServer> {
  const host = options.host ?? '127.0.0.1';
  const unknownUnit = options.unknownUnit ?? 'gateway-exception';
  const devices = new Map<number, SimModbusDevice>();
  for (const d of options.devices) devices.set(d.unitId, d);
  let responding = true;
  let requestCount = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const delayMs = options.responseDelayMs ?? 0;
  let server: ModbusServerTCP | null = null;

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

  const vector: ModbusServiceVector = {
    getMultipleHoldingRegisters: readMany('holding'),
    getHoldingRegister: readOne('holding'),
    getMultipleInputRegisters: readMany('input'),
    getInputRegister: readOne('input'),
    setRegister: (addr: number, value: number, unitId: number, cb: (err: Error | null) => void) =>
      handle(unitId, cb, undefined, (d) => d.image.write(addr, [value])),
    setRegisterArray: (addr: number, values: number[], unitId: number, cb: (err: Error | null) => void) =>
      handle(unitId, cb, undefined, (d) => d.image.write(addr, values)),
  };

  function listen(port: number): Promise<ModbusServerTCP> {
    return new Promise((resolve, reject) => {
      const srv = new ModbusServerTCPCtor(vector, { host, port, unitID: 255 });
      srv.once('initialized', () => resolve(srv));
      srv.once('serverError', (err) => reject(err));
      // A client resetting its socket is normal here (tests kill connections on purpose).
      srv.on('socketError', () => {});
      srv.on('error', () => {});
    });
  }

  let port = options.port ?? 0;
  for (let attempt = 0; ; attempt++) {
    const candidate = options.port ?? (await findFreePort(host));
    try {
      server = await listen(candidate);
      port = candidate;
      break;
    } catch (e) {
      const inUse = (e as { code?: string }).code === 'EADDRINUSE';
      if (!inUse || options.port !== undefined || attempt >= ADDRESS_IN_USE_RETRIES) throw e;
    }
  }

  async function stop(): Promise<void> {
    const srv = server;
    server = null;
    if (srv) await new Promise<void>((resolve) => srv.close(() => resolve()));
  }

  return {
    host,
    port,
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
    stop,
    async start() {
      if (!server) server = await listen(port);
    },
    close: stop,
  };
}
