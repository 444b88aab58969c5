import { addDays, hourlyPrices, quarterStartsOfDay } from '@ilumen/energy';
import { describe, expect, it } from 'vitest';
import { generateDayPrices, resolutionForDay } from './generated-prices';
import { compressA03 } from './render-market-document';

describe('generated day-ahead prices', () => {
  it('are the same for the same date and differ between dates', () => {
    expect(generateDayPrices('2025-06-15')).toEqual(generateDayPrices('2025-06-15'));
    expect(generateDayPrices('2025-06-15')).not.toEqual(generateDayPrices('2025-06-16'));
  });

  it('follow the market resolution: hourly before 2025-10-01, quarter-hourly from then on', () => {
    expect(resolutionForDay('2025-09-30')).toBe(60);
    expect(resolutionForDay('2025-10-01')).toBe(15);
    expect(generateDayPrices('2025-09-30')).toHaveLength(24);
    expect(generateDayPrices('2025-10-01')).toHaveLength(96);
  });

  it('have one price per slot on clock-change days', () => {
    expect(generateDayPrices('2024-03-31')).toHaveLength(23);
    expect(generateDayPrices('2024-10-27')).toHaveLength(25);
    expect(generateDayPrices('2025-10-26')).toHaveLength(100);
    expect(generateDayPrices('2026-03-29')).toHaveLength(92);
  });

  it('have a daily shape: evening above night and midday on average; sometimes negative; repeats to omit', () => {
    let evening = 0;
    let night = 0;
    let midday = 0;
    let negativeDays = 0;
    let omitted = 0;
    let day = '2025-10-01';
    for (let i = 0; i < 365; i++, day = addDays(day, 1)) {
      const prices = generateDayPrices(day);
      // Every day from 2025-10-01 on is quarter-hourly.
      const slots = quarterStartsOfDay(day).map((t, k) => ({
        start: new Date(t).toISOString(),
        minutes: 15 as const,
        eurPerMwh: prices[k]!,
      }));
      const hours = hourlyPrices(slots, day);
      const at = (h: number) => hours.find((x) => x.localHour === h && x.occurrence === 1)?.eurPerMwh ?? 0;
      evening += at(19);
      night += at(3);
      midday += at(13);
      if (prices.some((p) => p < 0)) negativeDays++;
      omitted += prices.length - compressA03(prices).length;
      expect(prices.every((p) => Math.round(p * 100) / 100 === p)).toBe(true);
    }
    expect(evening).toBeGreaterThan(night);
    expect(evening).toBeGreaterThan(midday);
    expect(negativeDays).toBeGreaterThan(0);
    expect(negativeDays).toBeLessThan(200);
    expect(omitted).toBeGreaterThan(365 * 10);
  });
});
