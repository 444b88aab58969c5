import { describe, expect, it } from 'vitest';
import { divRound, formatDecimal, normalizeDecimal, parseDecimal, rescale } from './decimal';

describe('decimal', () => {
  it('parses and formats exactly', () => {
    expect(parseDecimal('0.31234', 5)).toBe(31234n);
    expect(parseDecimal('-0.05', 5)).toBe(-5000n);
    expect(parseDecimal('12', 2)).toBe(1200n);
    expect(formatDecimal(31234n, 5)).toBe('0.31234');
    expect(formatDecimal(-5n, 2)).toBe('-0.05');
    expect(formatDecimal(123456n, 2)).toBe('1234.56');
    expect(formatDecimal(7n, 0)).toBe('7');
    expect(normalizeDecimal('0.3', 5)).toBe('0.30000');
  });

  it('refuses what it cannot represent', () => {
    expect(() => parseDecimal('0.123456', 5)).toThrow(/decimals/);
    expect(() => parseDecimal('1e3', 5)).toThrow();
    expect(() => parseDecimal('', 5)).toThrow();
    expect(() => parseDecimal('0,5', 5)).toThrow();
  });

  it('rounds half away from zero', () => {
    expect(divRound(15n, 10n)).toBe(2n);
    expect(divRound(14n, 10n)).toBe(1n);
    expect(divRound(-15n, 10n)).toBe(-2n);
    expect(divRound(-14n, 10n)).toBe(-1n);
    expect(rescale(123_449_999n, 8, 2)).toBe(123n);
    expect(rescale(123_500_000n, 8, 2)).toBe(124n);
    expect(rescale(5n, 2, 5)).toBe(5000n);
  });

  it('does not drift where floats do', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004.
    expect(formatDecimal(parseDecimal('0.1', 5) + parseDecimal('0.2', 5), 5)).toBe('0.30000');
  });
});
