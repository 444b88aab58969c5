import { ModbusServerSerialCtor } from '../../modbus/modbus-serial';
import { createSimDispatcher, type SimDispatcherControls, type SimDispatcherOptions } from './sim-dispatcher';

export interface SimModbusSerialServerOptions extends SimDispatcherOptions {
  path: string;
  baudRate?: number;
  parity?: 'none' | 'even' | 'odd';
}

export interface SimModbusSerialServer extends SimDispatcherControls {
  readonly path: string;
  close(): Promise<void>;
}

/**
 * The same simulated devices as an RTU bus on a serial port. Unknown unit ids stay silent by default, as on a real
 * RS-485 line. Used with a pseudo-terminal pair (see pty-pair.ts) so the RTU client path runs without hardware.
 */
export async function startSimModbusSerialServer(
  options: SimModbusSerialServerOptions,
): Promise<SimModbusSerialServer> {
  if (!ModbusServerSerialCtor) throw new Error('modbus-serial was loaded without serialport');
  const dispatcher = createSimDispatcher({ unknownUnit: 'silent', ...options });
  const server = new ModbusServerSerialCtor(dispatcher.vector, {
    path: options.path,
    baudRate: options.baudRate ?? 9600,
    parity: options.parity ?? 'none',
    unitID: 255,
  });
  server.on('error', () => {});
  server.on('socketError', () => {});
  await new Promise<void>((resolve) => server.on('initialized', () => resolve()));
  return {
    path: options.path,
    get requestCount() {
      return dispatcher.requestCount;
    },
    get maxInFlight() {
      return dispatcher.maxInFlight;
    },
    addDevice: dispatcher.addDevice,
    removeDevice: dispatcher.removeDevice,
    setResponding: dispatcher.setResponding,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
