/**
 * What a driver talks to: one Modbus unit (slave id) on one bus. Addresses are 0-based PDU addresses (register 40001
 * in "Modbus notation" is address 40000 here, as SunSpec's base addresses are written).
 */
export interface ModbusTransport {
  /** e.g. `tcp://192.168.1.20:502#1` or `rtu:///dev/ttyUSB0#3`; stable, used in logs and as a device key. */
  readonly id: string;
  readonly unitId: number;
  readHoldingRegisters(address: number, count: number): Promise<number[]>;
  readInputRegisters(address: number, count: number): Promise<number[]>;
  writeRegister(address: number, value: number): Promise<void>;
  writeRegisters(address: number, values: readonly number[]): Promise<void>;
}

/** Makes a transport for a unit id on some bus; what `scan` and the commissioning "scan Modbus" command use. */
export type TransportFactory = (unitId: number) => ModbusTransport;

/** Modbus allows at most 125 registers in one read; longer blocks are split. */
export const MAX_READ_REGISTERS = 125;

export async function readHoldingBlock(
  t: ModbusTransport,
  address: number,
  count: number,
): Promise<number[]> {
  const out: number[] = [];
  for (let done = 0; done < count; done += MAX_READ_REGISTERS) {
    const n = Math.min(MAX_READ_REGISTERS, count - done);
    out.push(...(await t.readHoldingRegisters(address + done, n)));
  }
  return out;
}
