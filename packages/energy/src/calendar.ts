import { z } from 'zod';
import {
  DAY_MS,
  daysFromCivil,
  formatDays,
  formatHourMinute,
  formatMonth,
  formatYear,
  HOUR_MS,
  isLocalDateString,
  isoWeekdayOfDays,
  MINUTE_MS,
  packedCivilFromDays,
  parseDays,
  QUARTER_MS,
} from './civil-date';
import { createZoneOffsets } from './zone-offsets';

export { DAY_MS, HOUR_MS, MINUTE_MS, QUARTER_MS } from './civil-date';

/** The zone every site's day, week, month and year is counted in (DESIGN §4). */
export const SITE_TIME_ZONE = 'Europe/Brussels';

// A memo of immutable tz data, not state: it makes every call below plain arithmetic after the first of a year.
const zone = createZoneOffsets(SITE_TIME_ZONE);

/** A UTC instant as epoch milliseconds. */
export type Instant = number;
/** What the calendar accepts as an instant: epoch ms, a Date, or an ISO 8601 string with `Z` or an offset. */
export type InstantLike = number | Date | string;

export const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => {
    try {
      parseDays(s);
      return true;
    } catch {
      return false;
    }
  }, 'not a calendar date');
/** A Brussels calendar date, `YYYY-MM-DD`. */
export type LocalDate = z.infer<typeof localDateSchema>;

export const localMonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');
/** A Brussels calendar month, `YYYY-MM`. */
export type LocalMonth = z.infer<typeof localMonthSchema>;

export const periodKindSchema = z.enum(['day', 'week', 'month', 'year']);
export type PeriodKind = z.infer<typeof periodKindSchema>;

/** A half-open UTC interval `[start, end)` in epoch ms. */
export interface UtcRange {
  start: Instant;
  end: Instant;
}

/** A Brussels calendar period as a UTC range, with its key and its local days. */
export interface Period extends UtcRange {
  kind: PeriodKind;
  /** `2024-10-27` (day), `2024-W43` (ISO week), `2024-10` (month), `2024` (year). */
  key: string;
  /** First local day of the period. */
  firstDay: LocalDate;
  /** Last local day of the period (inclusive). */
  lastDay: LocalDate;
  /** Number of local days. */
  days: number;
}

export interface HourBucket extends UtcRange {
  /** `"02:00"`, and `"02:00 (2)"` for the repeated hour of the autumn clock change. */
  label: string;
  /** Local hour 0–23. */
  localHour: number;
  /** 1, or 2 for the second 02:00 of the autumn clock change. */
  occurrence: 1 | 2;
}

export interface DayBucket extends UtcRange {
  date: LocalDate;
  label: LocalDate;
}

export interface MonthBucket extends UtcRange {
  month: LocalMonth;
  label: LocalMonth;
}

/** The buckets a chart of a period shows: hours of a day, days of a week or month, months of a year. */
export type Bucket = HourBucket | DayBucket | MonthBucket;

const ZONED_ISO = /(Z|[+-]\d{2}:?\d{2})$/i;

/** Epoch ms of an instant; strings must carry a zone (`Z` or an offset) so they are never read in the host's zone. */
export function toInstant(value: InstantLike): Instant {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not an instant: ${value}`);
    return value;
  }
  if (value instanceof Date) {
    const t = value.getTime();
    if (Number.isNaN(t)) throw new RangeError('invalid Date');
    return t;
  }
  const t = ZONED_ISO.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(t)) throw new RangeError(`not an ISO instant with a zone: ${JSON.stringify(value)}`);
  return t;
}

/** ISO 8601 UTC string of an instant (`2024-10-27T01:00:00.000Z`). */
export function toIso(instant: Instant): string {
  return new Date(instant).toISOString();
}

/** The Brussels UTC offset in ms at an instant (3_600_000 in winter, 7_200_000 in summer). */
export function brusselsOffsetMs(instant: InstantLike): number {
  return zone.offsetAt(toInstant(instant));
}

/** Start of the quarter-hour containing the instant (Brussels offsets are whole hours, so UTC and local agree). */
export function quarterFloor(instant: InstantLike): Instant {
  const t = typeof instant === 'number' ? instant : toInstant(instant);
  return Math.floor(t / QUARTER_MS) * QUARTER_MS;
}

/** Start of the hour containing the instant. */
export function hourFloor(instant: InstantLike): Instant {
  const t = typeof instant === 'number' ? instant : toInstant(instant);
  return Math.floor(t / HOUR_MS) * HOUR_MS;
}

let lastDay = Number.NaN;
let lastDayString = '';

/** Epoch day (days since 1970-01-01) of the Brussels date that contains the instant. */
export function localEpochDay(instant: InstantLike): number {
  const t = typeof instant === 'number' ? instant : toInstant(instant);
  return Math.floor((t + zone.offsetAt(t)) / DAY_MS);
}

/** The Brussels date `YYYY-MM-DD` that contains the instant. */
export function localDate(instant: InstantLike): LocalDate {
  const day = localEpochDay(instant);
  if (day === lastDay) return lastDayString;
  lastDayString = formatDays(day);
  lastDay = day;
  return lastDayString;
}

/** The Brussels month `YYYY-MM` that contains the instant. */
export function localMonth(instant: InstantLike): LocalMonth {
  const p = packedCivilFromDays(localEpochDay(instant));
  return formatMonth(Math.floor(p / 10000), Math.floor(p / 100) % 100);
}

/** Brussels wall-clock time `HH:mm` of an instant. */
export function localTime(instant: InstantLike): string {
  const t = toInstant(instant);
  const local = t + zone.offsetAt(t);
  return formatHourMinute(Math.floor((local - Math.floor(local / DAY_MS) * DAY_MS) / MINUTE_MS));
}

/** The UTC instant of a Brussels wall-clock time (earlier one if repeated; moved forward if skipped). */
export function instantOfLocal(date: LocalDate, hour = 0, minute = 0): Instant {
  return zone.utcFromLocal(parseDays(date) * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS);
}

/** Start of a Brussels day as a UTC instant. */
export function startOfLocalDay(date: LocalDate): Instant {
  return zone.utcFromLocal(parseDays(date) * DAY_MS);
}

export function addDays(date: LocalDate, n: number): LocalDate {
  return formatDays(parseDays(date) + n);
}

/** ISO weekday of a local date: Monday = 1 … Sunday = 7. */
export function isoWeekday(date: LocalDate): number {
  return isoWeekdayOfDays(parseDays(date));
}

function dayStart(epochDay: number): Instant {
  return zone.utcFromLocal(epochDay * DAY_MS);
}

function epochDayOf(at: InstantLike | LocalDate): number {
  return typeof at === 'string' && isLocalDateString(at) ? parseDays(at) : localEpochDay(at);
}

function periodOfDays(kind: PeriodKind, key: string, firstEpochDay: number, endEpochDay: number): Period {
  return {
    kind,
    key,
    start: dayStart(firstEpochDay),
    end: dayStart(endEpochDay),
    firstDay: formatDays(firstEpochDay),
    lastDay: formatDays(endEpochDay - 1),
    days: endEpochDay - firstEpochDay,
  };
}

function isoWeekKey(epochDay: number): string {
  // The ISO week-year is the year of the week's Thursday.
  const thursday = epochDay - isoWeekdayOfDays(epochDay) + 4;
  const year = Math.floor(packedCivilFromDays(thursday) / 10000);
  const week = Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
  return `${formatYear(year)}-W${week < 10 ? `0${week}` : week}`;
}

function periodFromEpochDay(kind: PeriodKind, epochDay: number): Period {
  switch (kind) {
    case 'day':
      return periodOfDays('day', formatDays(epochDay), epochDay, epochDay + 1);
    case 'week': {
      const monday = epochDay - isoWeekdayOfDays(epochDay) + 1;
      return periodOfDays('week', isoWeekKey(monday), monday, monday + 7);
    }
    case 'month': {
      const p = packedCivilFromDays(epochDay);
      const y = Math.floor(p / 10000);
      const m = Math.floor(p / 100) % 100;
      const first = daysFromCivil(y, m, 1);
      const next = m === 12 ? daysFromCivil(y + 1, 1, 1) : daysFromCivil(y, m + 1, 1);
      return periodOfDays('month', formatMonth(y, m), first, next);
    }
    case 'year': {
      const y = Math.floor(packedCivilFromDays(epochDay) / 10000);
      return periodOfDays('year', formatYear(y), daysFromCivil(y, 1, 1), daysFromCivil(y + 1, 1, 1));
    }
  }
}

/**
 * The Brussels day, ISO week (Monday start), month or year that contains an instant or a local date. A string of the
 * form `YYYY-MM-DD` is a local date; any other string must be an ISO instant with a zone.
 */
export function periodOf(kind: PeriodKind, at: InstantLike | LocalDate): Period {
  return periodFromEpochDay(kind, epochDayOf(at));
}

export const dayRange = (at: InstantLike | LocalDate): Period => periodOf('day', at);
export const weekRange = (at: InstantLike | LocalDate): Period => periodOf('week', at);
export const monthRange = (at: InstantLike | LocalDate): Period => periodOf('month', at);
export const yearRange = (at: InstantLike | LocalDate): Period => periodOf('year', at);

/**
 * The period a key names: `YYYY-MM-DD` day, `YYYY-Www` ISO week, `YYYY-MM` month, `YYYY` year. Throws on anything
 * else (use it on URL parameters).
 */
export function periodFromKey(key: string): Period {
  if (isLocalDateString(key)) return periodFromEpochDay('day', parseDays(key));
  let m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (m) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    // Week 1 is the week that holds 4 January.
    const jan4 = daysFromCivil(year, 1, 4);
    const monday = jan4 - isoWeekdayOfDays(jan4) + 1 + (week - 1) * 7;
    const period = periodFromEpochDay('week', monday);
    if (week < 1 || period.key !== key) throw new RangeError(`no such ISO week: ${key}`);
    return period;
  }
  m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) throw new RangeError(`no such month: ${key}`);
    return periodFromEpochDay('month', daysFromCivil(Number(m[1]), month, 1));
  }
  if (/^\d{4}$/.test(key)) return periodFromEpochDay('year', daysFromCivil(Number(key), 1, 1));
  throw new RangeError(`not a period key: ${JSON.stringify(key)}`);
}

/** The period `n` steps before (negative) or after (positive) the given one, of the same kind. */
export function shiftPeriod(period: Period, n: number): Period {
  const first = parseDays(period.firstDay);
  switch (period.kind) {
    case 'day':
      return periodFromEpochDay('day', first + n);
    case 'week':
      return periodFromEpochDay('week', first + 7 * n);
    case 'month': {
      const p = packedCivilFromDays(first);
      const index = Math.floor(p / 10000) * 12 + (Math.floor(p / 100) % 100) - 1 + n;
      return periodFromEpochDay('month', daysFromCivil(Math.floor(index / 12), (index % 12) + 1, 1));
    }
    case 'year':
      return periodFromEpochDay(
        'year',
        daysFromCivil(Math.floor(packedCivilFromDays(first) / 10000) + n, 1, 1),
      );
  }
}

export const previousPeriod = (period: Period): Period => shiftPeriod(period, -1);
export const nextPeriod = (period: Period): Period => shiftPeriod(period, 1);

/** Quarter-hour starts of a Brussels day: 92, 96 or 100 instants. */
export function quarterStartsOfDay(day: InstantLike | LocalDate): Instant[] {
  const { start, end } = periodOf('day', day);
  const out: Instant[] = new Array((end - start) / QUARTER_MS);
  for (let i = 0, t = start; t < end; i++, t += QUARTER_MS) out[i] = t;
  return out;
}

/** Number of quarter-hours in a UTC range (92/96/100 for a day). */
export function quarterCount(range: UtcRange): number {
  return Math.round((range.end - range.start) / QUARTER_MS);
}

/** Hour buckets of a Brussels day: 23, 24 or 25, each labelled by its local hour. */
export function hourBucketsOfDay(day: InstantLike | LocalDate): HourBucket[] {
  const { start, end } = periodOf('day', day);
  const out: HourBucket[] = [];
  const seen = new Set<number>();
  for (let t = start; t < end; t += HOUR_MS) {
    const local = t + zone.offsetAt(t);
    const localHour = Math.floor((local - Math.floor(local / DAY_MS) * DAY_MS) / HOUR_MS);
    const occurrence: 1 | 2 = seen.has(localHour) ? 2 : 1;
    seen.add(localHour);
    const hh = formatHourMinute(localHour * 60);
    out.push({
      start: t,
      end: t + HOUR_MS,
      localHour,
      occurrence,
      label: occurrence === 1 ? hh : `${hh} (2)`,
    });
  }
  return out;
}

/** Day buckets of a week or month (or any period). */
export function dayBuckets(period: Period): DayBucket[] {
  const first = parseDays(period.firstDay);
  const out: DayBucket[] = [];
  let start = period.start;
  for (let d = first; d < first + period.days; d++) {
    const end = dayStart(d + 1);
    const date = formatDays(d);
    out.push({ start, end, date, label: date });
    start = end;
  }
  return out;
}

/** Month buckets of a year (or any period made of whole months). */
export function monthBuckets(period: Period): MonthBucket[] {
  const out: MonthBucket[] = [];
  let month = periodOf('month', period.firstDay);
  while (month.start < period.end) {
    out.push({ start: month.start, end: month.end, month: month.key, label: month.key });
    month = shiftPeriod(month, 1);
  }
  return out;
}

/** The chart buckets of a period: hours of a day, days of a week or month, months of a year. */
export function bucketsOf(period: Period): Bucket[] {
  switch (period.kind) {
    case 'day':
      return hourBucketsOfDay(period.firstDay);
    case 'week':
    case 'month':
      return dayBuckets(period);
    case 'year':
      return monthBuckets(period);
  }
}

/** Index of the bucket containing the instant (binary search over contiguous sorted buckets), or -1. */
export function bucketIndexOf(buckets: readonly UtcRange[], instant: Instant): number {
  let lo = 0;
  let hi = buckets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = buckets[mid]!;
    if (instant < b.start) hi = mid - 1;
    else if (instant >= b.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Easter Sunday of a year (Gregorian, the anonymous algorithm), as an epoch day. */
function easterDays(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return daysFromCivil(year, month, day);
}

const FIXED_HOLIDAYS = ['01-01', '05-01', '07-21', '08-15', '11-01', '11-11', '12-25'];

/**
 * Whether a Brussels epoch day is a Belgian public holiday: New Year, Easter Monday, Labour Day, Ascension, Whit
 * Monday, the National Day, Assumption, All Saints, Armistice, Christmas.
 */
export function isBelgianHoliday(epochDay: number): boolean {
  const p = packedCivilFromDays(epochDay);
  const year = Math.floor(p / 10000);
  const monthDay = `${String(Math.floor(p / 100) % 100).padStart(2, '0')}-${String(p % 100).padStart(2, '0')}`;
  if (FIXED_HOLIDAYS.includes(monthDay)) return true;
  const easter = easterDays(year);
  return epochDay === easter + 1 || epochDay === easter + 39 || epochDay === easter + 50;
}

/**
 * Which register of a Belgian two-rate meter counts at an instant: 1 (day) Monday–Friday 07:00–22:00 Brussels time,
 * 2 (night) the other hours, the whole weekend and public holidays, as most grid operators switch it
 * (docs/decisions/230). The one rule the simulated meter counts by and the bill splits quarters by when the meter's
 * own register is not known.
 */
export function meterRegister(instant: InstantLike): 1 | 2 {
  const t = typeof instant === 'number' ? instant : toInstant(instant);
  const local = t + zone.offsetAt(t);
  const day = Math.floor(local / DAY_MS);
  if (isoWeekdayOfDays(day) >= 6 || isBelgianHoliday(day)) return 2;
  const minute = (local - day * DAY_MS) / MINUTE_MS;
  return minute >= 7 * 60 && minute < 22 * 60 ? 1 : 2;
}
