/**
 * The slice of a pino logger the client uses; a pino instance fits as is. Fields passed here never hold secrets:
 * the client logs routes, statuses, attempts and delays, not headers, bodies or URLs with credentials.
 */
type LogFn = (fields: Record<string, unknown>, message: string) => void;

export interface FluviusLogger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

const ignore: LogFn = () => {};
export const silentLogger: FluviusLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
