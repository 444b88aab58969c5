import { afterEach, describe, expect, it } from 'vitest';
import { IlubatSim } from '../sim/modbus/ilubat-sim';
import { IluheatSim } from '../sim/modbus/iluheat-sim';
import { startSimModbusServer } from '../sim/modbus/sim-server';
import { ModbusBusPool } from './modbus-bus-pool';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()?.close();
});

describe('ModbusBusPool', () => {
  it('gives devices on the same connection one bus, so their requests queue together', async () => {
    const server = await startSimModbusServer({
      devices: [new IlubatSim({ unitId: 1 }), new IluheatSim({ unitId: 2 })],
      responseDelayMs: 3,
    });
    open.push(server);
    const pool = new ModbusBusPool({ timing: { timeoutMs: 300 } });
    open.push(pool);
    const conn = { kind: 'tcp' as const, host: '127.0.0.1', port: server.port };
    const bat = pool.transport(conn, 1);
    const heat = pool.transport({ ...conn }, 2);
    expect(pool.size).toBe(1);
    expect(pool.bus(conn)).toBe(pool.bus({ kind: 'tcp', host: '127.0.0.1', port: server.port }));
    await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? bat : heat).readInputRegisters(0, 2)));
    expect(server.maxInFlight).toBe(1);
    expect(pool.bus(conn).stats.connects).toBe(1);
  });

  it('keeps different connections apart', () => {
    const pool = new ModbusBusPool();
    open.push(pool);
    pool.bus({ kind: 'tcp', host: '10.0.0.5' });
    pool.bus({ kind: 'tcp', host: '10.0.0.5', port: 1502 });
    pool.bus({ kind: 'rtu', path: '/dev/ttyUSB0' });
    expect(pool.size).toBe(3);
  });
});
