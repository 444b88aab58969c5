import { describe, expect, it } from 'vitest';
import { readRealTelegram, realTelegrams } from '../test/fixtures/paths';
import { crc16, crc16OfString, formatCrc } from './crc16';

describe('crc16 (CRC-16/ARC)', () => {
  it('gives the catalogue check value for "123456789"', () => {
    expect(crc16(Buffer.from('123456789'))).toBe(0xbb3d);
    expect(crc16OfString('123456789')).toBe(0xbb3d);
  });

  it.each(Object.values(realTelegrams))('matches the CRC written in %s', (name) => {
    const bytes = readRealTelegram(name);
    const bang = bytes.indexOf('!');
    const written = bytes.subarray(bang + 1, bang + 5).toString('latin1');
    expect(formatCrc(crc16(bytes, 0, bang + 1))).toBe(written);
    expect(crc16OfString(bytes.toString('latin1'), 0, bang + 1)).toBe(crc16(bytes, 0, bang + 1));
  });

  it('pads to four upper-case digits', () => {
    expect(formatCrc(0xb9f)).toBe('0B9F');
  });

  it('refuses strings holding chars that are not bytes', () => {
    expect(crc16OfString('/ok€')).toBe(-1);
  });
});
