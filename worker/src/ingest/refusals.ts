import type { Logger } from '@ilumen/logger';
import type { Redis } from 'ioredis';

/** How many refused messages per gateway the support desk can read back. */
export const KEEP_REFUSED = 50;

export function refusalKeys(prefix: string) {
  return {
    total: `${prefix}:ingest:refused:total`,
    perGateway: (serial: string) => `${prefix}:ingest:refused:gw:${serial}`,
    unknownSource: `${prefix}:ingest:refused:unknown`,
  };
}

export interface Refusal {
  at: string;
  topic: string;
  reason: string;
  sample: string;
}

/**
 * A message the ingest could not accept: counted, logged with its reason, and kept (the last ones per gateway) for the
 * support desk's troubleshooting page. Never thrown: one bad message must not stop the others.
 */
export class Refusals {
  private readonly keys: ReturnType<typeof refusalKeys>;
  count = 0;
  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly logger: Logger,
  ) {
    this.keys = refusalKeys(prefix);
  }

  record(serial: string | null, topic: string, reason: string, payload: Buffer | string): void {
    this.count++;
    const entry: Refusal = { at: new Date().toISOString(), topic, reason, sample: payload.toString().slice(0, 500) };
    const key = serial ? this.keys.perGateway(serial) : this.keys.unknownSource;
    this.logger.warn({ gateway: serial, topic, reason }, 'message refused');
    this.redis
      .multi()
      .incr(this.keys.total)
      .lpush(key, JSON.stringify(entry))
      .ltrim(key, 0, KEEP_REFUSED - 1)
      .expire(key, 7 * 24 * 3600)
      .exec()
      .catch((err: Error) => this.logger.error({ err: err.message }, 'could not store a refusal'));
  }
}
