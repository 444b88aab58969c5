import { type Clock, realSleep, type Sleep, systemClock } from '../time/clock';

export interface RequestLimiterOptions {
  /** Sustained request rate; omit for no rate limit. */
  requestsPerSecond?: number;
  /** Requests allowed back to back before the rate applies (default 1: evenly spaced). */
  burst?: number;
  /** Requests in flight at once; omit for no bound. */
  maxConcurrent?: number;
}

export interface RequestLimiter {
  /** Runs `task` once a concurrency slot and a rate token are free (and any hold has passed). */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Holds every request not yet started until `until` — used when Fluvius answers 429 with Retry-After. */
  holdUntil(until: Date): void;
  stats(): { inFlight: number; waiting: number; started: number };
}

/**
 * A token bucket (as GCRA: one "theoretical arrival time" instead of a refilling counter) plus a semaphore. Waiting
 * is computed once and slept once, so an injected instant sleep never makes it spin.
 */
export function createRequestLimiter(
  options: RequestLimiterOptions,
  deps: { clock?: Clock; sleep?: Sleep } = {},
): RequestLimiter {
  const clock = deps.clock ?? systemClock;
  const sleep = deps.sleep ?? realSleep;
  const { requestsPerSecond, maxConcurrent } = options;
  if (requestsPerSecond !== undefined && !(requestsPerSecond > 0))
    throw new RangeError('requestsPerSecond must be > 0');
  if (maxConcurrent !== undefined && !(maxConcurrent >= 1))
    throw new RangeError('maxConcurrent must be >= 1');
  const interval = requestsPerSecond ? 1000 / requestsPerSecond : 0;
  const tolerance = (Math.max(1, options.burst ?? 1) - 1) * interval;

  let theoreticalArrival = 0;
  let heldUntil = 0;
  let inFlight = 0;
  let started = 0;
  const waiters: Array<() => void> = [];

  async function acquireSlot(): Promise<void> {
    if (maxConcurrent === undefined || inFlight < maxConcurrent) {
      inFlight++;
      return;
    }
    // The releasing task hands its slot over directly, so inFlight stays counted.
    await new Promise<void>((resolve) => waiters.push(resolve));
  }

  function releaseSlot(): void {
    const next = waiters.shift();
    if (next) next();
    else inFlight--;
  }

  function reserveRateToken(): number {
    if (!interval) return 0;
    const now = clock.now().getTime();
    const slot = Math.max(theoreticalArrival, now);
    theoreticalArrival = slot + interval;
    return Math.max(0, slot - tolerance - now);
  }

  return {
    async run(task) {
      await acquireSlot();
      try {
        const rateWait = reserveRateToken();
        if (rateWait > 0) await sleep(rateWait);
        const holdWait = heldUntil - clock.now().getTime();
        if (holdWait > 0) await sleep(holdWait);
        started++;
        return await task();
      } finally {
        releaseSlot();
      }
    },
    holdUntil(until) {
      heldUntil = Math.max(heldUntil, until.getTime());
    },
    stats: () => ({ inFlight, waiting: waiters.length, started }),
  };
}
