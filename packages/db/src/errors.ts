/** MySQL/MariaDB error numbers we turn into user-facing answers. */
export const ER_DUP_ENTRY = 1062;
export const ER_NO_REFERENCED_ROW = 1452;

export function isDuplicateKey(error: unknown, key?: string): boolean {
  const e = error as { errno?: number; message?: string } | undefined;
  if (e?.errno !== ER_DUP_ENTRY) return false;
  return key === undefined || (e.message ?? '').includes(key);
}

export function isForeignKeyViolation(error: unknown): boolean {
  return (error as { errno?: number } | undefined)?.errno === ER_NO_REFERENCED_ROW;
}

/** Server errors that say "try again later": the server is away, busy or chose this transaction as a victim. */
const TRANSIENT_ERRNO = new Set([
  1040 /* too many connections */, 1053 /* server shutdown */, 1205 /* lock wait timeout */,
  1213 /* deadlock */, 1317 /* query interrupted */, 1927 /* connection killed */, 2006 /* gone away */,
  2013 /* lost connection */,
]);
/** mysql2 and socket codes for a connection that could not be made or was lost. */
const TRANSIENT_CODE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
]);

/**
 * Whether a database error means the database was unavailable (worth waiting for) rather than that the statement or
 * its data was wrong (which no retry mends).
 */
export function isTransientDbError(error: unknown): boolean {
  const e = error as { errno?: number; code?: string; fatal?: boolean } | undefined;
  if (!e) return false;
  if (e.fatal === true) return true;
  if (e.errno !== undefined && TRANSIENT_ERRNO.has(e.errno)) return true;
  return e.code !== undefined && TRANSIENT_CODE.has(e.code);
}
