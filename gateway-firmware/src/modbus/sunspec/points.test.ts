import { describe, expect, it } from 'vitest';
import {
  acc32,
  acc64,
  bitfield16,
  enum16,
  int16,
  int32,
  scaled,
  string,
  sunssf,
  uint16,
  uint32,
  uint64,
} from './points';

describe('SunSpec "not implemented" values', () => {
  it('read as null for every type', () => {
    expect(int16([0x8000], 0)).toBeNull();
    expect(uint16([0xffff], 0)).toBeNull();
    expect(enum16([0xffff], 0)).toBeNull();
    expect(bitfield16([0xffff], 0)).toBeNull();
    expect(int32([0x8000, 0x0000], 0)).toBeNull();
    expect(uint32([0xffff, 0xffff], 0)).toBeNull();
    expect(acc32([0, 0], 0)).toBeNull();
    expect(acc64([0, 0, 0, 0], 0)).toBeNull();
    expect(uint64([0xffff, 0xffff, 0xffff, 0xffff], 0)).toBeNull();
    expect(sunssf([0x8000], 0)).toBeNull();
    expect(string([0, 0, 0], 0, 3)).toBeNull();
  });

  it('leave real values alone, including the neighbours of the sentinels', () => {
    expect(int16([0x8001], 0)).toBe(-32767);
    expect(uint16([0xfffe], 0)).toBe(65534);
    expect(int32([0x8000, 0x0001], 0)).toBe(-2147483647);
    expect(acc32([0, 1], 0)).toBe(1);
    expect(sunssf([0xfffe], 0)).toBe(-2);
    expect(string([0x4100], 0, 1)).toBe('A');
  });

  it('treats an out-of-range scale factor as missing', () => {
    expect(sunssf([100], 0)).toBeNull();
  });
});

describe('scaled', () => {
  it('applies 10^sf exactly for negative exponents', () => {
    expect(scaled(1234, -1)).toBe(123.4);
    expect(scaled(2305, -2)).toBe(23.05);
    expect(scaled(12, 2)).toBe(1200);
    expect(scaled(-150, 0)).toBe(-150);
  });

  it('is null when the value or the scale factor is missing', () => {
    expect(scaled(null, 0)).toBeNull();
    expect(scaled(5, null)).toBeNull();
  });
});
