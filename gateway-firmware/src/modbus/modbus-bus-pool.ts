import {
  connectionId,
  type ModbusConnectionInput,
  type ModbusTimingInput,
  modbusConnectionSchema,
} from './connection-config';
import { createModbusBus, type ModbusBus, type ModbusBusEvent } from './modbus-bus';
import type { ModbusTransport } from './transport';

export interface ModbusBusPoolOptions {
  timing?: ModbusTimingInput;
  onEvent?: (event: ModbusBusEvent) => void;
}

/**
 * One bus per physical connection. Two devices configured on the same serial line (or behind the same TCP
 * gateway) must share one queue, or their requests would collide on the wire: ask the pool, never make buses
 * per device. Created in the composition root and closed on shutdown.
 */
export class ModbusBusPool {
  private readonly buses = new Map<string, ModbusBus>();

  constructor(private readonly options: ModbusBusPoolOptions = {}) {}

  bus(connection: ModbusConnectionInput, timing?: ModbusTimingInput): ModbusBus {
    const parsed = modbusConnectionSchema.parse(connection);
    const id = connectionId(parsed);
    let bus = this.buses.get(id);
    if (!bus) {
      bus = createModbusBus({
        connection: parsed,
        timing: timing ?? this.options.timing,
        onEvent: this.options.onEvent,
      });
      this.buses.set(id, bus);
    }
    return bus;
  }

  transport(connection: ModbusConnectionInput, unitId: number): ModbusTransport {
    return this.bus(connection).unit(unitId);
  }

  get size(): number {
    return this.buses.size;
  }

  async close(): Promise<void> {
    const all = [...this.buses.values()];
    this.buses.clear();
    await Promise.all(all.map((b) => b.close()));
  }
}
