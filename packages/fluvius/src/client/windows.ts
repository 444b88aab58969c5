import { addBrusselsDays, type UtcWindow } from '../time/brussels-time';

/** Fluvius (per EDDIE) serves at most 184 days per energy request. */
export const MAX_WINDOW_DAYS = 184;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Splits [from, to) into consecutive windows of at most `maxDays` days. Boundaries advance in Brussels calendar days so
 * a window that starts at local midnight ends at local midnight (daily values are never cut); when a window would
 * cross the autumn clock change and so last an hour longer than `maxDays` × 24 h, it takes one day less.
 */
export function splitIntoWindows(from: Date, to: Date, maxDays = MAX_WINDOW_DAYS): UtcWindow[] {
  if (!(from.getTime() < to.getTime())) throw new RangeError('Window must end after it starts');
  if (!Number.isInteger(maxDays) || maxDays < 2) throw new RangeError('maxDays must be an integer >= 2');
  const windows: UtcWindow[] = [];
  let cursor = from;
  while (cursor.getTime() < to.getTime()) {
    let end = addBrusselsDays(cursor, maxDays);
    if (end.getTime() - cursor.getTime() > maxDays * DAY_MS) end = addBrusselsDays(cursor, maxDays - 1);
    if (end.getTime() > to.getTime()) end = to;
    windows.push({ from: cursor, to: end });
    cursor = end;
  }
  return windows;
}
