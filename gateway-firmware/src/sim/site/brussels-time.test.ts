import { describe, expect, it } from 'vitest';
import { localDayIndex, localDayStart, localMonth, nextMonthStart, p1Stamp } from './brussels-time';

describe("the simulated meter's Brussels time", () => {
  it('stamps telegrams in local time with S/W across the autumn change (02:00–03:00 twice)', () => {
    expect(p1Stamp(Date.parse('2026-10-25T00:30:00Z'))).toBe('261025023000S');
    expect(p1Stamp(Date.parse('2026-10-25T01:30:00Z'))).toBe('261025023000W');
    expect(p1Stamp(Date.parse('2026-03-29T00:59:59Z'))).toBe('260329015959W');
    expect(p1Stamp(Date.parse('2026-03-29T01:00:00Z'))).toBe('260329030000S');
  });

  it('counts days and months in Brussels: 23 and 25 hour days, month starts at local midnight', () => {
    const spring = localDayIndex(Date.parse('2026-03-29T12:00:00Z'));
    expect(localDayStart(spring + 1) - localDayStart(spring)).toBe(23 * 3_600_000);
    const autumn = localDayIndex(Date.parse('2026-10-25T12:00:00Z'));
    expect(localDayStart(autumn + 1) - localDayStart(autumn)).toBe(25 * 3_600_000);
    expect(new Date(localDayStart(autumn)).toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(localMonth(Date.parse('2026-11-30T23:30:00Z'))).toBe('2026-12');
    expect(new Date(nextMonthStart(Date.parse('2026-10-15T12:00:00Z'))).toISOString()).toBe(
      '2026-10-31T23:00:00.000Z',
    );
    expect(new Date(nextMonthStart(Date.parse('2026-12-31T23:30:00Z'))).toISOString()).toBe(
      '2027-01-31T23:00:00.000Z',
    );
  });
});
