import { describe, expect, it } from 'vitest';
import { createManualClock, createRecordingSleep } from '../testing';
import { createRequestLimiter } from './rate-limiter';

const START = new Date('2024-01-01T00:00:00Z');

describe('createRequestLimiter', () => {
  it('spaces requests evenly at the configured rate', async () => {
    const clock = createManualClock(START);
    const sleep = createRecordingSleep({ clock });
    const limiter = createRequestLimiter({ requestsPerSecond: 10 }, { clock, sleep });
    const startedAt: number[] = [];
    for (let i = 0; i < 5; i++)
      await limiter.run(async () => startedAt.push(clock.now().getTime() - START.getTime()));
    expect(startedAt).toEqual([0, 100, 200, 300, 400]);
  });

  it('lets a burst through, then applies the rate', async () => {
    const clock = createManualClock(START);
    const sleep = createRecordingSleep();
    const limiter = createRequestLimiter({ requestsPerSecond: 4, burst: 3 }, { clock, sleep });
    await Promise.all(Array.from({ length: 6 }, () => limiter.run(async () => {})));
    expect(sleep.calls).toEqual([250, 500, 750]);
  });

  it('never runs more than maxConcurrent tasks at once', async () => {
    const limiter = createRequestLimiter({ maxConcurrent: 3 });
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limiter.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 2));
          running--;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(limiter.stats()).toEqual({ inFlight: 0, waiting: 0, started: 20 });
  });

  it('releases the slot when a task fails', async () => {
    const limiter = createRequestLimiter({ maxConcurrent: 1 });
    await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
  });

  it('holds every request until a Retry-After has passed', async () => {
    const clock = createManualClock(START);
    const sleep = createRecordingSleep({ clock });
    const limiter = createRequestLimiter({}, { clock, sleep });
    limiter.holdUntil(new Date(START.getTime() + 2000));
    await limiter.run(async () => {});
    expect(sleep.calls).toEqual([2000]);
    await limiter.run(async () => {});
    expect(sleep.calls).toEqual([2000]);
  });
});
