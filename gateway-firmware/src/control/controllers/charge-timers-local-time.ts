/*
 * The hour of the day in Belgium (Europe/Brussels) without a time-zone database, so it is the same on every box
 * whatever ICU data its Node has: CET (UTC+1), and CEST (UTC+2) from the last Sunday of March 01:00 UTC to the last
 * Sunday of October 01:00 UTC (the EU rule since 1996).
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function lastSundayUtc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month + 1, 0);
  return lastDay - new Date(lastDay).getUTCDay() * DAY_MS;
}

/** Brussels' offset from UTC at `ms`, in hours (1 or 2). */
export function brusselsOffsetHours(ms: number): 1 | 2 {
  const year = new Date(ms).getUTCFullYear();
  const start = lastSundayUtc(year, 2) + HOUR_MS;
  const end = lastSundayUtc(year, 9) + HOUR_MS;
  return ms >= start && ms < end ? 2 : 1;
}

/** The local hour (0–23) in Brussels at `ms`. */
export function brusselsHour(ms: number): number {
  return new Date(ms + brusselsOffsetHours(ms) * HOUR_MS).getUTCHours();
}
