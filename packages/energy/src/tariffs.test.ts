import { describe, expect, it } from 'vitest';
import { dayBuckets, weekRange } from './calendar';
import {
  costOfDays,
  effectiveFromForSaveAt,
  type TariffEntry,
  tariffEntrySchema,
  tariffForDay,
} from './tariffs';

const history: TariffEntry[] = [
  { effectiveFrom: '2024-01-01', importEurPerKwh: '0.30000', exportEurPerKwh: '0.04000' },
  // Saved on Wednesday 2024-10-23 → applies from Thursday.
  { effectiveFrom: '2024-10-24', importEurPerKwh: '0.25123', exportEurPerKwh: '0.02500' },
];

describe('tariff history', () => {
  it('a tariff saved today applies from the next Brussels day', () => {
    expect(effectiveFromForSaveAt(Date.parse('2024-10-23T15:00:00Z'))).toBe('2024-10-24');
    // 23:30 local on the 23rd is still the 23rd in Brussels although UTC already says 21:30.
    expect(effectiveFromForSaveAt('2024-10-23T23:30:00+02:00')).toBe('2024-10-24');
    // 00:30 local on the 24th (22:30 UTC on the 23rd) is the 24th in Brussels.
    expect(effectiveFromForSaveAt('2024-10-23T22:30:00Z')).toBe('2024-10-25');
    // Across the autumn change and the year end.
    expect(effectiveFromForSaveAt('2024-10-27T01:30:00Z')).toBe('2024-10-28');
    expect(effectiveFromForSaveAt('2024-12-31T22:59:00Z')).toBe('2025-01-01');
  });

  it('picks the entry in force', () => {
    expect(tariffForDay(history, '2023-12-31')).toBeNull();
    expect(tariffForDay(history, '2024-10-23')?.importEurPerKwh).toBe('0.30000');
    expect(tariffForDay(history, '2024-10-24')?.importEurPerKwh).toBe('0.25123');
    const twiceSameDay = [...history, { ...history[1]!, importEurPerKwh: '0.26000' }];
    expect(tariffForDay(twiceSameDay, '2024-11-01')?.importEurPerKwh).toBe('0.26000');
    expect(costOfDays(twiceSameDay, [{ date: '2024-11-01', importWh: 1000, exportWh: 0 }]).netEur).toBe(
      '0.26',
    );
  });

  it('validates prices as 5-decimal strings', () => {
    expect(tariffEntrySchema.safeParse(history[0]).success).toBe(true);
    expect(tariffEntrySchema.safeParse({ ...history[0], importEurPerKwh: 0.3 }).success).toBe(false);
    expect(tariffEntrySchema.safeParse({ ...history[0], importEurPerKwh: '0.123456' }).success).toBe(false);
    expect(tariffEntrySchema.safeParse({ ...history[0], effectiveFrom: '2024-02-30' }).success).toBe(false);
  });
});

describe('cost of a period', () => {
  it('costs each day of a week at the price in force that day when the tariff changes mid-week', () => {
    const week = weekRange('2024-10-23'); // Mon 21 … Sun 27 (25 h)
    const days = dayBuckets(week).map((d, i) => ({
      date: d.date,
      importWh: 10_000 + i * 1_000,
      exportWh: 2_000,
    }));
    const cost = costOfDays(history, days);
    expect(cost.days.map((d) => d.tariff?.effectiveFrom)).toEqual([
      '2024-01-01',
      '2024-01-01',
      '2024-01-01',
      '2024-10-24',
      '2024-10-24',
      '2024-10-24',
      '2024-10-24',
    ]);
    // Mon–Wed: (10+11+12) kWh × 0.30 = 9.90; export 3 × 2 kWh × 0.04 = 0.24.
    // Thu–Sun: (13+14+15+16) kWh × 0.25123 = 14.57134; export 4 × 2 kWh × 0.025 = 0.20.
    expect(cost.importEur).toBe('24.47'); // 24.47134
    expect(cost.exportEur).toBe('0.44');
    expect(cost.netEur).toBe('24.03'); // 24.03134
    expect(cost.days[3]).toMatchObject({ importEur: '3.27', exportEur: '0.05', netEur: '3.22' }); // 3.26599 − 0.05
    expect(cost.daysWithoutTariff).toEqual([]);
  });

  it('rounds once at the end, not per day', () => {
    // 3 days of 1.5 cents: rounding per day would give 0.06; the exact 0.045 rounds to 0.05.
    const h: TariffEntry[] = [
      { effectiveFrom: '2024-01-01', importEurPerKwh: '0.15000', exportEurPerKwh: '0' },
    ];
    const days = ['2024-05-01', '2024-05-02', '2024-05-03'].map((date) => ({
      date,
      importWh: 100,
      exportWh: 0,
    }));
    const cost = costOfDays(h, days);
    expect(cost.days.map((d) => d.netEur)).toEqual(['0.02', '0.02', '0.02']);
    expect(cost.netEur).toBe('0.05');
  });

  it('can be negative (net revenue) and reports days before the first tariff', () => {
    const cost = costOfDays(history, [
      { date: '2023-12-31', importWh: 5_000, exportWh: 0 },
      { date: '2024-06-01', importWh: 1_000, exportWh: 20_000 },
    ]);
    expect(cost.netEur).toBe('-0.50'); // 0.30 − 0.80
    expect(cost.daysWithoutTariff).toEqual(['2023-12-31']);
    expect(cost.days[0]!.tariff).toBeNull();
  });

  it('keeps exact sums over a large month', () => {
    const h: TariffEntry[] = [
      { effectiveFrom: '2024-01-01', importEurPerKwh: '0.33333', exportEurPerKwh: '0.01111' },
    ];
    const days = Array.from({ length: 31 }, (_, i) => ({
      date: `2024-01-${String(i + 1).padStart(2, '0')}`,
      importWh: 123_457,
      exportWh: 9_999,
    }));
    // 31 × 123457 × 33333 − 31 × 9999 × 1111 = 127 570 957 611 − 344 375 559 units of 1e-8 € = 1272.26582052 €.
    expect(costOfDays(h, days).netEur).toBe('1272.27');
  });
});
