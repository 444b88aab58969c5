import { describe, expect, it } from 'vitest';
import { DAY_MS, daysFromCivil, HOUR_MS } from './civil-date';
import { createZoneOffsets } from './zone-offsets';

describe('Europe/Brussels by the EU summer-time rule', () => {
  const rule = createZoneOffsets('Europe/Brussels');
  const tz = createZoneOffsets('Europe/Brussels', { source: 'tz-database' });

  it('has the offset the tz database gives, every hour from 1996 to 2100', () => {
    const mismatches: string[] = [];
    for (let year = 1996; year <= 2100; year++) {
      const end = daysFromCivil(year + 1, 1, 1) * DAY_MS;
      for (let t = daysFromCivil(year, 1, 1) * DAY_MS; t < end; t += HOUR_MS) {
        // and the minute before each hour, so a change at any other minute would show too
        for (const at of [t - 60_000, t]) {
          if (rule.offsetAt(at) !== tz.offsetAt(at)) mismatches.push(new Date(at).toISOString());
        }
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('reads wall-clock times around both clock changes as the tz database does', () => {
    for (const local of [
      '2026-03-29T01:59:00Z',
      '2026-03-29T02:30:00Z', // in the spring gap
      '2026-03-29T03:00:00Z',
      '2026-10-25T02:30:00Z', // the autumn repeat: the earlier instant
      '2026-10-25T03:00:00Z',
      '2026-12-31T23:45:00Z',
    ]) {
      expect(rule.utcFromLocal(Date.parse(local))).toBe(tz.utcFromLocal(Date.parse(local)));
    }
  });

  it('reads a year before the rule from the tz database', () => {
    expect(rule.offsetAt(Date.parse('1980-07-01T00:00:00Z'))).toBe(
      tz.offsetAt(Date.parse('1980-07-01T00:00:00Z')),
    );
  });
});
