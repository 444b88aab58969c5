import { afterEach, describe, expect, it } from 'vitest';
import { ilubatDriver } from '../devices/ilu/ilubat-driver';
import { IlubatSim } from '../sim/modbus/ilubat-sim';
import { IluheatSim } from '../sim/modbus/iluheat-sim';
import { createPtyPair, hasSocat } from '../sim/modbus/pty-pair';
import { startSimModbusSerialServer } from '../sim/modbus/sim-serial-server';
import { createModbusBus } from './modbus-bus';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()?.close();
});

async function rtuBus() {
  const pty = await createPtyPair();
  open.push(pty);
  const bat = new IlubatSim({ unitId: 3 });
  const heat = new IluheatSim({ unitId: 7 });
  const server = await startSimModbusSerialServer({
    path: pty.a,
    baudRate: 19200,
    devices: [bat, heat],
    responseDelayMs: 2,
  });
  open.push(server);
  const bus = createModbusBus({
    connection: { kind: 'rtu', path: pty.b, baudRate: 19200, parity: 'none' },
    timing: { timeoutMs: 300, retries: 1, retryDelayMs: 10, interRequestDelayMs: 4 },
  });
  open.push(bus);
  return { bus, server, bat };
}

describe.skipIf(!hasSocat())('Modbus bus over RTU (serial pseudo-terminals)', () => {
  it('reads and writes devices at their unit ids on one line', async () => {
    const { bus, bat } = await rtuBus();
    bat.setAutoPower(1234);
    const handle = (await ilubatDriver.detect(bus.unit(3)))!;
    expect(handle.identity.serial).toBe('SIM-ILUBAT-1');
    expect(await handle.read()).toMatchObject({ powerW: 1234 });
    await handle.controls!.setPowerSetpoint(-800);
    expect(bat.powerW).toBe(-800);
    expect(await bus.unit(7).readInputRegisters(1, 1)).toEqual([3]); // iLuheat's product code
  });

  it('queues concurrent requests so they never overlap on the line', async () => {
    const { bus, server } = await rtuBus();
    const reads = Array.from({ length: 10 }, (_, i) => bus.unit(i % 2 ? 3 : 7).readInputRegisters(0, 3));
    const answers = await Promise.all(reads);
    expect(answers.map((r) => r[1])).toEqual([3, 1, 3, 1, 3, 1, 3, 1, 3, 1]);
    expect(server.maxInFlight).toBe(1);
  });

  it('times out on a unit id nobody answers to, and the line still works afterwards', async () => {
    const { bus } = await rtuBus();
    await expect(bus.unit(9).readInputRegisters(0, 1)).rejects.toMatchObject({ kind: 'timeout' });
    expect(await bus.unit(3).readInputRegisters(1, 1)).toEqual([1]);
  });
});
