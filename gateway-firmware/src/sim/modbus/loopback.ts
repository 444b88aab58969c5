import type { ModbusTimingInput } from '../../modbus/connection-config';
import { createModbusBus, type ModbusBus } from '../../modbus/modbus-bus';
import { type SimModbusDevice, type SimModbusServer, startSimModbusServer } from './sim-server';

/** Quick timings for tests and the simulator: loopback answers in well under a millisecond. */
export const LOOPBACK_TIMING: ModbusTimingInput = {
  timeoutMs: 200,
  retries: 1,
  retryDelayMs: 10,
  reconnectDelayMs: 50,
  reconnectDelayMaxMs: 200,
};

export interface Loopback {
  server: SimModbusServer;
  bus: ModbusBus;
  close(): Promise<void>;
}

/** A simulated server with the given devices and a real bus connected to it over TCP on 127.0.0.1. */
export async function startLoopback(
  devices: readonly SimModbusDevice[],
  timing: ModbusTimingInput = LOOPBACK_TIMING,
): Promise<Loopback> {
  const server = await startSimModbusServer({ devices });
  const bus = createModbusBus({ connection: { kind: 'tcp', host: server.host, port: server.port }, timing });
  return {
    server,
    bus,
    async close() {
      await bus.close();
      await server.close();
    },
  };
}
