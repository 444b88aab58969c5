import type { Logger } from '@ilumen/logger';
import { type Backoff, backoffDelayMs, realSleep, type Sleep } from '@ilumen/timing';
import { isTransientError } from './transient';

/** How a write waits for a database or Redis that is away: from 200 ms, doubling, at most 5 s between tries. */
export const OUTAGE_BACKOFF: Backoff = { baseMs: 200, maxMs: 5000 };
/** How a write that failed for another reason is tried again (`attemptsPerItem` times in all). */
const ITEM_BACKOFF: Backoff = { baseMs: 200, maxMs: 1000 };

export interface BatcherOptions<T> {
  name: string;
  /** Flush when this many items wait... */
  maxItems: number;
  /** ...or when the oldest has waited this long. */
  maxWaitMs: number;
  flush: (items: T[]) => Promise<void>;
  logger: Logger;
  /**
   * Items with the same key replace each other while they wait (the newest wins): for values where only the latest
   * counts (live values), so an outage holds one per key instead of a growing queue.
   */
  coalesce?: (item: T) => string;
  /**
   * A write that fails for a reason that is not an outage (bad data, a bug) is tried this often for a single item
   * before that item is given up (its promise rejects); an outage is waited out however long it lasts.
   */
  attemptsPerItem?: number;
  /**
   * Batches written at once (default 1). Each settles its own items; whoever acknowledges in arrival order waits for
   * the earlier ones (decision 150).
   */
  concurrency?: number;
  sleep?: Sleep;
}

/** A write of this item failed for good (not an outage): the caller decides what becomes of the message. */
export class ItemFailedError extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
    this.name = 'ItemFailedError';
  }
}

interface Pending<T> {
  item: T;
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: Error) => void;
  attempts: number;
  key: string | undefined;
}

/**
 * Collects items and writes them in batches in arrival order, `concurrency` batches at a time. `push` returns a promise that
 * settles when the item's batch is committed: the ingest acknowledges a message to the broker only then.
 *
 * Nothing is dropped: the queue is bounded upstream (the broker sends at most the ingest's receive maximum of
 * unacknowledged messages). A batch that fails because the database or Redis is away is retried with backoff until it
 * goes through. A batch that fails otherwise is split in halves until the item at fault is alone; that item is tried
 * `attemptsPerItem` times and then rejected, so one bad message cannot hold the others back.
 */
export class Batcher<T> {
  private queue: Pending<T>[] = [];
  private readonly byKey = new Map<string, Pending<T>>();
  private timer: NodeJS.Timeout | null = null;
  private readonly writing = new Set<Promise<void>>();
  private outageFailures = 0;
  private closed = false;
  private readonly sleep: Sleep;
  readonly stats = { flushed: 0, batches: 0, failures: 0, coalesced: 0, givenUp: 0 };

  constructor(private readonly options: BatcherOptions<T>) {
    this.sleep = options.sleep ?? realSleep;
  }

  get pending(): number {
    return this.queue.length;
  }

  push(item: T): Promise<void> {
    const key = this.options.coalesce?.(item);
    const waiting = key === undefined ? undefined : this.byKey.get(key);
    if (waiting) {
      // the newer value takes the older one's place (and its turn), and is written when that one would have been
      waiting.item = item;
      this.stats.coalesced++;
      return waiting.promise;
    }
    let resolve!: () => void;
    let reject!: (err: Error) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const p: Pending<T> = { item, promise, resolve, reject, attempts: 0, key };
    this.queue.push(p);
    if (key !== undefined) this.byKey.set(key, p);
    if (this.queue.length >= this.options.maxItems) this.kick(0);
    else if (!this.timer) this.kick(this.options.maxWaitMs);
    return promise;
  }

  private kick(delay: number) {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, delay);
  }

  /** Starts writing what waits, up to `concurrency` batches at once; a batch done takes the next at once. */
  private pump(): void {
    const concurrency = this.options.concurrency ?? 1;
    while (this.queue.length > 0 && !this.closed && this.writing.size < concurrency) {
      const batch = this.queue.splice(0, this.options.maxItems);
      for (const p of batch) if (p.key !== undefined) this.byKey.delete(p.key);
      const writing: Promise<void> = this.write(batch).finally(() => {
        this.writing.delete(writing);
        this.pump();
      });
      this.writing.add(writing);
    }
  }

  /** Settles when nothing waits and nothing is being written. */
  private async idle(): Promise<void> {
    this.pump();
    while (this.writing.size > 0) {
      await Promise.allSettled([...this.writing]);
      this.pump();
    }
  }

  /** Writes `batch` until it is committed, split on failures that are not outages; never throws. */
  private async write(batch: Pending<T>[]): Promise<void> {
    for (;;) {
      if (this.closed) return;
      try {
        await this.options.flush(batch.map((p) => p.item));
        this.outageFailures = 0;
        this.stats.flushed += batch.length;
        this.stats.batches++;
        for (const p of batch) p.resolve();
        return;
      } catch (error) {
        const err = error as Error;
        this.stats.failures++;
        if (isTransientError(err)) {
          this.outageFailures++;
          const wait = backoffDelayMs(this.outageFailures, OUTAGE_BACKOFF);
          this.options.logger.warn(
            { batcher: this.options.name, err: err.message, items: batch.length, retry_ms: wait },
            'batch write failed (database or Redis away); will retry',
          );
          await this.sleep(wait);
          continue;
        }
        if (batch.length > 1) {
          const half = Math.ceil(batch.length / 2);
          await this.write(batch.slice(0, half));
          await this.write(batch.slice(half));
          return;
        }
        const only = batch[0]!;
        only.attempts++;
        const limit = this.options.attemptsPerItem ?? 3;
        this.options.logger.error(
          { batcher: this.options.name, err: err.message, attempt: only.attempts, of: limit },
          'an item could not be written',
        );
        if (only.attempts >= limit) {
          this.stats.givenUp++;
          only.reject(new ItemFailedError(err));
          return;
        }
        await this.sleep(backoffDelayMs(only.attempts, ITEM_BACKOFF));
      }
    }
  }

  /** Writes what is queued (within `timeoutMs`), then takes nothing more; what was not written stays unacknowledged. */
  async drain(timeoutMs = 10_000): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.idle(),
      new Promise((r) => {
        timer = setTimeout(r, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    this.closed = true;
  }
}
