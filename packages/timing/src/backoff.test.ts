import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff';

describe('backoff', () => {
  const backoff = { baseMs: 1000, maxMs: 60_000 };

  it('doubles from the first retry and stops at the cap', () => {
    expect([1, 2, 3, 4, 7, 8, 50].map((a) => backoffDelayMs(a, backoff))).toEqual([
      1000, 2000, 4000, 8000, 60_000, 60_000, 60_000,
    ]);
  });

  it('with jitter waits between half the step and the whole step', () => {
    expect(backoffDelayMs(3, backoff, () => 0)).toBe(2000);
    expect(backoffDelayMs(3, backoff, () => 0.999999)).toBe(4000);
    expect(backoffDelayMs(3, backoff, () => 0.5)).toBe(3000);
  });
});
