import { z } from 'zod';

/** `HH:MM`, 24 hours. */
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'firmware.window.time');

/**
 * A maintenance window in site-local time: from `from` to `to` (over midnight when `to` is earlier: 22:00–05:00),
 * on the given weekdays (1 = Monday … 7 = Sunday; a window over midnight belongs to the day it starts).
 */
export const maintenanceWindowSchema = z.object({
  from: hhmm,
  to: hhmm,
  days: z.array(z.int().min(1).max(7)).min(1).max(7).optional(),
});
export type MaintenanceWindow = z.infer<typeof maintenanceWindowSchema>;

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** Weekday (1–7) and minute of the day at `at` in `timezone`. */
export function localClock(timezone: string, at: Date): { weekday: number; minute: number } {
  const parts = formatterFor(timezone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { weekday: WEEKDAYS[get('weekday')] ?? 1, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** Whether `at` falls inside the window in the site's zone; no window means always. */
export function inWindow(window: MaintenanceWindow | null, timezone: string, at: Date): boolean {
  if (!window) return true;
  const { weekday, minute } = localClock(timezone, at);
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  let startDay: number;
  if (from === to) startDay = weekday;
  else if (from < to) {
    if (minute < from || minute >= to) return false;
    startDay = weekday;
  } else if (minute >= from) startDay = weekday;
  else if (minute < to) startDay = weekday === 1 ? 7 : weekday - 1;
  else return false;
  return !window.days || window.days.includes(startDay);
}
