import type { Db } from '@ilumen/db';
import type { Logger } from '@ilumen/logger';
import type { LivePayload } from '@ilumen/mqtt-contract';
import { gatewayKeys, LIVE_TTL_SECONDS, type LiveSnapshot, liveKeys } from '@ilumen/services';
import { recordMeterPeak } from '@ilumen/services/energy';
import type { Redis } from 'ioredis';
import { Batcher } from './batcher';

/**
 * `live` values: the latest per site in Redis and a message on the site's channel (the portal's live stream listens),
 * pipelined in small batches. Live values are QoS 0 and only the newest counts, so while Redis is away a site's
 * waiting value is replaced by its newer one (the queue holds one per site, however long the outage). The meter's own
 * month peak (1-0:1.6.0) goes to the month row when it changes.
 */
export class LiveSink {
  private readonly keys: ReturnType<typeof liveKeys>;
  private readonly seen: ReturnType<typeof gatewayKeys>;
  private readonly batcher: Batcher<LiveSnapshot>;
  private readonly lastPeak = new Map<number, string>();

  constructor(private readonly deps: { redis: Redis; db: Db; prefix: string; logger: Logger }) {
    this.keys = liveKeys(deps.prefix);
    this.seen = gatewayKeys(deps.prefix);
    this.batcher = new Batcher<LiveSnapshot>({
      name: 'live',
      maxItems: 1000,
      maxWaitMs: 20,
      logger: deps.logger,
      coalesce: (item) => String(item.siteId),
      flush: (items) => this.flush(items),
    });
  }

  get stats() {
    return { ...this.batcher.stats, pending: this.batcher.pending };
  }

  accept(siteId: number, gatewaySerial: string, live: LivePayload, receivedAt: Date): void {
    this.batcher
      .push({ siteId, gatewaySerial, receivedAt: receivedAt.toISOString(), live })
      .catch((err: Error) =>
        this.deps.logger.error({ site_id: siteId, err: err.message }, 'live value not stored'),
      );
    const peak = live.grid?.monthPeak;
    if (peak?.at) {
      const mark = `${peak.at}|${peak.w}`;
      if (this.lastPeak.get(siteId) !== mark) {
        this.lastPeak.set(siteId, mark);
        recordMeterPeak(this.deps.db, siteId, new Date(peak.at), peak.w).catch((err: Error) => {
          this.lastPeak.delete(siteId);
          this.deps.logger.error(
            { site_id: siteId, err: err.message },
            'could not store the meter month peak',
          );
        });
      }
    }
  }

  private async flush(items: LiveSnapshot[]): Promise<void> {
    const multi = this.deps.redis.multi();
    // When each site last sent live values, and live values with P1 readings: the alarms' "data stale" reads these.
    const live: Array<string | number> = [];
    const p1: Array<string | number> = [];
    for (const item of items) {
      const json = JSON.stringify(item);
      multi.set(this.keys.latest(item.siteId), json, 'EX', LIVE_TTL_SECONDS);
      multi.publish(this.keys.channel(item.siteId), json);
      const ms = Date.parse(item.receivedAt);
      live.push(ms, item.siteId);
      if (item.live.grid) p1.push(ms, item.siteId);
    }
    if (live.length) multi.zadd(this.seen.liveSeen, ...live);
    if (p1.length) multi.zadd(this.seen.p1Seen, ...p1);
    await multi.exec();
  }

  drain(timeoutMs?: number): Promise<void> {
    return this.batcher.drain(timeoutMs);
  }
}
