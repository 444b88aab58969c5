const RETRYABLE = new Set([1213 /* deadlock */, 1205 /* lock wait timeout */]);

/**
 * Runs a transaction again when the database chose it as a deadlock victim: writers that touch the same sites in
 * another order (two ingest processes, the Fluvius sync) resolve that way, and the retry sees the other's commit.
 */
export async function withRetry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      const errno = (error as { errno?: number }).errno;
      if (i >= attempts || errno === undefined || !RETRYABLE.has(errno)) throw error;
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 20));
    }
  }
}
