import { describe, expect, it } from 'vitest';
import { readEditedTelegram, readRealTelegram, realTelegrams } from '../test/fixtures/paths';
import { crc16, formatCrc } from './crc16';
import type { P1ParseResult, P1Reading } from './p1-reading';
import { parseTelegram } from './parse-telegram';

function ok(result: P1ParseResult): P1Reading {
  if (!result.ok) throw new Error(`refused: ${result.code}: ${result.reason}`);
  return result.reading;
}

/** A telegram text ending in `!` → the same with its CRC line. */
function withCrc(throughBang: string): string {
  return `${throughBang}${formatCrc(crc16(Buffer.from(throughBang, 'latin1')))}\r\n`;
}

const altText = readRealTelegram(realTelegrams.v171Alt).toString('latin1');
/** The ALT telegram up to and including '!', to build edited variants from. */
const altBody = altText.slice(0, altText.indexOf('\r\n!') + 3);

describe('parseTelegram on the real Belgian telegrams', () => {
  it('V171: three phases, gas on channel 1, water on channel 2, a 3-month history newest-first', () => {
    const r = ok(parseTelegram(readRealTelegram(realTelegrams.v171)));
    expect(r).toMatchObject({
      header: 'FLU5\\253769484_A',
      manufacturer: 'FLU',
      emucsVersion: '50217',
      meterSerial: '1SAG3101021605',
      ts: '2020-05-12T11:54:09.000Z',
      importT1Wh: 34,
      importT2Wh: 15758,
      exportT1Wh: 0,
      exportT2Wh: 11,
      tariff: 1,
      importW: 0,
      exportW: 0,
      quarterAverageW: 2351,
      monthPeak: { at: '2020-05-09T11:45:58.000Z', w: 2589 },
      breaker: 'on',
      limiterW: null,
      fuseSupervisionA: null,
    });
    expect(r.textMessage).toBeUndefined();
    expect(r.phases).toEqual({
      l1: { importW: 0, exportW: 0, voltageV: 234.7, currentA: 0 },
      l2: { importW: 0, exportW: 0, voltageV: 234.7, currentA: 0 },
      l3: { importW: 0, exportW: 0, voltageV: 234.7, currentA: 0 },
    });
    // sent newest first; kept oldest first. Stamps are taken at the meter's S/W word, even `200301000000S`.
    expect(r.peakHistory).toEqual([
      { month: '2020-02', periodEnd: '2020-02-29T22:00:00.000Z', at: '2020-02-10T02:54:21.000Z', w: 4318 },
      { month: '2020-03', periodEnd: '2020-03-31T22:00:00.000Z', at: '2020-03-05T10:21:39.000Z', w: 5980 },
      { month: '2020-04', periodEnd: '2020-04-30T22:00:00.000Z', at: '2020-04-23T17:25:38.000Z', w: 3695 },
    ]);
    expect(r.gas).toEqual({
      channel: 1,
      serial: '7FLO2119033733',
      at: '2020-05-12T11:45:58.000Z',
      m3: 112.384,
    });
    expect(r.water).toEqual({
      channel: 2,
      serial: '8SAG1234567890',
      at: '2020-05-12T11:45:58.000Z',
      m3: 872.234,
    });
    expect(r.mbus.map((d) => [d.channel, d.deviceType, d.kind, d.valve])).toEqual([
      [1, 3, 'gas', 1],
      [2, 7, 'water', undefined],
    ]);
    expect(r.unknown).toEqual([]);
  });

  it('V171_ALT: the peak history with an empty month', () => {
    const r = ok(parseTelegram(readRealTelegram(realTelegrams.v171Alt)));
    expect(r).toMatchObject({
      meterSerial: '1SAG3100721326',
      ts: '2023-11-02T11:15:48.000Z',
      importT1Wh: 301548,
      importT2Wh: 270014,
      exportT1Wh: 5,
      exportT2Wh: 0,
      importW: 338,
      exportW: 0,
      quarterAverageW: 52,
      monthPeak: { at: '2023-11-02T10:45:00.000Z', w: 3064 },
    });
    expect(r.phases).toEqual({
      l1: { importW: 47, exportW: 0, voltageV: 232.9, currentA: 0.27 },
      l2: { importW: 179, exportW: 0, voltageV: 228.1, currentA: 0.88 },
      l3: { importW: 111, exportW: 0, voltageV: 228.1, currentA: 0.52 },
    });
    expect(r.peakHistory).toEqual([
      // (230801000000S)(632525252525W)(00.000*kW): July had no peak — an empty month, not a date error
      { month: '2023-07', periodEnd: '2023-07-31T22:00:00.000Z', at: null, w: 0 },
      { month: '2023-08', periodEnd: '2023-08-31T22:00:00.000Z', at: '2023-08-31T16:15:00.000Z', w: 1862 },
      { month: '2023-09', periodEnd: '2023-09-30T22:00:00.000Z', at: '2023-09-10T16:30:00.000Z', w: 4229 },
      // the stamp switches to W: 1 November 00:00 CET
      { month: '2023-10', periodEnd: '2023-10-31T23:00:00.000Z', at: '2023-10-16T11:00:00.000Z', w: 4927 },
    ]);
    expect(r.gas).toEqual({
      channel: 1,
      serial: '7FLO2123088027',
      at: '2023-11-02T11:10:02.000Z',
      m3: 92.287,
    });
    expect(r.water).toEqual({
      channel: 2,
      serial: '8SET0000961173',
      at: '2023-11-02T11:15:32.000Z',
      m3: 8.579,
    });
  });

  it('v50be: a single-phase meter without capacity fields, on the night tariff', () => {
    const r = ok(parseTelegram(readRealTelegram(realTelegrams.v50be)));
    expect(r).toMatchObject({
      emucsVersion: '50215',
      meterSerial: '1SAG1100076616',
      ts: '2021-03-20T20:46:36.000Z',
      importT1Wh: 1311025,
      importT2Wh: 1651825,
      exportT1Wh: 1885818,
      exportT2Wh: 750923,
      tariff: 2,
      importW: 433,
      exportW: 0,
    });
    expect(r.phases).toEqual({ l1: { importW: 438, exportW: 0, voltageV: 240.9, currentA: 2.22 } });
    expect(r.quarterAverageW).toBeUndefined();
    expect(r.monthPeak).toBeUndefined();
    expect(r.peakHistory).toBeUndefined();
    expect(r.gas).toEqual({
      channel: 1,
      serial: '7FLO2119031964',
      at: '2021-03-20T20:46:26.000Z',
      m3: 2559.077,
    });
    expect(r.water).toBeUndefined();
  });

  it('v50be17: winter stamps and a two-month history', () => {
    const r = ok(parseTelegram(readRealTelegram(realTelegrams.v50be17)));
    expect(r).toMatchObject({
      ts: '2023-02-05T18:14:49.000Z',
      importT1Wh: 330621,
      importT2Wh: 343023,
      exportT1Wh: 240444,
      exportT2Wh: 95132,
      importW: 155,
      quarterAverageW: 222,
      monthPeak: { at: '2023-02-01T12:45:00.000Z', w: 1911 },
    });
    expect(r.peakHistory).toEqual([
      { month: '2022-12', periodEnd: '2022-12-31T23:00:00.000Z', at: '2022-12-16T17:15:00.000Z', w: 3921 },
      { month: '2023-01', periodEnd: '2023-01-31T23:00:00.000Z', at: '2023-01-31T18:15:00.000Z', w: 2962 },
    ]);
    expect(r.gas?.m3).toBe(481.628);
  });

  it('gives the same reading from text as from bytes', () => {
    const bytes = readRealTelegram(realTelegrams.v171Alt);
    expect(parseTelegram(bytes.toString('latin1'))).toEqual(parseTelegram(bytes));
  });
});

describe('parseTelegram on edited copies', () => {
  it.each([
    ['bad-crc.raw', 'crc_mismatch', /CRC mismatch: telegram says C4B0, content gives [0-9A-F]{4}/],
    ['cut-short.raw', 'truncated', /cut short: no '!' end line/],
    ['garbage-line.raw', 'garbled', /line 16 is not an OBIS line: "#~\$%&\*~~ff3a"/],
    ['garbled-value.raw', 'bad_value', /1-0:1\.7\.0 \(line 14\): '00\.3#8\*kW' is not a number/],
  ])('refuses %s as %s with the reason', (file, code, reason) => {
    const result = parseTelegram(readEditedTelegram(file));
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('accepts an unpadded CRC (!987 for 0x0987) and decodes the hex-ASCII text message', () => {
    const bytes = readEditedTelegram('unpadded-crc.raw');
    expect(bytes.toString('latin1')).toMatch(/\r\n!987\r\n$/);
    const r = ok(parseTelegram(bytes));
    expect(r.textMessage).toBe('Onderhoud 8');
    // the padded form of the same CRC is accepted too
    ok(parseTelegram(bytes.toString('latin1').replace('!987', '!0987')));
  });

  it('finds gas and water by device type on whatever channel they are, and decodes the EAN', () => {
    const r = ok(parseTelegram(readEditedTelegram('mbus-other-channels.raw')));
    expect(r.ean).toBe('541440012345678900');
    expect(r.water).toEqual({
      channel: 1,
      serial: '8SAG1234567890',
      at: '2020-05-12T11:45:58.000Z',
      m3: 872.234,
    });
    expect(r.gas).toEqual({
      channel: 4,
      serial: '7FLO2119033733',
      at: '2020-05-12T11:45:58.000Z',
      m3: 112.384,
    });
    expect(r.mbus.map((d) => d.channel)).toEqual([1, 4]);
  });
});

describe('parseTelegram refusals', () => {
  const replaceLine = (from: string, to: string) => withCrc(altBody.replace(from, to));

  it.each([
    ['nothing', '', 'empty'],
    ['only line ends', '\r\n\r\n', 'empty'],
    ['no header', '1-0:1.8.1(000301.548*kWh)\r\n!1234\r\n', 'no_header'],
    ['a header only', '/FLU5\\253769484_A', 'truncated'],
    ['no CRC', `${altBody}\r\n`, 'missing_crc'],
    ['a CRC of 5 digits', `${altBody}C4B00\r\n`, 'bad_crc_format'],
    ['a CRC that is not hex', `${altBody}C4BG\r\n`, 'bad_crc_format'],
  ])('%s', (_label, text, code) => {
    expect(parseTelegram(text)).toMatchObject({ ok: false, code });
  });

  it('a telegram cut short by the next one', () => {
    const cut = altText.slice(0, 400) + altText;
    const result = parseTelegram(cut);
    expect(result).toMatchObject({ ok: false, code: 'truncated' });
    if (!result.ok) expect(result.reason).toMatch(/a new telegram starts/);
  });

  it.each([
    [
      'a wrong unit',
      '1-0:1.8.1(000301.548*kWh)',
      '1-0:1.8.1(000301.548*kW)',
      /unit 'kW' where kWh or Wh expected/,
    ],
    ['month 13', '0-0:1.0.0(231102121548W)', '0-0:1.0.0(231302121548W)', /not a YYMMDDhhmmssS\/W time/],
    ['30 February', '0-0:1.0.0(231102121548W)', '0-0:1.0.0(230230121548W)', /not a YYMMDDhhmmssS\/W time/],
    ['no S/W flag', '0-0:1.0.0(231102121548W)', '0-0:1.0.0(231102121548)', /not a YYMMDDhhmmssS\/W time/],
    ['a short history', '0-0:98.1.0(4)', '0-0:98.1.0(5)', /history of 5 months needs 18 values, got 15/],
    ['a breaker state 7', '0-0:96.3.10(1)', '0-0:96.3.10(7)', /breaker state '7'/],
    ['two values where one belongs', '1-0:1.7.0(00.338*kW)', '1-0:1.7.0(00.338*kW)(1)', /expected 1 value/],
    ['gas in litres', '(00092.287*m3)', '(00092.287*l)', /gas in 'l' where m3 expected/],
  ])('%s is a bad value', (_label, from, to, reason) => {
    const result = parseTelegram(replaceLine(from, to));
    expect(result).toMatchObject({ ok: false, code: 'bad_value' });
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it.each([
    ['an unclosed value', '1-0:1.7.0(00.338*kW)', '1-0:1.7.0(00.338*kW', /unclosed '\('/],
    ['text after a value', '1-0:1.7.0(00.338*kW)', '1-0:1.7.0(00.338*kW)x', /text after a value/],
    ['a broken OBIS code', '1-0:1.7.0(00.338*kW)', '1-0:1..0(00.338*kW)', /not an OBIS line/],
  ])('%s is garbled', (_label, from, to, reason) => {
    const result = parseTelegram(replaceLine(from, to));
    expect(result).toMatchObject({ ok: false, code: 'garbled' });
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('parseTelegram tolerance', () => {
  it('keeps unknown OBIS codes instead of refusing the telegram', () => {
    const r = ok(
      parseTelegram(withCrc(altBody.replace('0-0:96.13.0()', '0-0:96.13.0()\r\n1-0:32.32.0(00003)'))),
    );
    expect(r.unknown).toEqual([{ obis: '1-0:32.32.0', values: ['00003'] }]);
  });

  it('reads 1-0:94.32.1 raw, a set limiter and fuse supervision', () => {
    const body = altBody
      .replace('0-0:17.0.0(999.9*kW)', '0-0:17.0.0(05.750*kW)')
      .replace('1-0:31.4.0(999*A)', '1-0:31.4.0(040.00*A)\r\n1-0:94.32.1(400)');
    const r = ok(parseTelegram(withCrc(body)));
    expect(r).toMatchObject({ limiterW: 5750, fuseSupervisionA: 40, gridConfiguration: '400' });
  });

  it('accepts an empty history, with or without the extra empty group', () => {
    for (const empty of ['0-0:98.1.0(0)(1-0:1.6.0)(1-0:1.6.0)', '0-0:98.1.0(0)(1-0:1.6.0)(1-0:1.6.0)()']) {
      const body = altBody.replace(/0-0:98\.1\.0[^\r]*/, empty);
      expect(ok(parseTelegram(withCrc(body))).peakHistory).toEqual([]);
    }
  });

  it('with verifyCrc off, takes a dummy CRC (the e-MUCS spec examples) but still wants the end line', () => {
    expect(parseTelegram(`${altBody}1234\r\n`)).toMatchObject({ ok: false, code: 'crc_mismatch' });
    expect(parseTelegram(`${altBody}1234\r\n`, { verifyCrc: false }).ok).toBe(true);
    expect(parseTelegram(altBody.slice(0, -3), { verifyCrc: false })).toMatchObject({ code: 'truncated' });
  });

  it('accepts a lower-case CRC, LF-only line ends and leading line noise whitespace', () => {
    const crc = altText.slice(altText.indexOf('!') + 1, altText.indexOf('!') + 5);
    expect(parseTelegram(altText.replace(`!${crc}`, `!${crc.toLowerCase()}`)).ok).toBe(true);
    const lfBody = altBody.replaceAll('\r\n', '\n');
    const lf = `${lfBody}${formatCrc(crc16(Buffer.from(lfBody, 'latin1')))}\n`;
    expect(ok(parseTelegram(`\r\n \n${lf}`)).importT1Wh).toBe(301548);
  });

  it('never throws: every cut and random corruption of a real telegram is refused or read', () => {
    const bytes = readRealTelegram(realTelegrams.v171);
    const end = bytes.indexOf('!') + 5;
    for (let cut = 0; cut < end; cut++) {
      const result = parseTelegram(bytes.subarray(0, cut));
      expect(result.ok, `cut at ${cut}`).toBe(false);
    }
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let refused = 0;
    for (let n = 0; n < 2000; n++) {
      const copy = Buffer.from(bytes);
      const flips = 1 + Math.floor(random() * 3);
      for (let f = 0; f < flips; f++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      const result = parseTelegram(copy);
      if (!result.ok) {
        refused++;
        expect(result.reason.length).toBeGreaterThan(0);
      }
    }
    // a changed byte that still passes the CRC would be a CRC failure; only no-op flips (same byte) may pass
    expect(refused).toBeGreaterThan(1900);
  });
});
