import { describe, expect, it } from 'vitest';
import { QUARTER_MS, quarterStartsOfDay, startOfLocalDay } from './calendar';
import {
  billedAverageW,
  CAPACITY_RATES_EUR_PER_KW_YEAR,
  capacityCostEstimate,
  monthlyPeaks,
  peakOf,
  quarterAverageW,
  rollingCapacity,
  rollingMonths,
} from './capacity-tariff';

describe('capacity tariff', () => {
  it('a quarter average is Wh × 4', () => {
    expect(quarterAverageW(1_000)).toBe(4_000);
    expect(quarterAverageW(0)).toBe(0);
  });

  it('the 12-month billed average of the Wikibooks vector is 4.456 kW', () => {
    const kw = [0.632, 4.6, 0.0, 1.028, 3.444, 4.164, 4.564, 6.0, 9.2, 5.0, 4.12, 4.88];
    expect(billedAverageW(kw.map((k) => Math.round(k * 1000)))).toBe(4_456);
  });

  it('counts months under 2.5 kW as 2.5 kW and leaves months without data out', () => {
    expect(billedAverageW([1_000, 2_000, 3_000])).toBe(Math.round((2_500 + 2_500 + 3_000) / 3));
    expect(billedAverageW([null, 5_000])).toBe(5_000);
    expect(billedAverageW([null, null])).toBe(2_500);
    expect(billedAverageW([])).toBe(2_500);
  });

  it('three known months at 8 kW bill 8 kW, not 3.875 kW', () => {
    const r = rollingCapacity({ '2025-01': 8_000, '2025-02': 8_000, '2025-03': 8_000 }, '2025-03');
    expect(r.averageW).toBe(8_000);
    expect(r.knownMonths).toBe(3);
    expect(r.months.filter((m) => m.countedW === null)).toHaveLength(9);
  });

  it('finds the month peak with its quarter, earliest on a tie', () => {
    const day = quarterStartsOfDay('2024-10-27');
    const quarters = day.map((start, i) => ({
      start,
      importWh: i === 10 || i === 50 ? 1_200 : 100 + (i % 7),
    }));
    expect(peakOf(quarters)).toEqual({ start: day[10], averageW: 4_800 });
    expect(peakOf(quarters.toReversed())).toEqual({ start: day[10], averageW: 4_800 });
    expect(peakOf([])).toBeNull();
  });

  it('groups peaks by Brussels month (a quarter at 23:00 UTC on the last day belongs to the next month)', () => {
    const lastQuarterOfSeptemberUtc = Date.parse('2024-09-30T21:45:00Z'); // 23:45 local, September
    const firstQuarterOfOctober = Date.parse('2024-09-30T22:00:00Z'); // 00:00 local, October
    const peaks = monthlyPeaks([
      { start: firstQuarterOfOctober, importWh: 900 },
      { start: lastQuarterOfSeptemberUtc, importWh: 700 },
      { start: firstQuarterOfOctober + QUARTER_MS, importWh: 800 },
    ]);
    expect(peaks).toEqual([
      { month: '2024-09', start: lastQuarterOfSeptemberUtc, averageW: 2_800 },
      { month: '2024-10', start: firstQuarterOfOctober, averageW: 3_600 },
    ]);
  });

  it('a simulated year adds up through monthly peaks to the rolling average', () => {
    // One planted peak per month of 2024: month m peaks at 1500 + 500 m W on day 10 at 18:00 local.
    const quarters = [];
    for (let m = 1; m <= 12; m++) {
      const date = `2024-${String(m).padStart(2, '0')}-10`;
      const peakStart = startOfLocalDay(date) + 18 * 4 * QUARTER_MS;
      for (const start of quarterStartsOfDay(date)) {
        quarters.push({ start, importWh: start === peakStart ? (1500 + 500 * m) / 4 : 200 });
      }
    }
    const peaks = monthlyPeaks(quarters);
    expect(peaks).toHaveLength(12);
    expect(peaks[0]).toMatchObject({ month: '2024-01', averageW: 2_000 });
    const rolling = rollingCapacity(new Map(peaks.map((p) => [p.month, p.averageW])), '2024-12');
    expect(rolling.months.map((m) => m.countedW).slice(0, 3)).toEqual([2_500, 2_500, 3_000]);
    // Σ max(1500 + 500 m, 2500) for m = 1..12 = 2500 + 2500 + Σ_{m=3..12}(1500 + 500 m) = 5000 + 15000 + 37500.
    expect(rolling.averageW).toBe(Math.round(57_500 / 12));
  });

  it('the rolling window is the month and the 11 before it', () => {
    expect(rollingMonths('2025-03')).toEqual([
      '2024-04',
      '2024-05',
      '2024-06',
      '2024-07',
      '2024-08',
      '2024-09',
      '2024-10',
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
      '2025-03',
    ]);
    const r = rollingCapacity({ '2025-03': 6_000, '2024-04': 3_000, '2024-03': 99_000 }, '2025-03');
    expect(r.months.filter((m) => m.peakW !== null)).toHaveLength(2);
    expect(r.averageW).toBe(4_500); // (6000 + 3000) / 2: the ten months without data are left out
  });

  it('estimates the year cost from a €/kW/year rate', () => {
    expect(capacityCostEstimate(4_456, '40.40000')).toMatchObject({
      eurPerYear: '180.02',
      eurPerMonth: '15.00',
    });
    expect(
      capacityCostEstimate(2_500, CAPACITY_RATES_EUR_PER_KW_YEAR['flanders-average-2023']!.eurPerKwYear),
    ).toMatchObject({ eurPerYear: '101.00', eurPerMonth: '8.42' });
    expect(() => capacityCostEstimate(2_500, '40,4')).toThrow();
  });
});
