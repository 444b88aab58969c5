import { z } from 'zod';

/** A Modbus bus as the gateway config and the commissioning commands describe it. */
export const modbusTcpConnectionSchema = z.object({
  kind: z.literal('tcp'),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(502),
});

export const modbusRtuConnectionSchema = z.object({
  kind: z.literal('rtu'),
  path: z.string().min(1),
  baudRate: z.number().int().positive().default(9600),
  parity: z.enum(['none', 'even', 'odd']).default('none'),
  dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
  stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
});

export const modbusConnectionSchema = z.discriminatedUnion('kind', [
  modbusTcpConnectionSchema,
  modbusRtuConnectionSchema,
]);

export const modbusTimingSchema = z.object({
  /** One request's answer must arrive within this. */
  timeoutMs: z.number().int().positive().default(1000),
  /** Extra attempts after the first, for timeouts and lost connections only. */
  retries: z.number().int().min(0).max(10).default(2),
  /** First retry waits this long, doubling up to retryDelayMaxMs. */
  retryDelayMs: z.number().int().min(0).default(100),
  retryDelayMaxMs: z.number().int().min(0).default(2000),
  /** After a failed connect, wait this long before the next (doubling up to reconnectDelayMaxMs). */
  reconnectDelayMs: z.number().int().min(0).default(1000),
  reconnectDelayMaxMs: z.number().int().min(0).default(30_000),
  /** Quiet time between two requests; RTU devices need a few ms (3.5 characters at the very least). */
  interRequestDelayMs: z.number().int().min(0).default(0),
});

export type ModbusConnection = z.infer<typeof modbusConnectionSchema>;
export type ModbusConnectionInput = z.input<typeof modbusConnectionSchema>;
export type ModbusTiming = z.infer<typeof modbusTimingSchema>;
export type ModbusTimingInput = z.input<typeof modbusTimingSchema>;

export function connectionId(c: ModbusConnection): string {
  return c.kind === 'tcp' ? `tcp://${c.host}:${c.port}` : `rtu://${c.path}`;
}
