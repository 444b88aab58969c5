import { backoffDelayMs } from '@ilumen/timing';
import {
  connectionId,
  type ModbusConnection,
  type ModbusConnectionInput,
  type ModbusTiming,
  type ModbusTimingInput,
  modbusConnectionSchema,
  modbusTimingSchema,
} from './connection-config';
import { ModbusError, toModbusError } from './modbus-error';
import { type ModbusClient, ModbusClientCtor } from './modbus-serial';
import { RequestQueue } from './request-queue';
import type { ModbusTransport } from './transport';

export type ModbusBusState = 'idle' | 'connected' | 'down' | 'closed';

export type ModbusBusEvent =
  | { type: 'connected'; bus: string }
  | { type: 'disconnected'; bus: string; reason: string }
  | { type: 'connect-failed'; bus: string; error: ModbusError; retryInMs: number }
  | { type: 'retry'; bus: string; unitId: number; attempt: number; error: ModbusError };

export interface ModbusBusStats {
  requests: number;
  failures: number;
  retries: number;
  connects: number;
}

export interface ModbusBus {
  readonly id: string;
  readonly state: ModbusBusState;
  readonly stats: Readonly<ModbusBusStats>;
  /** Requests queued or running on this bus. */
  readonly queued: number;
  /** A transport for one unit id on this bus; all units share the bus's queue and connection. */
  unit(unitId: number): ModbusTransport;
  close(): Promise<void>;
}

export interface ModbusBusOptions {
  connection: ModbusConnectionInput;
  timing?: ModbusTimingInput;
  /** Connection changes and retries, for the composition root to log. */
  onEvent?: (event: ModbusBusEvent) => void;
  /** Milliseconds clock for reconnect back-off; real time unless a test passes its own. */
  nowMs?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => ModbusError): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

type Operation = (client: ModbusClient) => Promise<unknown>;

export function createModbusBus(options: ModbusBusOptions): ModbusBus {
  const connection: ModbusConnection = modbusConnectionSchema.parse(options.connection);
  const timing: ModbusTiming = modbusTimingSchema.parse(options.timing ?? {});
  const id = connectionId(connection);
  const nowMs = options.nowMs ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const emit = options.onEvent ?? (() => {});
  const queue = new RequestQueue();
  const stats: ModbusBusStats = { requests: 0, failures: 0, retries: 0, connects: 0 };

  let state: ModbusBusState = 'idle';
  let client: ModbusClient | null = null;
  let nextConnectAt = 0;
  let lastConnectError = '';
  let reconnectDelay = timing.reconnectDelayMs;
  let consecutiveTimeouts = 0;
  let lastRequestEnd = 0;

  /**
   * TCP: destroy(), which returns at once, where close() would wait for a FIN a dead peer never sends. Serial
   * ports have no destroy() in modbus-serial (it would leave the port open), so they are closed, with a deadline.
   */
  function shutdown(c: ModbusClient): Promise<void> {
    return new Promise<void>((resolve) => {
      if (connection.kind === 'tcp') {
        c.destroy(() => resolve());
        return;
      }
      const timer = setTimeout(resolve, timing.timeoutMs);
      try {
        c.close(() => {
          clearTimeout(timer);
          resolve();
        });
      } catch {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  function drop(reason: string): void {
    const old = client;
    client = null;
    if (old) {
      void shutdown(old);
      if (state === 'connected') {
        state = 'down';
        emit({ type: 'disconnected', bus: id, reason });
      }
    }
  }

  async function connect(): Promise<ModbusClient> {
    if (client?.isOpen) return client;
    if (client) drop('port no longer open');
    const now = nowMs();
    if (now < nextConnectAt) {
      throw new ModbusError(
        'connection',
        `${id}: bus down (${lastConnectError}), next connect attempt in ${nextConnectAt - now} ms`,
      );
    }
    const fresh = new ModbusClientCtor();
    // Without a listener an 'error' event on the port would throw and take the gateway down.
    fresh.on('error', () => {});
    try {
      const opening =
        connection.kind === 'tcp'
          ? fresh.connectTCP(connection.host, { port: connection.port })
          : fresh.connectRTUBuffered(connection.path, {
              baudRate: connection.baudRate,
              parity: connection.parity,
              dataBits: connection.dataBits,
              stopBits: connection.stopBits,
            });
      await withTimeout(
        opening,
        timing.timeoutMs,
        () => new ModbusError('timeout', `${id}: connect timed out after ${timing.timeoutMs} ms`),
      );
    } catch (e) {
      void shutdown(fresh);
      const error = toModbusError(e, `${id}: connect`);
      const err =
        error.kind === 'timeout'
          ? error
          : new ModbusError('connection', error.message, undefined, { cause: e });
      nextConnectAt = nowMs() + reconnectDelay;
      lastConnectError = err.message;
      emit({ type: 'connect-failed', bus: id, error: err, retryInMs: reconnectDelay });
      reconnectDelay = Math.min(reconnectDelay * 2, timing.reconnectDelayMaxMs);
      if (state !== 'closed') state = 'down';
      throw err;
    }
    fresh.setTimeout(timing.timeoutMs);
    fresh.on('close', () => {
      if (client === fresh) drop('port closed');
    });
    client = fresh;
    state = 'connected';
    reconnectDelay = timing.reconnectDelayMs;
    nextConnectAt = 0;
    consecutiveTimeouts = 0;
    stats.connects++;
    emit({ type: 'connected', bus: id });
    return fresh;
  }

  async function attempt(unitId: number, op: Operation, what: string): Promise<unknown> {
    if (timing.interRequestDelayMs > 0) {
      const wait = lastRequestEnd + timing.interRequestDelayMs - nowMs();
      if (wait > 0) await sleep(wait);
    }
    const c = await connect();
    c.setID(unitId);
    try {
      // modbus-serial has its own per-transaction timer; ours also covers a request that never got written.
      const result = await withTimeout(
        op(c),
        timing.timeoutMs + 50,
        () => new ModbusError('timeout', `${id}#${unitId} ${what}: no answer within ${timing.timeoutMs} ms`),
      );
      consecutiveTimeouts = 0;
      return result;
    } catch (e) {
      const error = toModbusError(e, `${id}#${unitId} ${what}`);
      if (error.kind === 'timeout') {
        consecutiveTimeouts++;
        // A TCP peer that went silent is often a dead socket (NAT, dongle reboot): start a new one.
        if (connection.kind === 'tcp' && consecutiveTimeouts >= 2) drop('repeated timeouts');
      } else if (error.kind === 'connection') {
        drop(error.message);
      }
      throw error;
    } finally {
      lastRequestEnd = nowMs();
    }
  }

  function request<T>(unitId: number, what: string, op: (client: ModbusClient) => Promise<T>): Promise<T> {
    if (state === 'closed') return Promise.reject(new ModbusError('closed', `${id}: bus closed`));
    stats.requests++;
    return queue.run(async () => {
      let last: ModbusError | undefined;
      for (let i = 0; i <= timing.retries; i++) {
        if (state === 'closed') throw new ModbusError('closed', `${id}: bus closed`);
        try {
          return (await attempt(unitId, op, what)) as T;
        } catch (e) {
          last = toModbusError(e, `${id}#${unitId} ${what}`);
          if (!last.retryable || i === timing.retries) break;
          stats.retries++;
          emit({ type: 'retry', bus: id, unitId, attempt: i + 1, error: last });
          await sleep(backoffDelayMs(i + 1, { baseMs: timing.retryDelayMs, maxMs: timing.retryDelayMaxMs }));
        }
      }
      stats.failures++;
      throw last ?? new ModbusError('connection', `${id}#${unitId} ${what}: failed`);
    });
  }

  function checkRange(address: number, count: number): void {
    if (!Number.isInteger(address) || address < 0 || address + count > 0x10000) {
      throw new RangeError(`register range ${address}+${count} is outside 0..65535`);
    }
    if (!Number.isInteger(count) || count < 1 || count > 125) {
      throw new RangeError(`a read is 1..125 registers, not ${count}`);
    }
  }

  function unit(unitId: number): ModbusTransport {
    if (!Number.isInteger(unitId) || unitId < 0 || unitId > 255) throw new RangeError(`unit id ${unitId}`);
    return {
      id: `${id}#${unitId}`,
      unitId,
      async readHoldingRegisters(address, count) {
        checkRange(address, count);
        const res = await request(unitId, `read holding ${address}+${count}`, (c) =>
          c.readHoldingRegisters(address, count),
        );
        return res.data;
      },
      async readInputRegisters(address, count) {
        checkRange(address, count);
        const res = await request(unitId, `read input ${address}+${count}`, (c) =>
          c.readInputRegisters(address, count),
        );
        return res.data;
      },
      async writeRegister(address, value) {
        checkRange(address, 1);
        await request(unitId, `write ${address}`, (c) => c.writeRegister(address, value & 0xffff));
      },
      async writeRegisters(address, values) {
        if (values.length === 0 || values.length > 123) throw new RangeError(`a write is 1..123 registers`);
        checkRange(address, values.length);
        await request(unitId, `write ${address}+${values.length}`, (c) =>
          c.writeRegisters(
            address,
            values.map((v) => v & 0xffff),
          ),
        );
      },
    };
  }

  return {
    id,
    get state() {
      return state;
    },
    stats,
    get queued() {
      return queue.size;
    },
    unit,
    async close() {
      state = 'closed';
      const old = client;
      client = null;
      if (old) await shutdown(old);
    },
  };
}
