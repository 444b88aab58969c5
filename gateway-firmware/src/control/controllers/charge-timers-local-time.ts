import { brusselsOffsetMs } from '@ilumen/energy/calendar';

// The hour of the day in Belgium, from the platform's one Brussels calendar (@ilumen/energy/calendar), so a charge
// timer set for 22:00 starts at 22:00 on either side of a clock change.

const HOUR_MS = 3_600_000;

/** Brussels' offset from UTC at `ms`, in hours (1 or 2). */
export function brusselsOffsetHours(ms: number): 1 | 2 {
  return brusselsOffsetMs(ms) === 2 * HOUR_MS ? 2 : 1;
}

/** The local hour (0–23) in Brussels at `ms`. */
export function brusselsHour(ms: number): number {
  return new Date(ms + brusselsOffsetMs(ms)).getUTCHours();
}
