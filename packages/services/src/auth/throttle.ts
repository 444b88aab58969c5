import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppError } from '../errors';

export interface ThrottleRule {
  /** Attempts allowed inside the window (failed ones, and ones still being checked). */
  limit: number;
  windowSeconds: number;
}

export const LOGIN_PER_ACCOUNT: ThrottleRule = { limit: 5, windowSeconds: 15 * 60 };
export const LOGIN_PER_IP: ThrottleRule = { limit: 30, windowSeconds: 15 * 60 };
export const RESET_PER_ACCOUNT: ThrottleRule = { limit: 3, windowSeconds: 60 * 60 };
export const RESET_PER_IP: ThrottleRule = { limit: 20, windowSeconds: 60 * 60 };

export interface ThrottleEntry {
  key: string;
  rule: ThrottleRule;
}

/**
 * Takes one attempt from every key, or from none: when any key is at its limit nothing is counted and the reply
 * names that key's position (1-based) and the seconds left on it. One script, so no two callers can both see the
 * last free attempt (a check followed by a later increment let 40 batched logins through where 5 were allowed).
 */
const RESERVE = `
for i = 1, #KEYS do
  local n = tonumber(redis.call('GET', KEYS[i]) or '0')
  if n >= tonumber(ARGV[2 * i - 1]) then return {i, redis.call('TTL', KEYS[i])} end
end
for i = 1, #KEYS do
  redis.call('INCR', KEYS[i])
  redis.call('EXPIRE', KEYS[i], ARGV[2 * i], 'NX')
end
return {0, 0}`;

/** Gives an attempt back (it succeeded), never below zero and never onto a key that has expired meanwhile. */
const RELEASE = `
for i = 1, #KEYS do
  local n = tonumber(redis.call('GET', KEYS[i]) or '0')
  if n > 0 then redis.call('DECR', KEYS[i]) end
end
return 0`;

/**
 * Counts attempts per key in Redis, so several portal processes share one count. Keys hold no raw e-mail.
 *
 * An attempt is reserved before the secret is checked (`reserve`), atomically across all its keys: however many
 * requests arrive at once, no more checks run than the limit allows. A successful attempt hands its reservation back
 * (`release`) or clears the key (`reset`); a failed one keeps it until the window ends.
 */
export class Throttle {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  key(kind: string, subject: string): string {
    return `${this.prefix}:throttle:${kind}:${createHash('sha256').update(subject.toLowerCase()).digest('hex').slice(0, 32)}`;
  }

  /**
   * Takes an attempt from each key, or throws "rate limited" (with the minutes left) without taking any when one of
   * them is at its limit.
   */
  async reserve(entries: ThrottleEntry[]): Promise<void> {
    const args = entries.flatMap((e) => [String(e.rule.limit), String(e.rule.windowSeconds)]);
    const [blocked, ttl] = (await this.redis.eval(
      RESERVE,
      entries.length,
      ...entries.map((e) => e.key),
      ...args,
    )) as [number, number];
    if (blocked > 0) {
      throw new AppError('rate_limited', 'auth.login.throttled', {
        minutes: Math.max(1, Math.ceil(Math.max(ttl, 1) / 60)),
      });
    }
  }

  /** Hands the attempts back: they were not failures (the password was right). */
  async release(entries: ThrottleEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.redis.eval(RELEASE, entries.length, ...entries.map((e) => e.key));
  }

  /** Forgets every attempt on a key (a correct secret ends the lock on that account). */
  async reset(key: string): Promise<void> {
    await this.redis.del(key);
  }
}
