/**
 * Why a request failed. Only `timeout` and `connection` are worth retrying: an `exception` is the device's own answer
 * (illegal address, illegal value…) and will be the same next time.
 */
export type ModbusErrorKind = 'timeout' | 'connection' | 'exception' | 'closed';

/** Modbus exception codes as the device sends them. */
export const MODBUS_EXCEPTION = {
  illegalFunction: 1,
  illegalDataAddress: 2,
  illegalDataValue: 3,
  serverDeviceFailure: 4,
  gatewayPathUnavailable: 10,
  gatewayTargetFailedToRespond: 11,
} as const;

export class ModbusError extends Error {
  override readonly name = 'ModbusError';

  constructor(
    readonly kind: ModbusErrorKind,
    message: string,
    readonly exceptionCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get retryable(): boolean {
    // A TCP gateway that cannot reach its RTU device answers with exception 10/11: that is a timeout in disguise.
    return (
      this.kind === 'timeout' ||
      this.kind === 'connection' ||
      this.exceptionCode === MODBUS_EXCEPTION.gatewayPathUnavailable ||
      this.exceptionCode === MODBUS_EXCEPTION.gatewayTargetFailedToRespond
    );
  }
}

export function isModbusError(e: unknown): e is ModbusError {
  return e instanceof ModbusError;
}

/** Turns whatever modbus-serial (or the socket under it) threw into a ModbusError. */
export function toModbusError(e: unknown, context: string): ModbusError {
  if (e instanceof ModbusError) return e;
  const err = e as { message?: string; modbusCode?: unknown; errno?: unknown; code?: unknown } | undefined;
  const message = `${context}: ${err?.message ?? String(e)}`;
  if (typeof err?.modbusCode === 'number') {
    return new ModbusError('exception', message, err.modbusCode, { cause: e });
  }
  if (err?.errno === 'ETIMEDOUT' || err?.message === 'Timed out') {
    return new ModbusError('timeout', message, undefined, { cause: e });
  }
  return new ModbusError('connection', message, undefined, { cause: e });
}
