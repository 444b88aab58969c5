import type { Logger } from '@ilumen/logger';
import { gatewayKeys, KEEP_REFUSED, type RefusedMessage } from '@ilumen/services';
import type { Redis } from 'ioredis';

export { KEEP_REFUSED };
export type Refusal = RefusedMessage;

/** The ingest's refusal keys (they live with the services, which read them for the support desk and the alarms). */
export function refusalKeys(prefix: string) {
  const keys = gatewayKeys(prefix);
  return {
    total: keys.refusedTotal,
    perGateway: keys.refused,
    unknownSource: keys.refusedUnknown,
    recent: keys.refusedRecent,
  };
}

/**
 * A message the ingest could not accept: counted, logged with its reason, and kept (the last ones per gateway) for the
 * support desk's troubleshooting page; when the gateway's last refusal was is kept in a sorted set, so the alarm
 * evaluation finds the gateways with recent refusals without reading every list. The promise settles when Redis has
 * it (the message is acknowledged then); while Redis is away it waits.
 */
export class Refusals {
  private readonly keys: ReturnType<typeof refusalKeys>;
  count = 0;
  /** Told each refusal's reason (metrics). */
  onRecord?: (reason: string) => void;
  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.keys = refusalKeys(prefix);
  }

  async record(
    serial: string | null,
    topic: string,
    reason: string,
    payload: Buffer | string,
  ): Promise<void> {
    this.count++;
    this.onRecord?.(reason);
    const at = this.now();
    const entry: Refusal = { at: at.toISOString(), topic, reason, sample: payload.toString().slice(0, 500) };
    const key = serial ? this.keys.perGateway(serial) : this.keys.unknownSource;
    this.logger.warn({ gateway: serial, topic, reason }, 'message refused');
    const multi = this.redis
      .multi()
      .incr(this.keys.total)
      .lpush(key, JSON.stringify(entry))
      .ltrim(key, 0, KEEP_REFUSED - 1)
      .expire(key, 7 * 24 * 3600);
    if (serial) multi.zadd(this.keys.recent, at.getTime(), serial);
    await multi.exec();
  }
}
