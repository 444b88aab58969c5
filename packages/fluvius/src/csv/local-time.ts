import { brusselsOffsetMinutes, brusselsWallTimeCandidates } from '../time/brussels-time';
import type { CsvDate } from './csv-values';

const MINUTE_MS = 60_000;

/**
 * Brussels wall-clock → UTC for hundreds of thousands of rows. Offsets are looked up once per calendar date: on a
 * normal day one offset holds from midnight to midnight and the conversion is arithmetic; only the two clock-change
 * days a year go through the full candidate search.
 */
export class BrusselsWallClock {
  private readonly dayOffsets = new Map<number, number | null>();

  /** The UTC instants for this wall time, earliest first (two in the autumn fold, none in the spring gap). */
  candidates(date: CsvDate, minutes: number): number[] {
    const wallMs = Date.UTC(date.year, date.month - 1, date.day) + minutes * MINUTE_MS;
    const offset = this.steadyOffset(date);
    if (offset !== null) return [wallMs - offset * MINUTE_MS];
    return brusselsWallTimeCandidates({
      year: date.year,
      month: date.month,
      day: date.day,
      hour: Math.floor(minutes / 60),
      minute: minutes % 60,
    }).map((d) => d.getTime());
  }

  /** The expected wall time of an instant, as ms since the epoch read as if UTC (for comparing with a cell). */
  wallMsOf(instantMs: number, near: CsvDate): number {
    const offset = this.steadyOffset(near);
    const local = offset ?? brusselsOffsetMinutes(new Date(instantMs));
    return instantMs + local * MINUTE_MS;
  }

  /** The offset if it is the same all day long, else null (a clock-change day). */
  private steadyOffset(date: CsvDate): number | null {
    const key = date.year * 10_000 + date.month * 100 + date.day;
    let offset = this.dayOffsets.get(key);
    if (offset === undefined) {
      const midnight = Date.UTC(date.year, date.month - 1, date.day);
      // Brussels changes clocks between 01:00 and 03:00 UTC; before and after that window covers the whole day.
      const before = brusselsOffsetMinutes(new Date(midnight - 3 * 60 * MINUTE_MS));
      const after = brusselsOffsetMinutes(new Date(midnight + 24 * 60 * MINUTE_MS));
      offset = before === after ? before : null;
      this.dayOffsets.set(key, offset);
    }
    return offset;
  }
}
