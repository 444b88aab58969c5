import { describe, expect, it } from 'vitest';
import { HOUR_MS, quarterStartsOfDay, startOfLocalDay } from './calendar';
import { cheapestHours, hourlyPrices, type PriceSlot, planCheapestHours } from './cheapest-hours';

const quarterSlots = (day: string, price: (i: number) => number): PriceSlot[] =>
  quarterStartsOfDay(day).map((t, i) => ({
    start: new Date(t).toISOString(),
    minutes: 15,
    eurPerMwh: price(i),
  }));

const hourSlots = (day: string, prices: number[]): PriceSlot[] => {
  const start = startOfLocalDay(day);
  return prices.map((p, i) => ({
    start: new Date(start + i * HOUR_MS).toISOString(),
    minutes: 60,
    eurPerMwh: p,
  }));
};

describe('hourly prices', () => {
  it('an hour is the mean of its quarters', () => {
    const q = [10.01, 20.02, 30.03, -0.01];
    const hours = hourlyPrices(
      quarterSlots('2025-11-05', (i) => q[i % 4]!),
      '2025-11-05',
    );
    expect(hours).toHaveLength(24);
    expect(hours[0]!.eurPerMwh).toBeCloseTo((10.01 + 20.02 + 30.03 - 0.01) / 4, 10);
    expect(hours[0]!.minutesPriced).toBe(60);
  });

  it('a 25-hour day has two 02:00 hours priced separately', () => {
    // Price = quarter index, so hour h costs 4h + 1.5 on average.
    const hours = hourlyPrices(
      quarterSlots('2025-10-26', (i) => i),
      '2025-10-26',
    );
    expect(hours).toHaveLength(25);
    expect(hours[2]).toMatchObject({ label: '02:00', eurPerMwh: 9.5 });
    expect(hours[3]).toMatchObject({ label: '02:00 (2)', eurPerMwh: 13.5 });
  });

  it('a 23-hour day from hourly slots', () => {
    const prices = Array.from({ length: 23 }, (_, i) => 50 + i);
    const hours = hourlyPrices(hourSlots('2024-03-31', prices), '2024-03-31');
    expect(hours.map((h) => h.label).slice(0, 3)).toEqual(['00:00', '01:00', '03:00']);
    expect(hours.map((h) => h.eurPerMwh)).toEqual(prices);
  });

  it('ignores slots of other days and leaves out unpriced hours', () => {
    const yesterday = hourSlots('2024-10-07', Array(24).fill(1));
    const partial = hourSlots('2024-10-08', [5, 6, 7]);
    const hours = hourlyPrices([...yesterday, ...partial], '2024-10-08');
    expect(hours.map((h) => h.eurPerMwh)).toEqual([5, 6, 7]);
  });
});

describe('cheapest hours', () => {
  it('picks the N cheapest, ties broken by the earliest hour, returned in time order', () => {
    const prices = [
      60, 40, 40, 70, 10, 40, 80, 90, 95, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    ];
    const plan = planCheapestHours(hourSlots('2024-10-08', prices), '2024-10-08', { hours: 3 });
    expect(plan.hours.map((h) => h.label)).toEqual(['01:00', '02:00', '04:00']);
    expect(plan.missing).toBe(0);
    expect(plan.meanEurPerMwh).toBe(30);
  });

  it('handles negative prices', () => {
    const prices = Array.from({ length: 24 }, (_, i) => (i === 13 ? -5.5 : i === 14 ? -0.01 : 20));
    const plan = planCheapestHours(hourSlots('2024-06-01', prices), '2024-06-01', { hours: 2 });
    expect(plan.hours.map((h) => h.localHour)).toEqual([13, 14]);
  });

  it('can choose the repeated 02:00 on a 25-hour day', () => {
    const slots = quarterSlots('2024-10-27', (i) => (i >= 12 && i < 16 ? -1 : i >= 8 && i < 12 ? 3 : 50));
    const plan = planCheapestHours(slots, '2024-10-27', { hours: 2 });
    expect(plan.hours.map((h) => h.label)).toEqual(['02:00', '02:00 (2)']);
    expect(plan.hours[1]!.eurPerMwh).toBe(-1);
  });

  it('plans all hours of a 23-hour day and reports what is missing', () => {
    const plan = planCheapestHours(
      quarterSlots('2026-03-29', () => 1),
      '2026-03-29',
      { hours: 24 },
    );
    expect(plan.hours).toHaveLength(23);
    expect(plan.missing).toBe(1);
  });

  it('restricts to a window (only whole hours inside it)', () => {
    const prices = Array.from({ length: 24 }, (_, i) => 100 - i); // later is cheaper
    const hourly = hourlyPrices(hourSlots('2024-10-08', prices), '2024-10-08');
    const deadline = startOfLocalDay('2024-10-08') + 7 * HOUR_MS + 30 * 60_000; // 07:30
    const plan = cheapestHours(hourly, { hours: 3, window: { to: deadline } });
    expect(plan.hours.map((h) => h.label)).toEqual(['04:00', '05:00', '06:00']);
    const from = cheapestHours(hourly, { hours: 2, window: { from: '2024-10-08T20:00:00+02:00' } });
    expect(from.hours.map((h) => h.label)).toEqual(['22:00', '23:00']);
  });

  it('skips incomplete hours unless asked otherwise', () => {
    const slots = quarterSlots('2025-11-05', () => 30).filter((_, i) => i !== 1);
    slots[0] = { ...slots[0]!, eurPerMwh: -100 };
    const hourly = hourlyPrices(slots, '2025-11-05');
    expect(hourly[0]!.minutesPriced).toBe(45);
    expect(cheapestHours(hourly, { hours: 1 }).hours[0]!.localHour).toBe(1);
    expect(cheapestHours(hourly, { hours: 1, minMinutesPriced: 15 }).hours[0]!.localHour).toBe(0);
  });
});
