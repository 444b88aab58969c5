import { isTransientDbError } from '@ilumen/db';

/** ioredis' words when a command cannot reach Redis (it has no error codes for these). */
const REDIS_AWAY =
  /Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|MaxRetriesPerRequest/i;

/**
 * Whether a failed write failed because a service was away (waited out, however long) rather than because of the
 * data (given up after a few tries).
 */
export function isTransientError(error: unknown): boolean {
  if (isTransientDbError(error)) return true;
  const e = error as { name?: string; message?: string } | undefined;
  return e?.name === 'MaxRetriesPerRequestError' || REDIS_AWAY.test(e?.message ?? '');
}
