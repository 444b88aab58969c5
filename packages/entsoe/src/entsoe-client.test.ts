import { instantOfLocal, planCheapestHours } from '@ilumen/energy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEntsoeClient, DEFAULT_BAN_MS, type EntsoeClientOptions } from './entsoe-client';
import {
  EntsoeAuthError,
  EntsoeHttpError,
  EntsoeNetworkError,
  EntsoeRateLimitError,
  EntsoeRequestError,
} from './entsoe-errors';
import { type EntsoeServer, startEntsoeServer } from './entsoe-server';
import { generateDayPrices } from './generated-prices';
import { renderAcknowledgementDocument } from './render-market-document';

// The real client against the local server over loopback HTTP, both on a clock the test moves.

const TOKEN = 'test-token-5e1d2c3b-aaaa-bbbb-cccc-123456789abc';
let clock = instantOfLocal('2026-12-31', 12, 0); // late enough that every test day is published
let server: EntsoeServer;
const warnings: string[] = [];

const client = (extra: Partial<EntsoeClientOptions> = {}) =>
  createEntsoeClient({
    baseUrl: server.url,
    securityToken: TOKEN,
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
    logger: { warn: (obj, msg) => warnings.push(JSON.stringify(obj) + (msg ?? '')) },
    ...extra,
  });

beforeAll(async () => {
  server = await startEntsoeServer({ securityToken: TOKEN, now: () => clock });
});
afterAll(async () => {
  await server.close();
});

describe('fixture days', () => {
  it('2024-10-08: the real hourly document, 24 slots', async () => {
    const result = await client().fetchDayAhead({ zone: 'BE', day: '2024-10-08' });
    expect(result).toMatchObject({ status: 'ok', minutes: 60, complete: true });
    expect(result.slots).toHaveLength(24);
    expect(result.slots[8]).toEqual({ start: '2024-10-08T06:00:00.000Z', minutes: 60, eurPerMwh: 100 });
    // Dynamic charging on it: the 3 cheapest hours are 04:00 (47.05), 03:00 (47.52) and 23:00 (50).
    const plan = planCheapestHours(result.slots, '2024-10-08', { hours: 3 });
    expect(plan.hours.map((h) => h.label)).toEqual(['03:00', '04:00', '23:00']);
  });

  it('2024-10-06: the edited quarter-hour document, gaps filled', async () => {
    const result = await client().fetchDayAhead({ zone: 'BE', day: '2024-10-06' });
    expect(result).toMatchObject({ status: 'ok', minutes: 15, complete: true });
    expect(result.slots).toHaveLength(96);
    expect(result.slots.slice(52, 61).map((s) => s.eurPerMwh)).toEqual([
      -0.01, -0.01, -0.01, -0.01, -0.01, -0.01, -0.01, -0.01, 0.2,
    ]);
    // Hour means: 13:00 and 14:00 are −0.01, 15:00 is 0.2, 12:00 is 5.25.
    const plan = planCheapestHours(result.slots, '2024-10-06', { hours: 3 });
    expect(plan.hours.map((h) => [h.label, h.eurPerMwh])).toEqual([
      ['13:00', -0.01],
      ['14:00', -0.01],
      ['15:00', 0.2],
    ]);
  });

  it('2024-10-07 comes from the edited document too (served as a composed document)', async () => {
    const result = await client().fetchDayAhead({ zone: 'BE', day: '2024-10-07' });
    expect(result.minutes).toBe(15);
    expect(result.slots[72]).toEqual({ start: '2024-10-07T16:00:00.000Z', minutes: 15, eurPerMwh: 159.2 });
  });
});

describe('generated days', () => {
  it('round-trip: what the client reads is what the generator made', async () => {
    for (const day of ['2025-06-14', '2025-11-05', '2024-02-29']) {
      const result = await client().fetchDayAhead({ zone: 'BE', day });
      expect(result.slots.map((s) => s.eurPerMwh)).toEqual(generateDayPrices(day));
    }
  });

  it('clock-change delivery days give 23/25 hours or 92/100 quarters', async () => {
    const cases = [
      ['2024-03-31', 60, 23],
      ['2024-10-27', 60, 25],
      ['2025-03-30', 60, 23],
      ['2025-10-26', 15, 100],
      ['2026-03-29', 15, 92],
      ['2026-10-25', 15, 100],
    ] as const;
    for (const [day, minutes, count] of cases) {
      const result = await client().fetchDayAhead({ zone: 'BE', day });
      expect(result, day).toMatchObject({ minutes, complete: true });
      expect(result.slots, day).toHaveLength(count);
    }
    const autumn = await client().fetchDayAhead({ zone: 'BE', day: '2025-10-26' });
    expect(autumn.slots[0]!.start).toBe('2025-10-25T22:00:00.000Z');
    expect(autumn.slots[99]!.start).toBe('2025-10-26T22:45:00.000Z');
    const plan = planCheapestHours(autumn.slots, '2025-10-26', { hours: 25 });
    expect(plan.hours.map((h) => h.label)).toContain('02:00 (2)');
  });

  it('a multi-day query gives one series per day', async () => {
    const doc = await client().fetchDayAheadDocument({
      zone: 'BE',
      start: instantOfLocal('2025-09-29'),
      end: instantOfLocal('2025-10-02'),
    });
    expect(doc?.series.map((s) => s.periods[0]!.minutes)).toEqual([60, 60, 15]);
  });
});

describe('publication time and no data', () => {
  it('tomorrow is "no data" before 13:00 Brussels and published after', async () => {
    const saved = clock;
    try {
      clock = instantOfLocal('2025-11-04', 12, 59);
      const before = await client().fetchDayAhead({ zone: 'BE', day: '2025-11-05' });
      expect(before).toEqual({
        zone: 'BE',
        day: '2025-11-05',
        status: 'no-data',
        minutes: null,
        slots: [],
        complete: false,
      });
      clock = instantOfLocal('2025-11-04', 13, 0);
      const after = await client().fetchDayAhead({ zone: 'BE', day: '2025-11-05' });
      expect(after.status).toBe('ok');
      expect(after.slots).toHaveLength(96);
    } finally {
      clock = saved;
    }
  });

  it('a "no data" acknowledgement sent with HTTP 400 is no data too', async () => {
    const ack = renderAcknowledgementDocument({
      mRID: 'x',
      createdAt: 0,
      reasonCode: '999',
      text: 'No matching data found for Data item Day-ahead Prices [12.1.D]',
    });
    const c = client({ fetch: async () => new Response(ack, { status: 400 }) });
    expect((await c.fetchDayAhead({ zone: 'BE', day: '2025-11-05' })).status).toBe('no-data');
  });

  it('other refusals are errors that carry the reason', async () => {
    const c = client({
      fetch: async (url) =>
        new Response(
          renderAcknowledgementDocument({
            mRID: 'x',
            createdAt: 0,
            reasonCode: '999',
            text: `bad query ${String(url)}`,
          }),
          { status: 400 },
        ),
    });
    const error = await c.fetchDayAhead({ zone: 'BE', day: '2025-11-05' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EntsoeRequestError);
    expect((error as EntsoeRequestError).reasonCode).toBe('999');
    expect((error as Error).message).not.toContain(TOKEN);
    expect((error as Error).message).toContain('securityToken=***');
  });
});

describe('faults', () => {
  it('429: a typed error with the retry-after, then no request until the ban is over', async () => {
    const c = client();
    server.faults.failNext(429, 1, { retryAfterSeconds: 600 });
    const error = await c.fetchDayAhead({ zone: 'BE', day: '2025-01-10' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EntsoeRateLimitError);
    expect((error as EntsoeRateLimitError).retryAfterMs).toBe(600_000);
    expect(c.bannedUntil()).toBe(clock + 600_000);

    const sentBefore = server.requestCount();
    clock += 9 * 60_000;
    const again = await c.fetchDayAhead({ zone: 'BE', day: '2025-01-10' }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(EntsoeRateLimitError);
    expect((again as EntsoeRateLimitError).retryAfterMs).toBe(60_000);
    expect(server.requestCount()).toBe(sentBefore); // it did not knock again

    clock += 60_000;
    expect(c.bannedUntil()).toBeNull();
    expect((await c.fetchDayAhead({ zone: 'BE', day: '2025-01-10' })).status).toBe('ok');
  });

  it('429 without Retry-After backs off for ENTSO-E’s 10-minute ban', async () => {
    const c = client({
      fetch: async () => new Response('Too Many Requests', { status: 429 }),
    });
    const error = await c.fetchDayAhead({ zone: 'BE', day: '2025-01-10' }).catch((e: unknown) => e);
    expect((error as EntsoeRateLimitError).retryAfterMs).toBe(DEFAULT_BAN_MS);
  });

  it('401: a bad-token error that does not reveal the token', async () => {
    const wrong = 'wrong-token-0000-secret';
    const error = await client({ securityToken: wrong })
      .fetchDayAhead({ zone: 'BE', day: '2025-01-10' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EntsoeAuthError);
    expect((error as Error).message).not.toContain(wrong);
    expect((error as Error).message).toMatch(/401/);
  });

  it('5xx: retried with backoff, then a clear error', async () => {
    const start = clock;
    server.faults.failNext(500, 2);
    expect((await client().fetchDayAhead({ zone: 'BE', day: '2025-01-11' })).status).toBe('ok');
    expect(clock - start).toBe(2_000 + 4_000); // the two waits, on the test clock

    server.faults.failNext(503, 3);
    const error = await client()
      .fetchDayAhead({ zone: 'BE', day: '2025-01-11' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EntsoeHttpError);
    expect((error as EntsoeHttpError).status).toBe(503);
    expect((error as Error).message).toContain('A44 BE 202501102300–202501112300');
  });

  it('unreachable: a network error, token redacted', async () => {
    const c = createEntsoeClient({
      baseUrl: 'http://127.0.0.1:1',
      securityToken: TOKEN,
      retries: 0,
      now: () => clock,
    });
    const error = await c.fetchDayAhead({ zone: 'BE', day: '2025-01-11' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EntsoeNetworkError);
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it('keeps its own request budget under the per-minute limit', async () => {
    const start = clock;
    const c = client({ maxRequestsPerMinute: 2 });
    for (let i = 0; i < 3; i++) await c.fetchDayAhead({ zone: 'BE', day: '2025-01-12' });
    expect(clock - start).toBe(60_000); // the third request waited for the window to pass
  });

  it('never logs the token', () => {
    expect(warnings.length).toBeGreaterThan(0);
    for (const w of warnings) expect(w).not.toContain(TOKEN);
  });

  it('refuses a bad input before sending anything', async () => {
    await expect(client().fetchDayAhead({ zone: 'BE', day: '2025-02-30' })).rejects.toThrow();
    // @ts-expect-error an unknown zone
    await expect(client().fetchDayAhead({ zone: 'XX', day: '2025-02-03' })).rejects.toThrow();
  });
});
