import type { Db } from '@ilumen/db';
import { checkLive, checkMeterPeak, type GridConnection } from '@ilumen/energy';
import type { Logger } from '@ilumen/logger';
import type { LivePayload } from '@ilumen/mqtt-contract';
import { gatewayKeys, LIVE_TTL_SECONDS, type LiveSnapshot, liveKeys } from '@ilumen/services';
import { recordAnomalies, recordMeterPeak } from '@ilumen/services/energy';
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
  /** Readings dropped or cut as implausible. */
  implausible = 0;

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
    return { ...this.batcher.stats, pending: this.batcher.pending, implausible: this.implausible };
  }

  accept(
    siteId: number,
    gatewaySerial: string,
    reading: LivePayload,
    receivedAt: Date,
    connection: GridConnection | null = null,
    gatewayId: number | null = null,
  ): void {
    const live = connection ? this.screen(siteId, gatewayId, reading, receivedAt, connection) : reading;
    if (!live) return;
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

  /**
   * A reading the connection cannot carry, or from the future, is not shown, stored or used (decision 090): it is
   * dropped and kept as an anomaly (at most one per site, field and 10 minutes: live values come every few seconds).
   * An implausible month peak alone is cut from an otherwise plausible reading.
   */
  private screen(
    siteId: number,
    gatewayId: number | null,
    live: LivePayload,
    receivedAt: Date,
    connection: GridConnection,
  ): LivePayload | null {
    const now = receivedAt.getTime();
    const found = checkLive(live, connection, now);
    const peak = live.grid?.monthPeak;
    const peakFound = found.length === 0 && peak ? checkMeterPeak(peak, connection, now) : [];
    if (found.length === 0 && peakFound.length === 0) return live;
    this.implausible += 1;
    const bucket = Math.floor(now / 600_000);
    recordAnomalies(
      this.deps.db,
      [...found, ...peakFound].map((f) => ({
        ...f,
        siteId,
        gatewayId,
        ts: receivedAt,
        source: 'live' as const,
        key: `live|${f.code}|${f.field}|${bucket}`,
      })),
    ).catch((err: Error) =>
      this.deps.logger.error({ site_id: siteId, err: err.message }, 'could not keep an implausible reading'),
    );
    if (found.length > 0) {
      this.deps.logger.warn({ site_id: siteId, anomalies: found }, 'implausible live reading dropped');
      return null;
    }
    const { monthPeak: _dropped, ...grid } = live.grid!;
    return { ...live, grid };
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
