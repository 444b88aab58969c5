import { describe, expect, it } from 'vitest';
import { decimal, hexAscii, monthBefore, p1Time, scaledInt } from './p1-values';

describe('p1Time', () => {
  it('S is CEST (UTC+2), W is CET (UTC+1)', () => {
    expect(p1Time('230831181500S')).toBe('2023-08-31T16:15:00.000Z');
    expect(p1Time('231102121548W')).toBe('2023-11-02T11:15:48.000Z');
  });

  it('carries across midnight, month, leap day and year ends', () => {
    expect(p1Time('230901000000S')).toBe('2023-08-31T22:00:00.000Z');
    expect(p1Time('240301003000W')).toBe('2024-02-29T23:30:00.000Z');
    expect(p1Time('230301003000W')).toBe('2023-02-28T23:30:00.000Z');
    expect(p1Time('240101000000W')).toBe('2023-12-31T23:00:00.000Z');
  });

  it('agrees with the Date arithmetic for every hour of a year', () => {
    for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2024, 0, 2); t += 3_600_000 + 61_000) {
      const local = new Date(t + 3_600_000); // as a W stamp
      const stamp = local.toISOString().replace(/[-:T]/g, '').slice(2, 14);
      expect(p1Time(`${stamp}W`)).toBe(new Date(Math.floor(t / 1000) * 1000).toISOString());
    }
  });

  it('the autumn repeated hour: 02:30 S and 02:30 W are an hour apart', () => {
    expect(p1Time('231029023000S')).toBe('2023-10-29T00:30:00.000Z');
    expect(p1Time('231029023000W')).toBe('2023-10-29T01:30:00.000Z');
  });

  it('the empty-month stamp is null; malformed stamps are undefined', () => {
    expect(p1Time('632525252525W')).toBeNull();
    expect(p1Time('632525252525S')).toBeNull();
    for (const bad of [
      '',
      '2308311815S',
      '230831181500X',
      '230831181500',
      '231331181500S',
      '230229120000W',
      '230831246000S',
      '23o831181500S',
    ]) {
      expect(p1Time(bad), bad).toBeUndefined();
    }
    expect(p1Time('240229120000W')).toBe('2024-02-29T11:00:00.000Z');
  });
});

describe('number fields', () => {
  it('scaledInt is exact integer arithmetic', () => {
    expect(scaledInt('000301.548', 3)).toBe(301548);
    expect(scaledInt('00.338', 3)).toBe(338);
    expect(scaledInt('999.9', 3)).toBe(999900);
    expect(scaledInt('0001', 0)).toBe(1);
    expect(scaledInt('1.2345', 3)).toBe(1235); // rounded, for a meter that sends more decimals
    for (const bad of ['', '.', '1.2.3', '12a', '-1', ' 1']) expect(scaledInt(bad, 3), bad).toBeUndefined();
  });

  it('decimal keeps the shortest representation', () => {
    expect(decimal('232.9')).toBe(232.9);
    expect(decimal('000.27')).toBe(0.27);
    expect(decimal('002')).toBe(2);
    expect(decimal('00092.287')).toBe(92.287);
    expect(decimal('x')).toBeUndefined();
  });
});

describe('hexAscii', () => {
  it('decodes serials and EANs', () => {
    expect(hexAscii('3153414733313031303231363035')).toBe('1SAG3101021605');
    expect(hexAscii('353431343430303132333435363738393030')).toBe('541440012345678900');
  });

  it('keeps what is not printable hex-ASCII as sent', () => {
    expect(hexAscii('ABC')).toBe('ABC');
    expect(hexAscii('0001')).toBe('0001');
    expect(hexAscii('Hello!')).toBe('Hello!');
  });
});

describe('monthBefore', () => {
  it('wraps January to December of the year before', () => {
    expect(monthBefore('230101000000W')).toBe('2022-12');
    expect(monthBefore('231101000000W')).toBe('2023-10');
  });
});
