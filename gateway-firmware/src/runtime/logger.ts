import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** Secrets that must never reach a log line (the broker password sits in the config object). */
const REDACT = ['password', '*.password', 'mqtt.password', 'config.mqtt.password', 'token', '*.token'];

/**
 * Structured JSON logs with the gateway serial on every line; with a `ring`, the lines are also kept in memory for
 * support's `log.tail` command.
 */
export function createGatewayLogger(
  options: { level: string; serial?: string; name?: string; ring?: DestinationStream },
  destination?: DestinationStream,
): Logger {
  // the logger's own level filters; both streams take whatever it lets through
  const stream = options.ring
    ? pino.multistream([
        { level: 'trace', stream: destination ?? pino.destination(1) },
        { level: 'trace', stream: options.ring },
      ])
    : destination;
  return pino(
    {
      name: options.name ?? 'gateway',
      level: options.level,
      redact: { paths: REDACT, censor: '[redacted]' },
      base: options.serial ? { gateway: options.serial } : {},
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  );
}

/** A logger that writes nothing (tests, the simulator's quiet gateways). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
