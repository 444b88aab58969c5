import { describe, expect, it } from 'vitest';
import { localParts, p1Stamp } from './brussels-time';
import { clearSkyGhi, pvPowerW, sunElevation } from './solar';

describe('Brussels sun and time', () => {
  it('puts the sun where it is over Brussels', () => {
    // solar noon is about 11:43 UTC; highest at midsummer (~62.6°), lowest at midwinter (~15.7°)
    expect(sunElevation(Date.parse('2024-06-21T11:43:00Z'))).toBeCloseTo(62.6, 0);
    expect(sunElevation(Date.parse('2024-12-21T11:43:00Z'))).toBeCloseTo(15.7, 0);
    expect(clearSkyGhi(Date.parse('2024-06-21T23:00:00Z'))).toBe(0);
    expect(clearSkyGhi(Date.parse('2024-06-21T11:43:00Z'))).toBeGreaterThan(800);
  });

  it('produces more on a summer day than a winter day, nothing at night, same for the same seed', () => {
    const day = (iso: string) => {
      let wh = 0;
      const t0 = Date.parse(iso);
      for (let t = t0; t < t0 + 86_400_000; t += 60_000) wh += pvPowerW(5, 42, t) / 60;
      return wh;
    };
    const juneWeek = [10, 11, 12, 13, 14, 15, 16].map((d) => day(`2024-06-${d}T00:00:00Z`));
    const decWeek = [10, 11, 12, 13, 14, 15, 16].map((d) => day(`2024-12-${d}T00:00:00Z`));
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
    expect(sum(juneWeek)).toBeGreaterThan(3 * sum(decWeek));
    // 5 kWp in Belgium: roughly 2–35 kWh a day depending on season and weather
    for (const d of [...juneWeek, ...decWeek]) expect(d).toBeLessThan(40_000);
    expect(pvPowerW(5, 42, Date.parse('2024-06-12T01:00:00Z'))).toBe(0);
    expect(pvPowerW(5, 42, Date.parse('2024-06-12T11:00:00Z'))).toBe(
      pvPowerW(5, 42, Date.parse('2024-06-12T11:00:00Z')),
    );
  });

  it('makes no PV before sunrise or after sunset over Belgium: nothing at 05:00 or 20:00 local on any December day', () => {
    for (let d = 1; d <= 31; d++) {
      const day = `2026-12-${String(d).padStart(2, '0')}`;
      // Brussels is UTC+1 in winter; the sun rises after 08:30 and sets before 16:45
      for (const utc of ['04:00', '06:30', '16:15', '19:00'])
        expect(pvPowerW(5, 42, Date.parse(`${day}T${utc}:00Z`))).toBe(0);
      expect(pvPowerW(5, 42, Date.parse(`${day}T11:00:00Z`))).toBeGreaterThan(0);
    }
  });

  it('stamps telegrams in Brussels local time with S/W across the clock changes', () => {
    expect(p1Stamp(Date.parse('2024-03-31T00:59:59Z'))).toBe('240331015959W');
    expect(p1Stamp(Date.parse('2024-03-31T01:00:00Z'))).toBe('240331030000S');
    expect(p1Stamp(Date.parse('2024-10-27T00:59:59Z'))).toBe('241027025959S');
    expect(p1Stamp(Date.parse('2024-10-27T01:00:00Z'))).toBe('241027020000W');
    expect(localParts(Date.parse('2024-06-15T22:30:00Z'))).toMatchObject({ day: 16, hour: 0, weekday: 0 });
  });
});
