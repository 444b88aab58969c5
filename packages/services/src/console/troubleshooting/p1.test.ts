import { readFileSync } from 'node:fs';
import { fixturePath } from '@ilumen/fixtures';
import { describe, expect, it } from 'vitest';
import { parseTelegram } from './p1';

const fixture = (name: string) => readFileSync(fixturePath('p1', name), 'latin1');

describe('a P1 telegram laid out for the support desk', () => {
  it('reads every line of a real Fluvius telegram, decodes the hex texts and checks the CRC', () => {
    const t = parseTelegram(fixture('dsmr_parser_TELEGRAM_FLUVIUS_V171.raw'));
    expect(t.crc).toEqual({ given: '3AD7', computed: '3AD7', ok: true });
    expect(t.header).toMatch(/^FLU5/);
    const offtakeDay = t.lines.find((l) => l.obis === '1-0:1.8.1');
    expect(offtakeDay).toMatchObject({ labelKey: 'p1.obis.1-0:1.8.1', values: [{ unit: 'kWh' }] });
    const ean = t.lines.find((l) => l.obis === '0-0:96.1.2');
    if (ean) expect(ean.text).toMatch(/^54\d{16}$/);
    expect(t.lines.find((l) => l.obis === '1-0:1.6.0')?.values).toHaveLength(2);
    expect(t.unreadable).toEqual([]);
  });

  it('checks all four real telegrams, and tells a changed one by its CRC', () => {
    for (const name of [
      'dsmr_parser_TELEGRAM_FLUVIUS_V171_ALT.raw',
      'homebridge_p1_v50be.raw',
      'homebridge_p1_v50be17.raw',
    ]) {
      expect(parseTelegram(fixture(name)).crc.ok, name).toBe(true);
    }
    const tampered = fixture('homebridge_p1_v50be.raw').replace('1-0:32.7.0(', '1-0:32.7.0(9');
    const t = parseTelegram(tampered);
    expect(t.crc.ok).toBe(false);
    expect(t.crc.given).not.toBe(t.crc.computed);
  });

  it('keeps what is not an OBIS line apart, and has no CRC verdict without a CRC', () => {
    const t = parseTelegram('/XMX5LGF\r\n\r\n1-0:1.7.0(00.338*kW)\r\ngarbage\r\n!');
    expect(t.lines).toEqual([
      {
        obis: '1-0:1.7.0',
        labelKey: 'p1.obis.1-0:1.7.0',
        values: [{ value: '00.338', unit: 'kW', number: 0.338 }],
        text: null,
      },
    ]);
    expect(t.unreadable).toEqual(['garbage']);
    expect(t.crc.ok).toBeNull();
  });

  it('reads meter stamps as instants (S summer, W winter), the "no value" stamp as none, and measurements as numbers', () => {
    const t = parseTelegram(
      '/FLU5\\253769484_A\r\n\r\n0-0:1.0.0(260329015959W)\r\n0-0:1.0.0(260329030000S)\r\n1-0:1.6.0(632525252525W)(00.000*kW)\r\n' +
        '0-1:24.2.3(261127192809W)(02250.964*m3)\r\n0-0:96.14.0(0001)\r\n0-0:1.0.0(261332000000W)\r\n!',
    );
    const values = t.lines.map((l) => l.values);
    // the last winter second before the clock goes forward, and the first summer hour after: one second apart in UTC
    expect(values[0]).toEqual([{ value: '260329015959W', unit: null, at: '2026-03-29T00:59:59.000Z' }]);
    expect(values[1]).toEqual([{ value: '260329030000S', unit: null, at: '2026-03-29T01:00:00.000Z' }]);
    expect(values[2]).toEqual([
      { value: '632525252525W', unit: null, at: null },
      { value: '00.000', unit: 'kW', number: 0 },
    ]);
    expect(values[3]).toEqual([
      { value: '261127192809W', unit: null, at: '2026-11-27T18:28:09.000Z' },
      { value: '02250.964', unit: 'm3', number: 2250.964 },
    ]);
    // a code without a unit stays as written; a stamp that is no date is not made one
    expect(values[4]).toEqual([{ value: '0001', unit: null }]);
    expect(values[5]).toEqual([{ value: '261332000000W', unit: null }]);
  });
});
