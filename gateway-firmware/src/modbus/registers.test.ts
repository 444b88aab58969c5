import { describe, expect, it } from 'vitest';
import {
  encodeInt16,
  encodeInt32,
  encodeString,
  encodeUint32,
  encodeUint64,
  int16,
  int32,
  string,
  uint16,
  uint32,
  uint64,
} from './registers';

describe('register decoding', () => {
  it('reads signed and unsigned 16-bit words', () => {
    expect(uint16([0xffff], 0)).toBe(65535);
    expect(int16([0xffff], 0)).toBe(-1);
    expect(int16([0x8000], 0)).toBe(-32768);
    expect(int16([0x7fff], 0)).toBe(32767);
  });

  it('puts the high word first in 32- and 64-bit values', () => {
    expect(uint32([0x0001, 0x0002], 0)).toBe(0x10002);
    expect(int32([0xffff, 0xfffe], 0)).toBe(-2);
    expect(int32([0x8000, 0x0000], 0)).toBe(-2147483648);
    expect(uint64([0, 0, 0x0001, 0x0000], 0)).toBe(65536);
    expect(uint64([0x0000, 0x0001, 0x0000, 0x0000], 0)).toBe(2 ** 32);
  });

  it('reads ASCII two characters per register and cuts NUL padding', () => {
    expect(string([0x5375, 0x6e53], 0, 2)).toBe('SunS');
    expect(string([0x4142, 0x4300, 0x0000], 0, 3)).toBe('ABC');
    expect(string([0x4142, 0x2020], 0, 2)).toBe('AB');
  });

  it('refuses an offset past the block instead of reading garbage', () => {
    expect(() => uint32([1], 0)).toThrow(RangeError);
  });

  it('encodes what it decodes', () => {
    for (const v of [0, 1, -1, 1234, -32768, 32767]) expect(int16(encodeInt16(v), 0)).toBe(v);
    for (const v of [0, -1, 2_000_000_000, -2_000_000_000, 123_456]) expect(int32(encodeInt32(v), 0)).toBe(v);
    for (const v of [0, 4_000_000_000]) expect(uint32(encodeUint32(v), 0)).toBe(v);
    expect(uint64(encodeUint64(12_345_678_901), 0)).toBe(12_345_678_901);
    expect(string(encodeString('SUN2000-6KTL-M1', 15), 0, 15)).toBe('SUN2000-6KTL-M1');
    expect(encodeString('ABC', 3)).toEqual([0x4142, 0x4300, 0x0000]);
  });
});
