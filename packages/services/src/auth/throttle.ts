import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppError } from '../errors';

export interface ThrottleRule {
  /** Failures allowed inside the window before the key is locked. */
  limit: number;
  windowSeconds: number;
}

export const LOGIN_PER_ACCOUNT: ThrottleRule = { limit: 5, windowSeconds: 15 * 60 };
export const LOGIN_PER_IP: ThrottleRule = { limit: 30, windowSeconds: 15 * 60 };
export const RESET_PER_ACCOUNT: ThrottleRule = { limit: 3, windowSeconds: 60 * 60 };
export const RESET_PER_IP: ThrottleRule = { limit: 20, windowSeconds: 60 * 60 };

/** Counts attempts per key in Redis, so several portal processes share one count. Keys hold no raw e-mail. */
export class Throttle {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  key(kind: string, subject: string): string {
    return `${this.prefix}:throttle:${kind}:${createHash('sha256').update(subject.toLowerCase()).digest('hex').slice(0, 32)}`;
  }

  /** Throws "rate limited" (with the minutes left) when a key is over its limit. */
  async check(entries: Array<{ key: string; rule: ThrottleRule }>): Promise<void> {
    for (const { key, rule } of entries) {
      const replies = await this.redis.multi().get(key).ttl(key).exec();
      const count = Number(replies?.[0]?.[1] ?? 0);
      const ttl = Number(replies?.[1]?.[1] ?? 0);
      if (count >= rule.limit) {
        throw new AppError('rate_limited', 'auth.login.throttled', {
          minutes: Math.max(1, Math.ceil(Math.max(ttl, 1) / 60)),
        });
      }
    }
  }

  async hit(entries: Array<{ key: string; rule: ThrottleRule }>): Promise<void> {
    const multi = this.redis.multi();
    for (const { key, rule } of entries) {
      multi.incr(key);
      multi.expire(key, rule.windowSeconds, 'NX');
    }
    await multi.exec();
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(key);
  }
}
