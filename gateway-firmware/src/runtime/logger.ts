import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** Secrets that must never reach a log line (the broker password sits in the config object). */
const REDACT = ['password', '*.password', 'mqtt.password', 'config.mqtt.password', 'token', '*.token'];

/** Structured JSON logs with the gateway serial on every line. */
export function createGatewayLogger(
  options: { level: string; serial?: string; name?: string },
  destination?: DestinationStream,
): Logger {
  return pino(
    {
      name: options.name ?? 'gateway',
      level: options.level,
      redact: { paths: REDACT, censor: '[redacted]' },
      base: options.serial ? { gateway: options.serial } : {},
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** A logger that writes nothing (tests, the simulator's quiet gateways). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
