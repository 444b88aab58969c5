import type { P1MbusDevice, P1Phase, P1Reading } from './p1-reading';
import { decimal, hexAscii, monthBefore, p1Time, scaledInt, splitUnit } from './p1-values';

/** Writes one line's values into the reading; returns why the values are wrong, or undefined when they are fine. */
export type ObisHandler = (values: string[], reading: P1Reading) => string | undefined;
export type MbusHandler = (values: string[], device: P1MbusDevice) => string | undefined;

type Units = Readonly<Record<string, number>>;
const ENERGY_UNITS: Units = { kWh: 3, Wh: 0 };
const POWER_UNITS: Units = { kW: 3, W: 0 };

function count(values: string[], expected: number): string | undefined {
  return values.length === expected ? undefined : `expected ${expected} value(s), got ${values.length}`;
}

/** `000301.548*kWh` → 301548 (Wh), or the reason it is not that. */
function scaledQuantity(value: string, units: Units): number | string {
  const q = splitUnit(value);
  const exp = units[q.unit];
  if (exp === undefined) return `unit '${q.unit}' where ${Object.keys(units).join(' or ')} expected`;
  return scaledInt(value, exp, 0, q.star) ?? `'${value}' is not a number`;
}

function decimalQuantity(value: string, unit: string): number | string {
  const q = splitUnit(value);
  if (q.unit !== unit) return `unit '${q.unit}' where ${unit} expected`;
  return decimal(value, 0, q.star) ?? `'${value}' is not a number`;
}

function integer(value: string): number | string {
  return scaledInt(value, 0) ?? `'${value}' is not an integer`;
}

type NumberKey =
  | 'importT1Wh'
  | 'importT2Wh'
  | 'exportT1Wh'
  | 'exportT2Wh'
  | 'importW'
  | 'exportW'
  | 'quarterAverageW';

function scaled(key: NumberKey, units: Units): ObisHandler {
  return (values, r) => {
    const bad = count(values, 1);
    if (bad) return bad;
    const n = scaledQuantity(values[0]!, units);
    if (typeof n === 'string') return n;
    r[key] = n;
  };
}

type PhaseName = 'l1' | 'l2' | 'l3';

function phase(name: PhaseName, key: keyof P1Phase): ObisHandler {
  const isPower = key === 'importW' || key === 'exportW';
  const unit = key === 'voltageV' ? 'V' : 'A';
  return (values, r) => {
    const bad = count(values, 1);
    if (bad) return bad;
    const n = isPower ? scaledQuantity(values[0]!, POWER_UNITS) : decimalQuantity(values[0]!, unit);
    if (typeof n === 'string') return n;
    const p = r.phases[name] ?? {};
    p[key] = n;
    r.phases[name] = p;
  };
}

function text(set: (r: P1Reading, value: string) => void, decode: boolean): ObisHandler {
  return (values, r) => {
    const bad = count(values, 1);
    if (bad) return bad;
    const raw = values[0]!;
    if (raw !== '') set(r, decode ? hexAscii(raw) : raw);
  };
}

/** `(time)(value*kW)` → a peak; the time may be the empty-month stamp. */
function peak(timeText: string, valueText: string): { at: string | null; w: number } | string {
  const at = p1Time(timeText);
  if (at === undefined) return `'${timeText}' is not a YYMMDDhhmmssS/W time`;
  const w = scaledQuantity(valueText, POWER_UNITS);
  if (typeof w === 'string') return w;
  return { at, w };
}

/**
 * `0-0:98.1.0(n)(1-0:1.6.0)(1-0:1.6.0)` then n × (period stamp)(peak time)(peak). Some meters with an empty history
 * add one empty group; that is accepted.
 */
const peakHistory: ObisHandler = (values, r) => {
  const n = values.length > 0 ? scaledInt(values[0]!, 0) : undefined;
  if (n === undefined) return 'history length is not a number';
  const expected = 3 + 3 * n;
  const emptyExtra = n === 0 && values.length === 4 && values[3] === '';
  if (values.length !== expected && !emptyExtra)
    return `history of ${n} months needs ${expected} values, got ${values.length}`;
  const history: NonNullable<P1Reading['peakHistory']> = [];
  for (let i = 3; i < expected; i += 3) {
    const stamp = values[i]!;
    const periodEnd = p1Time(stamp);
    if (periodEnd === undefined) return `'${stamp}' is not a YYMMDDhhmmssS/W time`;
    const p = peak(values[i + 1]!, values[i + 2]!);
    if (typeof p === 'string') return p;
    // a month whose own stamp is empty cannot be placed in the calendar; there is nothing to keep
    if (periodEnd !== null) history.push({ month: monthBefore(stamp), periodEnd, at: p.at, w: p.w });
  }
  // meters differ in order (newest or oldest first); keep one
  history.sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  r.peakHistory = history;
};

/** Meter-level OBIS codes (channel 0 and electricity). */
export const obisHandlers: ReadonlyMap<string, ObisHandler> = new Map<string, ObisHandler>([
  ['0-0:96.1.4', text((r, v) => (r.emucsVersion = v), false)],
  ['0-0:96.1.1', text((r, v) => (r.meterSerial = v), true)],
  ['0-0:96.1.2', text((r, v) => (r.ean = v), true)],
  [
    '0-0:1.0.0',
    (values, r) => {
      const bad = count(values, 1);
      if (bad) return bad;
      const ts = p1Time(values[0]!);
      if (!ts) return `'${values[0]}' is not a YYMMDDhhmmssS/W time`;
      r.ts = ts;
    },
  ],
  ['1-0:1.8.1', scaled('importT1Wh', ENERGY_UNITS)],
  ['1-0:1.8.2', scaled('importT2Wh', ENERGY_UNITS)],
  ['1-0:2.8.1', scaled('exportT1Wh', ENERGY_UNITS)],
  ['1-0:2.8.2', scaled('exportT2Wh', ENERGY_UNITS)],
  [
    '0-0:96.14.0',
    (values, r) => {
      const bad = count(values, 1);
      if (bad) return bad;
      const t = integer(values[0]!);
      if (typeof t === 'string') return t;
      r.tariff = t;
    },
  ],
  ['1-0:1.7.0', scaled('importW', POWER_UNITS)],
  ['1-0:2.7.0', scaled('exportW', POWER_UNITS)],
  ['1-0:21.7.0', phase('l1', 'importW')],
  ['1-0:41.7.0', phase('l2', 'importW')],
  ['1-0:61.7.0', phase('l3', 'importW')],
  ['1-0:22.7.0', phase('l1', 'exportW')],
  ['1-0:42.7.0', phase('l2', 'exportW')],
  ['1-0:62.7.0', phase('l3', 'exportW')],
  ['1-0:32.7.0', phase('l1', 'voltageV')],
  ['1-0:52.7.0', phase('l2', 'voltageV')],
  ['1-0:72.7.0', phase('l3', 'voltageV')],
  ['1-0:31.7.0', phase('l1', 'currentA')],
  ['1-0:51.7.0', phase('l2', 'currentA')],
  ['1-0:71.7.0', phase('l3', 'currentA')],
  ['1-0:1.4.0', scaled('quarterAverageW', POWER_UNITS)],
  [
    '1-0:1.6.0',
    (values, r) => {
      const bad = count(values, 2);
      if (bad) return bad;
      const p = peak(values[0]!, values[1]!);
      if (typeof p === 'string') return p;
      r.monthPeak = p;
    },
  ],
  ['0-0:98.1.0', peakHistory],
  [
    '0-0:96.3.10',
    (values, r) => {
      const bad = count(values, 1);
      if (bad) return bad;
      const state =
        values[0] === '0'
          ? 'off'
          : values[0] === '1'
            ? 'on'
            : values[0] === '2'
              ? 'ready_to_reconnect'
              : null;
      if (!state) return `breaker state '${values[0]}' is not 0, 1 or 2`;
      r.breaker = state;
    },
  ],
  [
    '0-0:17.0.0',
    (values, r) => {
      const bad = count(values, 1);
      if (bad) return bad;
      const w = scaledQuantity(values[0]!, POWER_UNITS);
      if (typeof w === 'string') return w;
      // 999.9 kW and 99.999 kW are how meters say "no limit"
      r.limiterW = w === 999_900 || w === 99_999 ? null : w;
    },
  ],
  [
    '1-0:31.4.0',
    (values, r) => {
      const bad = count(values, 1);
      if (bad) return bad;
      const a = decimalQuantity(values[0]!, 'A');
      if (typeof a === 'string') return a;
      r.fuseSupervisionA = a === 999 || a === 999.99 ? null : a;
    },
  ],
  ['0-0:96.13.0', text((r, v) => (r.textMessage = v), true)],
  ['1-0:94.32.1', text((r, v) => (r.gridConfiguration = v), false)],
]);

function mbusInteger(set: (d: P1MbusDevice, n: number) => void): MbusHandler {
  return (values, d) => {
    const bad = count(values, 1);
    if (bad) return bad;
    const n = integer(values[0]!);
    if (typeof n === 'string') return n;
    set(d, n);
  };
}

function mbusText(set: (d: P1MbusDevice, v: string) => void): MbusHandler {
  return (values, d) => {
    const bad = count(values, 1);
    if (bad) return bad;
    if (values[0] !== '') set(d, hexAscii(values[0]!));
  };
}

/** `(time)(value*unit)`: the M-Bus device's index with its own timestamp. */
function mbusReading(obis: string): MbusHandler {
  return (values, d) => {
    const bad = count(values, 2);
    if (bad) return bad;
    const at = p1Time(values[0]!);
    if (at === undefined) return `'${values[0]}' is not a YYMMDDhhmmssS/W time`;
    const q = splitUnit(values[1]!);
    const value = decimal(values[1]!, 0, q.star);
    if (value === undefined) return `'${values[1]}' is not a number`;
    // 24.2.3 (Belgian gas, not temperature-corrected) wins over 24.2.1 if a meter sends both
    if (d.reading && d.reading.obis === '24.2.3' && obis !== '24.2.3') return;
    d.reading = { obis, at, value, unit: q.unit };
  };
}

/** M-Bus OBIS codes by what follows `0-n:` (n = 1…4). */
export const mbusHandlers: ReadonlyMap<string, MbusHandler> = new Map<string, MbusHandler>([
  ['24.1.0', mbusInteger((d, n) => (d.deviceType = n))],
  ['96.1.1', mbusText((d, v) => (d.serial = v))],
  ['96.1.2', mbusText((d, v) => (d.ean = v))],
  ['24.4.0', mbusInteger((d, n) => (d.valve = n))],
  ['96.3.10', mbusInteger((d, n) => (d.relay = n))],
  ['24.2.3', mbusReading('24.2.3')],
  ['24.2.1', mbusReading('24.2.1')],
]);
