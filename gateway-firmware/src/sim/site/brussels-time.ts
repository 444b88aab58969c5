import { brusselsOffsetMs, localEpochDay, startOfLocalDay } from '@ilumen/energy/calendar';

/*
 * The simulated meter's Brussels civil time, read from the platform's one Brussels calendar (@ilumen/energy/calendar):
 * the meter stamps its telegrams in local time with S/W, and day/night tariffs and months follow local time.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function isSummerTime(ms: number): boolean {
  return brusselsOffsetMs(ms) === 2 * HOUR;
}

export function offsetHours(ms: number): 1 | 2 {
  return isSummerTime(ms) ? 2 : 1;
}

export interface LocalParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  /** Hours since local midnight, fractional. */
  hourOfDay: number;
  /** 1 = 1 January. */
  dayOfYear: number;
  summer: boolean;
}

export function localParts(ms: number): LocalParts {
  const offset = brusselsOffsetMs(ms);
  const summer = offset === 2 * HOUR;
  const d = new Date(ms + offset);
  const year = d.getUTCFullYear();
  const startOfYear = Date.UTC(year, 0, 1);
  return {
    year,
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
    hourOfDay: d.getUTCHours() + d.getUTCMinutes() / 60 + d.getUTCSeconds() / 3600,
    dayOfYear: Math.floor((Date.UTC(year, d.getUTCMonth(), d.getUTCDate()) - startOfYear) / DAY) + 1,
    summer,
  };
}

/** Local calendar day number (days since 1970-01-01 in Brussels), for per-day random schedules. */
export function localDayIndex(ms: number): number {
  return localEpochDay(ms);
}

/** UTC ms of local midnight starting the given local day number. */
export function localDayStart(dayIndex: number): number {
  return startOfLocalDay(new Date(dayIndex * DAY).toISOString().slice(0, 10));
}

const two = (n: number) => String(n).padStart(2, '0');

/** The telegram time format `YYMMDDhhmmssX`, X = S (summer) or W (winter). */
export function p1Stamp(ms: number): string {
  const p = localParts(ms);
  return `${two(p.year % 100)}${two(p.month)}${two(p.day)}${two(p.hour)}${two(p.minute)}${two(p.second)}${p.summer ? 'S' : 'W'}`;
}

/** `YYYY-MM` of the local month containing `ms`. */
export function localMonth(ms: number): string {
  const p = localParts(ms);
  return `${p.year}-${two(p.month)}`;
}

/** UTC ms of 00:00 local on the first day of the month after the one containing `ms`. */
export function nextMonthStart(ms: number): number {
  const p = localParts(ms);
  const y = p.month === 12 ? p.year + 1 : p.year;
  const m = p.month === 12 ? 1 : p.month + 1;
  return startOfLocalDay(`${y}-${two(m)}-01`);
}
