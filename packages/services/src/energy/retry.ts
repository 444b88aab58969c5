import { type Backoff, backoffDelayMs, realSleep } from '@ilumen/timing';

const RETRYABLE = new Set([1213 /* deadlock */, 1205 /* lock wait timeout */]);
/** A deadlock victim waits 5–10 ms, then 10–20, 20–40, 40–80: the other writer's transaction is a few ms long. */
const DEADLOCK_BACKOFF: Backoff = { baseMs: 10, maxMs: 80 };

/**
 * Runs a transaction again when the database chose it as a deadlock victim: writers that touch the same sites in
 * another order (two ingest processes, the Fluvius sync) resolve that way, and the retry sees the other's commit.
 * It waits by the product's one backoff rule, with jitter so the two writers do not collide again in step.
 */
export async function withRetry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      const errno = (error as { errno?: number }).errno;
      if (i >= attempts || errno === undefined || !RETRYABLE.has(errno)) throw error;
      await realSleep(backoffDelayMs(i, DEADLOCK_BACKOFF, Math.random));
    }
  }
}
