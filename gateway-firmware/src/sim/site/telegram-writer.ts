import { crc16, formatCrc } from '@ilumen/p1';
import { p1Stamp } from './brussels-time';

export interface TelegramFields {
  serial: string;
  ean: string;
  at: number;
  tariff: 1 | 2;
  importT1Wh: number;
  importT2Wh: number;
  exportT1Wh: number;
  exportT2Wh: number;
  importW: number;
  exportW: number;
  phases: { importW: number; exportW: number; voltageV: number; currentA: number }[];
  quarterAverageW: number;
  monthPeak: { at: number | null; w: number };
  /** Oldest first. */
  history: { periodEnd: number; at: number | null; w: number }[];
  gas?: { serial: string; m3: number; at: number };
}

/** The stamp a meter writes for "no value" (an empty month in the peak history). */
const EMPTY_STAMP = '632525252525W';

const hexAscii = (s: string) => Buffer.from(s, 'latin1').toString('hex').toUpperCase();
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Wh → `000301.548*kWh` (6 integer digits, 3 decimals). */
function kwh(wh: number): string {
  const w = Math.max(0, Math.floor(wh));
  return `${pad(Math.floor(w / 1000), 6)}.${pad(w % 1000, 3)}*kWh`;
}

/** W → `00.338*kW` (2 integer digits, 3 decimals). */
function kw(w: number): string {
  const v = Math.min(99_999, Math.max(0, Math.round(w)));
  return `${pad(Math.floor(v / 1000), 2)}.${pad(v % 1000, 3)}*kW`;
}

function fixed(v: number, intDigits: number, decimals: number): string {
  const [i, d] = v.toFixed(decimals).split('.');
  return `${pad(Number(i), intDigits)}.${d}`;
}

const stamp = (ms: number | null) => (ms === null ? EMPTY_STAMP : p1Stamp(ms));

/**
 * A Fluvius e-MUCS telegram as the meter sends it: header, blank line, OBIS lines, `!` and the CRC-16/ARC of
 * everything from `/` to `!`, every line ending in CRLF. The layout follows the real telegrams in the fixtures.
 */
export function formatTelegram(f: TelegramFields): string {
  const lines = [
    '/FLU5\\253769484_A',
    '',
    '0-0:96.1.4(50217)',
    `0-0:96.1.1(${hexAscii(f.serial)})`,
    `0-0:96.1.2(${hexAscii(f.ean)})`,
    `0-0:1.0.0(${p1Stamp(f.at)})`,
    `1-0:1.8.1(${kwh(f.importT1Wh)})`,
    `1-0:1.8.2(${kwh(f.importT2Wh)})`,
    `1-0:2.8.1(${kwh(f.exportT1Wh)})`,
    `1-0:2.8.2(${kwh(f.exportT2Wh)})`,
    `0-0:96.14.0(${pad(f.tariff, 4)})`,
    `1-0:1.4.0(${kw(f.quarterAverageW)})`,
    `1-0:1.6.0(${stamp(f.monthPeak.at)})(${kw(f.monthPeak.w)})`,
    `0-0:98.1.0(${f.history.length})(1-0:1.6.0)(1-0:1.6.0)${f.history
      .map((h) => `(${p1Stamp(h.periodEnd)})(${stamp(h.at)})(${kw(h.w)})`)
      .join('')}`,
    `1-0:1.7.0(${kw(f.importW)})`,
    `1-0:2.7.0(${kw(f.exportW)})`,
  ];
  const phaseCodes = [
    [21, 22, 32, 31],
    [41, 42, 52, 51],
    [61, 62, 72, 71],
  ] as const;
  for (const [k, field] of (['importW', 'exportW', 'voltageV', 'currentA'] as const).entries()) {
    f.phases.forEach((p, i) => {
      const code = phaseCodes[i]![k];
      const v = p[field];
      lines.push(
        `1-0:${code}.7.0(${field === 'voltageV' ? `${fixed(v, 3, 1)}*V` : field === 'currentA' ? `${fixed(v, 3, 2)}*A` : kw(v)})`,
      );
    });
  }
  lines.push('0-0:96.3.10(1)', '0-0:17.0.0(999.9*kW)', '1-0:31.4.0(999*A)', '0-0:96.13.0()');
  if (f.gas) {
    lines.push(
      '0-1:24.1.0(003)',
      `0-1:96.1.1(${hexAscii(f.gas.serial)})`,
      '0-1:24.4.0(1)',
      `0-1:24.2.3(${p1Stamp(f.gas.at)})(${fixed(f.gas.m3, 5, 3)}*m3)`,
    );
  }
  const body = `${lines.join('\r\n')}\r\n!`;
  return `${body}${formatCrc(crc16(Buffer.from(body, 'latin1')))}\r\n`;
}
