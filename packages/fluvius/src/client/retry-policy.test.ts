import { describe, expect, it } from 'vitest';
import { isRetryableStatus, parseRetryAfterMs } from './retry-policy';

describe('retry policy', () => {
  it('retries 408, 429 and 5xx only', () => {
    expect([200, 400, 401, 403, 404, 408, 429, 500, 503, 599].filter(isRetryableStatus)).toEqual([
      408, 429, 500, 503, 599,
    ]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2024-11-05T09:00:00Z');
    expect(parseRetryAfterMs('3', now)).toBe(3000);
    expect(parseRetryAfterMs('0.5', now)).toBe(500);
    expect(parseRetryAfterMs('Tue, 05 Nov 2024 09:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs(undefined, now)).toBeNull();
    expect(parseRetryAfterMs('soon', now)).toBeNull();
  });
});
