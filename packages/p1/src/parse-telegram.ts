import { crc16, crc16OfString, formatCrc } from './crc16';
import { mbusHandlers, obisHandlers } from './obis-handlers';
import type { P1MbusDevice, P1ParseResult, P1Reading, P1RefusalCode, P1VolumeReading } from './p1-reading';

export interface ParseOptions {
  /**
   * Check the CRC (default true). Off only for hand-written samples such as the e-MUCS spec examples, whose CRC is a
   * dummy `1234`; the `!` end line is still required so a cut-short telegram is never taken for a whole one.
   */
  verifyCrc?: boolean;
}

/** No real telegram comes near this (a full 13-month history plus a long text message is under 4 KiB). */
export const MAX_TELEGRAM_BYTES = 16 * 1024;

const SLASH = 47;
const CR = 13;
const OPEN = 40;

function refuse(code: P1RefusalCode, reason: string): P1ParseResult {
  return { ok: false, code, reason };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `A-B:C.D.E` with decimal groups, checked without a regex. */
function isObis(text: string, start: number, end: number): boolean {
  const separators = [45 /* - */, 58 /* : */, 46 /* . */, 46 /* . */];
  let group = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) {
      digits++;
    } else if (digits > 0 && group < 4 && c === separators[group]) {
      group++;
      digits = 0;
    } else {
      return false;
    }
  }
  return group === 4 && digits > 0;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function printable(text: string, max = 60): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(cut);
}

/**
 * One P1 telegram (as bytes off the wire, or text) → a reading, or the reason it was refused. Pure and never throws:
 * the checks run in the order a broken telegram is most usefully described (cut short, then CRC, then content).
 */
export function parseTelegram(input: Uint8Array | string, options: ParseOptions = {}): P1ParseResult {
  const bytes = typeof input === 'string' ? undefined : input;
  if (bytes && bytes.length > MAX_TELEGRAM_BYTES) {
    return refuse('garbled', `${bytes.length} bytes is larger than any P1 telegram`);
  }
  const text = bytes
    ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
    : (input as string);
  if (text.length > MAX_TELEGRAM_BYTES)
    return refuse('garbled', `${text.length} bytes is larger than any P1 telegram`);

  let start = 0;
  while (start < text.length && text.charCodeAt(start) <= 32) start++;
  if (start === text.length) return refuse('empty', 'no data');
  if (text.charCodeAt(start) !== SLASH) {
    return refuse(
      'no_header',
      `does not start with '/' but with ${printable(text.slice(start, start + 20))}`,
    );
  }
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd < 0) return refuse('truncated', 'cut short in the header line');

  const bangLineStart = text.indexOf('\n!', headerEnd - 1);
  const bang = bangLineStart < 0 ? -1 : bangLineStart + 1;
  // '/' only ever starts a telegram (text fields are hex-encoded), so a second one means this one was cut short
  const nextSlash = text.indexOf('/', start + 1);
  if (nextSlash >= 0 && (bang < 0 || nextSlash < bang)) {
    return refuse('truncated', `cut short: a new telegram starts after ${nextSlash - start} bytes`);
  }
  if (bang < 0) return refuse('truncated', `cut short: no '!' end line after ${text.length - start} bytes`);

  let crcEnd = bang + 1;
  while (crcEnd < text.length && text.charCodeAt(crcEnd) > 32) crcEnd++;
  const crcText = text.slice(bang + 1, crcEnd);
  if (options.verifyCrc !== false) {
    if (crcText.length === 0) return refuse('missing_crc', "no CRC after '!'");
    if (crcText.length > 4)
      return refuse('bad_crc_format', `CRC ${printable(crcText)} is longer than 4 hex digits`);
    let sent = 0;
    for (let i = 0; i < crcText.length; i++) {
      const c = crcText.charCodeAt(i);
      if (!isHexDigit(c)) return refuse('bad_crc_format', `CRC ${printable(crcText)} is not hexadecimal`);
      sent = sent * 16 + Number.parseInt(crcText[i]!, 16);
    }
    // over '/' … '!' inclusive; the bytes themselves when we have them (a string may have been decoded lossily)
    const computed = bytes ? crc16(bytes, start, bang + 1) : crc16OfString(text, start, bang + 1);
    if (computed !== sent) {
      return refuse(
        'crc_mismatch',
        computed < 0
          ? 'CRC cannot match: the telegram holds characters that are not bytes'
          : `CRC mismatch: telegram says ${crcText}, content gives ${formatCrc(computed)}`,
      );
    }
  }

  const headerLineEnd = text.charCodeAt(headerEnd - 1) === CR ? headerEnd - 1 : headerEnd;
  const header = text.slice(start + 1, headerLineEnd);
  const reading: P1Reading = { header, manufacturer: header.slice(0, 3), phases: {}, mbus: [], unknown: [] };
  const mbus = new Map<number, P1MbusDevice>();

  let lineNo = 1;
  let ls = headerEnd + 1;
  while (ls < bang) {
    lineNo++;
    let le = text.indexOf('\n', ls);
    const next = le + 1;
    if (text.charCodeAt(le - 1) === CR) le--;
    if (le <= ls) {
      ls = next;
      continue;
    }
    const open = text.indexOf('(', ls);
    if (open < 0 || open >= le || !isObis(text, ls, open)) {
      return refuse('garbled', `line ${lineNo} is not an OBIS line: ${printable(text.slice(ls, le))}`);
    }
    const values: string[] = [];
    let i = open;
    while (i < le) {
      if (text.charCodeAt(i) !== OPEN) {
        return refuse('garbled', `line ${lineNo}: text after a value: ${printable(text.slice(ls, le))}`);
      }
      const close = text.indexOf(')', i + 1);
      if (close < 0 || close >= le) {
        return refuse('garbled', `line ${lineNo}: unclosed '(': ${printable(text.slice(ls, le))}`);
      }
      values.push(text.slice(i + 1, close));
      i = close + 1;
    }
    const obis = text.slice(ls, open);
    let problem: string | undefined;
    // M-Bus channels 0-1…0-4 share one set of codes; channel 0 is the meter itself
    const channel = obis.charCodeAt(2) - 48;
    if (
      obis.charCodeAt(0) === 48 &&
      obis.charCodeAt(1) === 45 &&
      channel >= 1 &&
      channel <= 4 &&
      obis.charCodeAt(3) === 58
    ) {
      const handler = mbusHandlers.get(obis.slice(4));
      if (handler) {
        let device = mbus.get(channel);
        if (!device) {
          device = { channel, kind: 'unknown' };
          mbus.set(channel, device);
        }
        problem = handler(values, device);
      } else {
        reading.unknown.push({ obis, values });
      }
    } else {
      const handler = obisHandlers.get(obis);
      if (handler) problem = handler(values, reading);
      else reading.unknown.push({ obis, values });
    }
    if (problem) return refuse('bad_value', `${obis} (line ${lineNo}): ${problem}`);
    ls = next;
  }

  if (mbus.size > 0) {
    const problem = finishMbus(reading, mbus);
    if (problem) return refuse('bad_value', problem);
  }
  return { ok: true, reading };
}

/** Classify M-Bus devices by their 24.1.0 type (any channel may hold gas or water) and pick gas and water out. */
function finishMbus(reading: P1Reading, mbus: Map<number, P1MbusDevice>): string | undefined {
  reading.mbus = [...mbus.values()].sort((a, b) => a.channel - b.channel);
  for (const device of reading.mbus) {
    device.kind =
      device.deviceType === undefined
        ? 'unknown'
        : device.deviceType === 3
          ? 'gas'
          : device.deviceType === 7
            ? 'water'
            : 'other';
    if ((device.kind === 'gas' || device.kind === 'water') && device.reading) {
      if (device.reading.unit !== 'm3') {
        return `0-${device.channel}:${device.reading.obis}: ${device.kind} in '${device.reading.unit}' where m3 expected`;
      }
      const volume: P1VolumeReading = {
        channel: device.channel,
        at: device.reading.at,
        m3: device.reading.value,
      };
      if (device.serial !== undefined) volume.serial = device.serial;
      if (device.ean !== undefined) volume.ean = device.ean;
      if (device.kind === 'gas') reading.gas ??= volume;
      else reading.water ??= volume;
    }
  }
  return undefined;
}
