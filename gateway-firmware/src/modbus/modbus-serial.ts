import type { IServiceVector, ServerTCP as ServerTCPType } from 'modbus-serial';
import * as modbusSerial from 'modbus-serial';
import type { ModbusRTU as ModbusRTUType } from 'modbus-serial/ModbusRTU';

/**
 * modbus-serial is CommonJS: its `module.exports` is the client class itself, with the servers hung on it as
 * properties. Depending on the loader (tsx, vitest, a bundler) the default import is either that class or a namespace
 * around it, so we pick the constructors out once here and give them their declared types.
 */
type ModbusSerialModule = {
  default?: unknown;
  ServerTCP?: unknown;
  ServerSerial?: unknown;
};

const mod = modbusSerial as unknown as ModbusSerialModule;
const root = (typeof mod === 'function' ? mod : (mod.default ?? mod)) as ModbusSerialModule;

export type ModbusClient = ModbusRTUType;
export type ModbusServiceVector = IServiceVector;
export type ModbusServerTCP = ServerTCPType;

export const ModbusClientCtor = root as unknown as new () => ModbusRTUType;

export const ModbusServerTCPCtor = (root.ServerTCP ?? mod.ServerTCP) as new (
  vector: IServiceVector,
  options: { host?: string; port?: number; debug?: boolean; unitID?: number },
) => ServerTCPType;

/** A Modbus RTU server on a serial port (the simulator uses it on a pseudo-terminal). */
export interface ModbusServerSerial {
  on(event: 'initialized' | 'error' | 'socketError', listener: (err?: Error) => void): this;
  close(cb: (err: Error | null) => void): void;
}

export const ModbusServerSerialCtor = (root.ServerSerial ?? mod.ServerSerial) as
  | (new (
      vector: IServiceVector,
      options: {
        path: string;
        baudRate: number;
        parity?: string;
        dataBits?: number;
        stopBits?: number;
        unitID?: number;
      },
    ) => ModbusServerSerial)
  | undefined;
