/*
 * Value parsers for telegram fields. Char loops instead of regexes: they run ~40 times per telegram, every second,
 * for the life of the box.
 */

const DOT = 46;
const ZERO = 48;
const NINE = 57;

/**
 * Decimal digits with at most one `.` → the value times 10^exp as an integer (rounded half up), using integer
 * arithmetic so `000301.548` kWh is exactly 301548 Wh. Undefined when `text[start, end)` is not such a number.
 */
export function scaledInt(text: string, exp: number, start = 0, end = text.length): number | undefined {
  let value = 0;
  let fraction = -1;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= ZERO && c <= NINE) {
      value = value * 10 + (c - ZERO);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === DOT && fraction < 0) {
      fraction = 0;
    } else {
      return undefined;
    }
  }
  if (digits === 0 || digits > 15) return undefined;
  const shift = exp - Math.max(fraction, 0);
  if (shift >= 0) return value * 10 ** shift;
  return Math.round(value / 10 ** -shift);
}

/** Decimal digits with at most one `.` → a number (for V, A, m³); undefined otherwise. */
export function decimal(text: string, start = 0, end = text.length): number | undefined {
  let value = 0;
  let fraction = -1;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= ZERO && c <= NINE) {
      value = value * 10 + (c - ZERO);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === DOT && fraction < 0) {
      fraction = 0;
    } else {
      return undefined;
    }
  }
  if (digits === 0 || digits > 15) return undefined;
  // one division keeps the shortest decimal representation (232.9, not 232.89999999999998)
  return fraction > 0 ? value / 10 ** fraction : value;
}

export interface Quantity {
  text: string;
  /** Index of `*`, or the end when there is no unit. */
  star: number;
  unit: string;
}

/** `000.27*A` → the number part's bounds and the unit (`A`); unit '' when there is none. */
export function splitUnit(value: string): Quantity {
  const star = value.indexOf('*');
  if (star < 0) return { text: value, star: value.length, unit: '' };
  return { text: value, star, unit: value.slice(star + 1) };
}

/** The "no value" stamp of an empty month in the peak history: `632525252525W`. */
const EMPTY_STAMP = '632525252525';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - ZERO;
  const b = text.charCodeAt(at + 1) - ZERO;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}

/**
 * `YYMMDDhhmmssX` → UTC ISO. X = S (summer, CEST = UTC+2) or W (winter, CET = UTC+1); the meter says which, so the
 * repeated hour of the autumn clock change is unambiguous. Null for the empty-month stamp, undefined when malformed.
 */
export function p1Time(text: string): string | null | undefined {
  if (text.length !== 13) return undefined;
  const flag = text.charCodeAt(12);
  const offsetH = flag === 83 /* S */ ? 2 : flag === 87 /* W */ ? 1 : 0;
  if (offsetH === 0) return undefined;
  if (text.startsWith(EMPTY_STAMP)) return null;
  const yy = twoDigits(text, 0);
  const mo = twoDigits(text, 2);
  const dd = twoDigits(text, 4);
  const hh = twoDigits(text, 6);
  const mi = twoDigits(text, 8);
  const ss = twoDigits(text, 10);
  if (yy < 0 || mo < 1 || mo > 12 || dd < 1 || hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59) {
    return undefined;
  }
  let year = 2000 + yy;
  if (dd > daysInMonth(year, mo)) return undefined;
  // shift to UTC by hand: Date construction + toISOString was a third of the parse time
  let hour = hh - offsetH;
  let day = dd;
  let month = mo;
  if (hour < 0) {
    hour += 24;
    day--;
    if (day === 0) {
      month--;
      if (month === 0) {
        month = 12;
        year--;
      }
      day = daysInMonth(year, month);
    }
  }
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${text.slice(8, 10)}:${text.slice(10, 12)}.000Z`;
}

function daysInMonth(year: number, month: number): number {
  // two-digit years: 2000-2099, where every fourth year is a leap year
  return DAYS_IN_MONTH[month - 1]! + (month === 2 && year % 4 === 0 ? 1 : 0);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The month before a (valid) stamp's own month, `YYYY-MM`: the peak history stamps the next month's first day. */
export function monthBefore(stamp: string): string {
  const year = 2000 + twoDigits(stamp, 0);
  const month = twoDigits(stamp, 2);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

function hexNibble(c: number): number {
  if (c >= ZERO && c <= NINE) return c - ZERO;
  if (c >= 65 && c <= 70) return c - 55; // A-F
  if (c >= 97 && c <= 102) return c - 87; // a-f
  return -1;
}

/**
 * Serials, EANs and text messages are sent as hex-encoded ASCII (`3153414733…` → `1SAG3…`). A value that is not
 * printable ASCII once decoded is kept as sent: some meters write plain text, and a serial is better raw than lost.
 */
export function hexAscii(text: string): string {
  if (text.length === 0 || text.length % 2 !== 0) return text;
  let out = '';
  for (let i = 0; i < text.length; i += 2) {
    const hi = hexNibble(text.charCodeAt(i));
    const lo = hexNibble(text.charCodeAt(i + 1));
    if (hi < 0 || lo < 0) return text;
    const code = hi * 16 + lo;
    if (code < 0x20 || code > 0x7e) return text;
    out += String.fromCharCode(code);
  }
  return out;
}
