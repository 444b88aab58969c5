import { describe, expect, it } from 'vitest';
import { effectiveFromForSaveAt, type TariffEntry, tariffEntrySchema, tariffForDay } from './tariffs';

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
  });

  it('validates prices as 5-decimal strings', () => {
    expect(tariffEntrySchema.safeParse(history[0]).success).toBe(true);
    expect(tariffEntrySchema.safeParse({ ...history[0], importEurPerKwh: 0.3 }).success).toBe(false);
    expect(tariffEntrySchema.safeParse({ ...history[0], importEurPerKwh: '0.123456' }).success).toBe(false);
    expect(tariffEntrySchema.safeParse({ ...history[0], effectiveFrom: '2024-02-30' }).success).toBe(false);
  });
});
