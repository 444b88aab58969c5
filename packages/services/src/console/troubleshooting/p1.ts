import { crc16, formatCrc, hexAscii, p1Time } from '@ilumen/p1';

/**
 * A P1 telegram (e-MUCS on DSMR 5) laid out for the support desk: each OBIS line with its values and units, what the
 * common codes mean, and whether the CRC matches. Display only: the gateway's parser is what the data goes through;
 * the CRC, the meter's time stamps and hex texts are read by the same code (`@ilumen/p1`).
 */
export interface TelegramValue {
  /** As written in the telegram. */
  value: string;
  unit: string | null;
  /** A meter time stamp (`YYMMDDhhmmssS|W`) read as a UTC instant; null for the "no value" stamp `632525252525W`. */
  at?: string | null;
  /** A measurement with a unit, read as a number for display in the reader's language. */
  number?: number;
}

export interface TelegramLine {
  obis: string;
  /** A message key for the codes the desk reads most (`p1.obis.1-0:1.8.1`), null for others. */
  labelKey: string | null;
  values: TelegramValue[];
  /** Hex-encoded text (serial, EAN, message) decoded. */
  text: string | null;
}

export interface ParsedTelegram {
  header: string | null;
  lines: TelegramLine[];
  crc: { given: string | null; computed: string; ok: boolean | null };
  /** Lines that are not OBIS lines. */
  unreadable: string[];
}

const LABELLED = new Set([
  '0-0:96.1.4',
  '0-0:96.1.1',
  '0-0:96.1.2',
  '0-0:1.0.0',
  '1-0:1.8.1',
  '1-0:1.8.2',
  '1-0:2.8.1',
  '1-0:2.8.2',
  '0-0:96.14.0',
  '1-0:1.7.0',
  '1-0:2.7.0',
  '1-0:21.7.0',
  '1-0:41.7.0',
  '1-0:61.7.0',
  '1-0:22.7.0',
  '1-0:42.7.0',
  '1-0:62.7.0',
  '1-0:32.7.0',
  '1-0:52.7.0',
  '1-0:72.7.0',
  '1-0:31.7.0',
  '1-0:51.7.0',
  '1-0:71.7.0',
  '1-0:1.4.0',
  '1-0:1.6.0',
  '0-0:98.1.0',
  '0-0:96.3.10',
  '0-0:17.0.0',
  '1-0:31.4.0',
  '0-0:96.13.0',
  '0-n:24.1.0',
  '0-n:96.1.1',
  '0-n:96.1.2',
  '0-n:24.4.0',
  '0-n:96.3.10',
]);
const HEX_TEXT = /^0-\d:96\.1\.[12]$|^0-0:96\.13\.0$/;

/** A value as written, read as a meter stamp (the shared P1 reader's), or a measurement with its unit. */
function readValue(value: string, unit: string | null): TelegramValue {
  const at = /^\d{12}[SW]$/.test(value) ? p1Time(value) : undefined;
  if (at !== undefined) return { value, unit, at };
  if (unit && /^-?\d+(\.\d+)?$/.test(value)) return { value, unit, number: Number(value) };
  return { value, unit };
}

/** Hex-encoded printable text decoded, as the gateway decodes it; null when the value is not that. */
function decodeHex(value: string): string | null {
  const text = hexAscii(value);
  return text === value ? null : text;
}

export function parseTelegram(raw: string): ParsedTelegram {
  const text = raw.replace(/\r?\n/g, '\r\n');
  const start = text.indexOf('/');
  const bang = text.indexOf('!', Math.max(start, 0));
  const body = start >= 0 && bang > start ? text.slice(start, bang + 1) : text;
  const given =
    bang >= 0 ? (/^!([0-9A-Fa-f]{1,4})/.exec(text.slice(bang))?.[1]?.toUpperCase() ?? null) : null;
  const computed = formatCrc(crc16(Buffer.from(body, 'latin1')));
  const lines: TelegramLine[] = [];
  const unreadable: string[] = [];
  let header: string | null = null;
  for (const line of body
    .split('\r\n')
    .map((l) => l.trim())
    .filter((l) => l && l !== '!')) {
    if (line.startsWith('/')) {
      header = line.slice(1);
      continue;
    }
    const m = /^(\d+-\d+:\d+\.\d+\.\d+)((?:\([^)]*\))+)$/.exec(line);
    if (!m) {
      if (!line.startsWith('!')) unreadable.push(line);
      continue;
    }
    const obis = m[1]!;
    const values = [...m[2]!.matchAll(/\(([^)]*)\)/g)].map((v) => {
      const [value, unit] = v[1]!.split('*');
      return readValue(value ?? '', unit ?? null);
    });
    const generic = obis.replace(/^0-[1-4]:(24|96)/, '0-n:$1');
    lines.push({
      obis,
      labelKey: LABELLED.has(obis)
        ? `p1.obis.${obis}`
        : LABELLED.has(generic)
          ? `p1.obis.${generic}`
          : /^0-[1-4]:24\.2\.[13]$/.test(obis)
            ? 'p1.obis.mbus'
            : null,
      values,
      text: HEX_TEXT.test(obis) && values[0] ? decodeHex(values[0].value) : null,
    });
  }
  return {
    header,
    lines,
    crc: {
      given,
      computed,
      ok: given === null ? null : Number.parseInt(given, 16) === Number.parseInt(computed, 16),
    },
    unreadable,
  };
}
