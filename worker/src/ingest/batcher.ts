import type { Logger } from '@ilumen/logger';

export interface BatcherOptions<T> {
  name: string;
  /** Flush when this many items wait... */
  maxItems: number;
  /** ...or when the oldest has waited this long. */
  maxWaitMs: number;
  /** Refuse new items above this, so a stuck database cannot grow memory without bound. */
  maxQueued: number;
  flush: (items: T[]) => Promise<void>;
  logger: Logger;
}

/**
 * Collects items and writes them in batches, one batch at a time and in arrival order. A failed batch is retried with
 * backoff (the items stay queued); `drain()` writes what is left before shutdown.
 */
export class Batcher<T> {
  private queue: T[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private failures = 0;
  readonly stats = { flushed: 0, batches: 0, dropped: 0, failures: 0 };

  constructor(private readonly options: BatcherOptions<T>) {}

  get pending(): number {
    return this.queue.length;
  }

  push(item: T): boolean {
    if (this.queue.length >= this.options.maxQueued) {
      this.stats.dropped++;
      return false;
    }
    this.queue.push(item);
    if (this.queue.length >= this.options.maxItems) this.kick(0);
    else if (!this.timer) this.kick(this.options.maxWaitMs);
    return true;
  }

  private kick(delay: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, delay);
  }

  private async run(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      while (this.queue.length > 0) {
        const items = this.queue.slice(0, this.options.maxItems);
        try {
          await this.options.flush(items);
          this.queue.splice(0, items.length);
          this.stats.flushed += items.length;
          this.stats.batches++;
          this.failures = 0;
        } catch (error) {
          this.failures++;
          this.stats.failures++;
          const wait = Math.min(10_000, 100 * 2 ** Math.min(this.failures, 7));
          this.options.logger.error(
            {
              batcher: this.options.name,
              err: (error as Error).message,
              items: items.length,
              retry_ms: wait,
            },
            'batch write failed; will retry',
          );
          await new Promise((r) => setTimeout(r, wait));
        }
      }
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async drain(timeoutMs = 10_000): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.race([this.run(), new Promise((r) => setTimeout(r, timeoutMs))]);
  }
}
