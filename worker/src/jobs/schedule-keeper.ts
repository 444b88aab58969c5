import type { Logger } from '@ilumen/logger';
import type { Redis } from 'ioredis';

export interface ScheduleKeeperOptions {
  /** A connection of the worker's: its `ready` (again after a reconnect) triggers a check. */
  redis: Redis;
  /** The BullMQ prefix: the marker lives beside the queues, so whatever empties them removes it too. */
  prefix: string;
  /** Upserts every repeating job; harmless to run again (scheduler ids are business keys). */
  upsert: () => Promise<void>;
  /** A flush without a restart keeps the connection: checked this often as well. */
  checkEveryMs: number;
  logger: Logger;
}

/**
 * Keeps the worker's repeating jobs (gateways offline, commands expired, alarms, rollouts, prices, Fluvius…) in Redis
 * for as long as the worker runs. BullMQ keeps job schedulers in Redis only: a Redis restarted without persistence, or
 * flushed, comes back without them, and nothing would run until the worker restarts (decision 019).
 *
 * A marker key is written *before* the schedules are upserted: anything that empties Redis after that removes the
 * marker as well, so the next check puts the schedules back. (Written after, a flush between the upsert and the marker
 * would leave a marker without schedules.)
 */
export class ScheduleKeeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** How many times the schedules were put back after Redis lost them. */
  restored = 0;
  private readonly onReady = () => void this.check();

  constructor(private readonly options: ScheduleKeeperOptions) {}

  get markerKey(): string {
    return `${this.options.prefix}:worker:schedules-upserted`;
  }

  /** Upserts the schedules now, then keeps checking. */
  async start(): Promise<void> {
    await this.ensure(false);
    this.options.redis.on('ready', this.onReady);
    this.timer = setInterval(() => void this.check(), this.options.checkEveryMs);
    this.timer.unref();
  }

  /** Puts the schedules back if Redis lost them; resolves once done. Never throws (Redis may be down again). */
  async check(): Promise<void> {
    if (this.stopped) return;
    try {
      const present = await this.options.redis.exists(this.markerKey);
      if (present) return;
      await this.ensure(true);
    } catch (err) {
      this.options.logger.warn({ err: (err as Error).message }, 'could not check the repeating jobs');
    }
  }

  private ensure(restoring: boolean): Promise<void> {
    this.running ??= (async () => {
      try {
        await this.options.redis.set(this.markerKey, new Date().toISOString());
        await this.options.upsert();
        if (restoring) {
          this.restored += 1;
          this.options.logger.warn(
            'Redis had lost the repeating jobs (restarted empty or flushed): put back',
          );
        }
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.options.redis.off('ready', this.onReady);
    await this.running?.catch(() => undefined);
  }
}
