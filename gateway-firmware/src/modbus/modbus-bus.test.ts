import { afterEach, describe, expect, it } from 'vitest';
import { RegisterImage, SimModbusException } from '../sim/modbus/register-image';
import { startSimModbusServer } from '../sim/modbus/sim-server';
import { createModbusBus, type ModbusBus, type ModbusBusEvent } from './modbus-bus';
import { ModbusError } from './modbus-error';

function device(unitId = 1) {
  const image = new RegisterImage();
  image.set('holding', 100, [1, 2, 3, 4]);
  image.set('input', 0, [10, 11, 12]);
  image.defineWritable(100, 4, (_address, values) => {
    if (values.includes(999)) throw new SimModbusException(3, 'bad value');
  });
  return { unitId, image };
}

const FAST = { timeoutMs: 150, retries: 2, retryDelayMs: 10, reconnectDelayMs: 50, reconnectDelayMaxMs: 200 };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function setup(opts: { responseDelayMs?: number; unknownUnit?: 'silent' | 'gateway-exception' } = {}) {
  const server = await startSimModbusServer({ devices: [device(1), device(2)], ...opts });
  const events: ModbusBusEvent[] = [];
  const bus = createModbusBus({
    connection: { kind: 'tcp', host: '127.0.0.1', port: server.port },
    timing: FAST,
    onEvent: (e) => events.push(e),
  });
  cleanups.push(
    () => server.close(),
    () => bus.close(),
  );
  return { server, bus, events };
}

async function failureOf(p: Promise<unknown>): Promise<ModbusError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ModbusError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('Modbus bus over TCP (simulated device on loopback)', () => {
  it('reads holding and input registers and writes single and multiple registers', async () => {
    const { bus } = await setup();
    const t = bus.unit(1);
    expect(t.id).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+#1$/);
    expect(await t.readHoldingRegisters(100, 4)).toEqual([1, 2, 3, 4]);
    expect(await t.readInputRegisters(1, 2)).toEqual([11, 12]);
    await t.writeRegister(101, 0xbeef);
    await t.writeRegisters(102, [7, 8]);
    expect(await t.readHoldingRegisters(100, 4)).toEqual([1, 0xbeef, 7, 8]);
    expect(bus.state).toBe('connected');
  });

  it('reports a device exception at once, without retrying', async () => {
    const { bus, events } = await setup();
    const e = await failureOf(bus.unit(1).readHoldingRegisters(200, 2));
    expect(e.kind).toBe('exception');
    expect(e.exceptionCode).toBe(2);
    const refused = await failureOf(bus.unit(1).writeRegister(100, 999));
    expect(refused.exceptionCode).toBe(3);
    expect(events.filter((x) => x.type === 'retry')).toHaveLength(0);
  });

  it('keeps unit ids apart on one connection', async () => {
    const { server, bus } = await setup();
    await bus.unit(2).writeRegister(100, 42);
    expect(await bus.unit(1).readHoldingRegisters(100, 1)).toEqual([1]);
    expect(await bus.unit(2).readHoldingRegisters(100, 1)).toEqual([42]);
    expect(bus.stats.connects).toBe(1);
    expect(server.requestCount).toBe(3);
  });

  it('never has two requests in flight on one bus, even when callers do not wait', async () => {
    const { server, bus } = await setup({ responseDelayMs: 5 });
    const reads = Array.from({ length: 12 }, (_, i) =>
      bus.unit((i % 2) + 1).readHoldingRegisters(100 + (i % 4), 1),
    );
    expect(bus.queued).toBe(12);
    const values = await Promise.all(reads);
    expect(values.map((v) => v[0])).toEqual([1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]);
    expect(server.maxInFlight).toBe(1);
  });

  it('times out, retries with back-off, and answers again when the device does', async () => {
    const { server, bus, events } = await setup();
    const t = bus.unit(1);
    await t.readHoldingRegisters(100, 1);
    server.setResponding(false);
    const started = Date.now();
    const e = await failureOf(t.readHoldingRegisters(100, 1));
    expect(e.kind).toBe('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * FAST.timeoutMs);
    expect(events.filter((x) => x.type === 'retry').map((x) => (x.type === 'retry' ? x.attempt : 0))).toEqual(
      [1, 2],
    );
    expect(bus.stats.failures).toBe(1);
    server.setResponding(true);
    expect(await t.readHoldingRegisters(100, 1)).toEqual([1]);
  });

  it('recovers within one request when a single answer is lost', async () => {
    const { server, bus } = await setup();
    const t = bus.unit(1);
    await t.readHoldingRegisters(100, 1);
    server.setResponding(false);
    setTimeout(() => server.setResponding(true), FAST.timeoutMs / 2);
    expect(await t.readHoldingRegisters(100, 2)).toEqual([1, 2]);
    expect(bus.stats.retries).toBe(1);
  });

  it('reports a vanished device as a connection error, then reconnects when it is back', async () => {
    const { server, bus, events } = await setup();
    const t = bus.unit(1);
    await t.readHoldingRegisters(100, 1);
    await server.stop();
    const e = await failureOf(t.readHoldingRegisters(100, 1));
    expect(e.retryable).toBe(true);
    expect(bus.state).toBe('down');
    expect(events.some((x) => x.type === 'disconnected')).toBe(true);
    expect(events.some((x) => x.type === 'connect-failed')).toBe(true);
    await server.start();
    // The bus holds off reconnecting for reconnectDelay; a poll loop simply tries again later.
    let back: number[] | undefined;
    for (let i = 0; i < 20 && !back; i++) {
      back = await t.readHoldingRegisters(100, 1).catch(() => undefined);
      if (!back) await new Promise((r) => setTimeout(r, 50));
    }
    expect(back).toEqual([1]);
    expect(bus.state).toBe('connected');
    expect(bus.stats.connects).toBe(2);
  });

  it('fails fast while a bus is down instead of queueing timeouts', async () => {
    const { server, bus } = await setup();
    await server.stop();
    const e = await failureOf(bus.unit(1).readHoldingRegisters(100, 1));
    // each attempt is refused at connect, not a request sent into the void and waited out
    expect(e.kind).toBe('connection');
    expect(e.message).toMatch(/bus down|ECONNREFUSED/);
  });

  it('answers exception 11 for a unit id nobody has (as TCP gateways do), retried as a transient fault', async () => {
    const { bus } = await setup();
    const e = await failureOf(bus.unit(9).readHoldingRegisters(100, 1));
    expect(e.exceptionCode).toBe(11);
    expect(e.retryable).toBe(true);
  });

  it('refuses bad ranges before sending anything', async () => {
    const { bus, server } = await setup();
    const t = bus.unit(1);
    await expect(t.readHoldingRegisters(65535, 2)).rejects.toThrow(RangeError);
    await expect(t.readHoldingRegisters(0, 126)).rejects.toThrow(RangeError);
    await expect(t.writeRegisters(0, [])).rejects.toThrow(RangeError);
    expect(() => bus.unit(300)).toThrow(RangeError);
    expect(server.requestCount).toBe(0);
  });

  it('refuses requests after close', async () => {
    const { bus } = await setup();
    await bus.unit(1).readHoldingRegisters(100, 1);
    await bus.close();
    const e = await failureOf(bus.unit(1).readHoldingRegisters(100, 1));
    expect(e.kind).toBe('closed');
  });
});

describe('Modbus bus against nothing', () => {
  it('gives a connection error for a port nobody listens on', async () => {
    const bus: ModbusBus = createModbusBus({
      connection: { kind: 'tcp', host: '127.0.0.1', port: 1 },
      timing: FAST,
    });
    cleanups.push(() => bus.close());
    const e = await failureOf(bus.unit(1).readHoldingRegisters(0, 1));
    expect(e.kind).toBe('connection');
    expect(e.message).toMatch(/ECONNREFUSED|bus down/);
  });
});
