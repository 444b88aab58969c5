import { z } from 'zod';

/**
 * Gateway serial: `ILS-` followed by 6 to 16 upper-case letters or digits (e.g. `ILS-24A00017`).
 * It is a topic level and the broker username, so it must never hold `+`, `#`, `/` or spaces; upper case only so
 * that one box cannot appear under two spellings in ACLs and the database.
 */
export const GATEWAY_SERIAL_PATTERN = /^ILS-[0-9A-Z]{6,16}$/;

export const gatewaySerialSchema = z
  .string()
  .regex(GATEWAY_SERIAL_PATTERN, 'gateway serial must be ILS- followed by 6 to 16 of A-Z and 0-9');

export type GatewaySerial = z.infer<typeof gatewaySerialSchema>;

export function isGatewaySerial(value: string): boolean {
  return GATEWAY_SERIAL_PATTERN.test(value);
}
