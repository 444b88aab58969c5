import {
  addDays as addLocalDays,
  brusselsOffsetMs,
  localDate,
  startOfLocalDay,
} from '@ilumen/energy/calendar';
import { z } from 'zod';

/**
 * Fluvius speaks UTC on the wire while a site's day is a Brussels day of 92, 96 or 100 quarter-hours. This is the
 * Fluvius side's view (Dates, wall times, folds) of the platform's one Brussels calendar, `@ilumen/energy/calendar`:
 * every offset and day boundary comes from there.
 */

export const TIME_ZONE = 'Europe/Brussels';
export const QUARTER_MS = 15 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A Brussels calendar day, `YYYY-MM-DD`. */
export const localDateSchema = z.iso.date();
export type LocalDate = z.infer<typeof localDateSchema>;

export interface WallTime {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

export function brusselsWallTime(instant: Date): Required<WallTime> {
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  const local = new Date(wholeSeconds + brusselsOffsetMs(wholeSeconds));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

function wallToMs(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0);
}

/** Minutes Brussels is ahead of UTC at this instant (60 in winter, 120 in summer). */
export function brusselsOffsetMinutes(instant: Date): number {
  return brusselsOffsetMs(instant.getTime()) / 60_000;
}

/**
 * The UTC instants a Brussels wall-clock time denotes, earliest first: none in the spring gap (02:00–02:59 on the last
 * Sunday of March), two in the repeated autumn hour, otherwise one.
 */
export function brusselsWallTimeCandidates(wall: WallTime): Date[] {
  const wallMs = wallToMs(wall);
  const offsets = new Set([
    brusselsOffsetMinutes(new Date(wallMs - DAY_MS)),
    brusselsOffsetMinutes(new Date(wallMs + DAY_MS)),
  ]);
  const candidates: number[] = [];
  for (const offset of offsets) {
    const instant = wallMs - offset * 60_000;
    if (brusselsOffsetMinutes(new Date(instant)) === offset) candidates.push(instant);
  }
  return candidates.sort((a, b) => a - b).map((ms) => new Date(ms));
}

/**
 * A Brussels wall-clock time as UTC. In the repeated autumn hour `fold` picks the first pass (summer time, the
 * default) or the second; in the spring gap there is no such instant and the result is null.
 */
export function brusselsWallTimeToUtc(wall: WallTime, fold: 'earlier' | 'later' = 'earlier'): Date | null {
  const candidates = brusselsWallTimeCandidates(wall);
  return (fold === 'earlier' ? candidates[0] : candidates[candidates.length - 1]) ?? null;
}

export function parseLocalDate(date: LocalDate): { year: number; month: number; day: number } {
  const parsed = localDateSchema.parse(date);
  return {
    year: Number(parsed.slice(0, 4)),
    month: Number(parsed.slice(5, 7)),
    day: Number(parsed.slice(8, 10)),
  };
}

/** The Brussels calendar day an instant falls on. */
export function brusselsLocalDate(instant: Date): LocalDate {
  return localDate(instant.getTime());
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return addLocalDays(localDateSchema.parse(date), days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  const a = parseLocalDate(from);
  const b = parseLocalDate(to);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY_MS);
}

/** Local midnight as UTC: 23:00Z the evening before in winter, 22:00Z in summer. Midnight is never in a gap here. */
export function brusselsDayStart(date: LocalDate): Date {
  return new Date(startOfLocalDay(localDateSchema.parse(date)));
}

export interface UtcWindow {
  from: Date;
  to: Date;
}

/** The UTC window [from, to) of one Brussels day; 23, 24 or 25 hours long. */
export function brusselsDayWindow(date: LocalDate): UtcWindow {
  return { from: brusselsDayStart(date), to: brusselsDayStart(addDays(date, 1)) };
}

/** The UTC window covering Brussels days `first` to `last`, both included. */
export function brusselsDaysWindow(first: LocalDate, last: LocalDate): UtcWindow {
  if (daysBetween(first, last) < 0)
    throw new RangeError(`Day window ends (${last}) before it starts (${first})`);
  return { from: brusselsDayStart(first), to: brusselsDayStart(addDays(last, 1)) };
}

/** 92 on the spring clock change, 100 on the autumn one, 96 otherwise. */
export function quarterHoursInBrusselsDay(date: LocalDate): number {
  const { from, to } = brusselsDayWindow(date);
  return (to.getTime() - from.getTime()) / QUARTER_MS;
}

export function brusselsToday(now: Date): LocalDate {
  return brusselsLocalDate(now);
}

export function brusselsYesterday(now: Date): LocalDate {
  return addDays(brusselsLocalDate(now), -1);
}

/**
 * The same Brussels wall-clock time `days` later (a day boundary stays a day boundary across clock changes). A time
 * that falls in the spring gap moves an hour on; a repeated autumn time takes its first pass.
 */
export function addBrusselsDays(instant: Date, days: number): Date {
  const wall = brusselsWallTime(instant);
  const target = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  const shifted = {
    year: target.getUTCFullYear(),
    month: target.getUTCMonth() + 1,
    day: target.getUTCDate(),
    hour: wall.hour,
    minute: wall.minute,
    second: wall.second,
  };
  return (
    brusselsWallTimeToUtc(shifted) ??
    new Date(brusselsWallTimeToUtc({ ...shifted, hour: shifted.hour + 1 })?.getTime() ?? Number.NaN)
  );
}
