import { type HourPrice, type Instant, instantOfLocal, type LocalDate } from '@ilumen/energy';

export interface ChargeWindow {
  start: Instant;
  end: Instant;
  /** Mean price of the window's hours, €/MWh; null when it was chosen without prices. */
  meanEurPerMwh: number | null;
}

/** Without prices the charge goes in the night, when they usually are lowest: 02:00 local for `hours`. */
export function defaultWindow(day: LocalDate, hours: number): ChargeWindow {
  const start = instantOfLocal(day, 2, 0);
  return { start, end: start + hours * 3_600_000, meanEurPerMwh: null };
}

/**
 * The cheapest run of `hours` consecutive hours among `hourly` (one Brussels day's hourly prices; complete hours
 * only, no hole between them), earliest on a tie; null when the day has no such run.
 */
export function cheapestWindow(hourly: readonly HourPrice[], hours: number): ChargeWindow | null {
  const n = Math.max(1, Math.floor(hours));
  let best: { i: number; cents: number; minutes: number } | null = null;
  for (let i = 0; i + n <= hourly.length; i++) {
    let cents = 0;
    let minutes = 0;
    let ok = true;
    for (let j = i; j < i + n; j++) {
      const h = hourly[j]!;
      if (h.minutesPriced < 60 || (j > i && h.start !== hourly[j - 1]!.end)) {
        ok = false;
        break;
      }
      cents += h.centMinutes;
      minutes += h.minutesPriced;
    }
    // compare means exactly: cents / minutes, cross-multiplied
    if (ok && (!best || cents * best.minutes < best.cents * minutes)) best = { i, cents, minutes };
  }
  if (!best) return null;
  return {
    start: hourly[best.i]!.start,
    end: hourly[best.i + n - 1]!.end,
    meanEurPerMwh: Math.round((best.cents / best.minutes / 100) * 100) / 100,
  };
}
