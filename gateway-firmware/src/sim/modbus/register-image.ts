import { MODBUS_EXCEPTION } from '../../modbus/modbus-error';

export type RegisterTable = 'holding' | 'input';

/** Thrown inside the simulated device to send a Modbus exception response (modbus-serial reads `modbusErrorCode`). */
export class SimModbusException extends Error {
  constructor(
    readonly modbusErrorCode: number,
    message: string,
  ) {
    super(message);
  }
}

type WriteHandler = (address: number, values: readonly number[]) => void;

interface WritableRange {
  from: number;
  to: number; // exclusive
  handler: WriteHandler;
}

/**
 * The registers one simulated device answers with. Addresses never set answer "illegal data address", as a real
 * device does; holding registers are read-only unless a writable range was declared for them.
 */
export class RegisterImage {
  private readonly tables: Record<RegisterTable, Map<number, number>> = {
    holding: new Map(),
    input: new Map(),
  };
  private readonly writable: WritableRange[] = [];

  set(table: RegisterTable, address: number, values: readonly number[]): void {
    const t = this.tables[table];
    values.forEach((v, i) => {
      t.set(address + i, v & 0xffff);
    });
  }

  /** Throws SimModbusException(2) if any register in the range is not defined. */
  read(table: RegisterTable, address: number, count: number): number[] {
    const t = this.tables[table];
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const v = t.get(address + i);
      if (v === undefined) {
        throw new SimModbusException(
          MODBUS_EXCEPTION.illegalDataAddress,
          `no ${table} register ${address + i}`,
        );
      }
      out.push(v);
    }
    return out;
  }

  /** The handler may throw SimModbusException(3) to refuse a value; otherwise the values are stored after it. */
  defineWritable(address: number, count: number, handler: WriteHandler): void {
    this.writable.push({ from: address, to: address + count, handler });
  }

  /** A write from the Modbus side (FC6/FC16). Every register written must lie in one declared writable range. */
  write(address: number, values: readonly number[]): void {
    const end = address + values.length;
    const range = this.writable.find((r) => address >= r.from && end <= r.to);
    if (!range) {
      throw new SimModbusException(
        MODBUS_EXCEPTION.illegalDataAddress,
        `registers ${address}..${end - 1} are not writable`,
      );
    }
    range.handler(address, values);
    this.set('holding', address, values);
  }
}
