import { DAY_MS, daysFromCivil, MINUTE_MS, QUARTER_MS, yearOfDays } from './civil-date';

// UTC offsets of one IANA zone, read from the runtime's tz database (ICU, through Intl) and memoised per UTC year as
// a short list of constant-offset segments. After the first call for a year every lookup is plain arithmetic, which
// is what hot paths (ingest, rollups, charts) need; Intl itself costs microseconds and allocates per call.

interface Segment {
  from: number;
  to: number;
  offsetMs: number;
}

export interface ZoneOffsets {
  readonly timeZone: string;
  /** Offset (local − UTC) in ms at a UTC instant. */
  offsetAt(instantMs: number): number;
  /**
   * The UTC instant of a local wall-clock time given as ms since 1970-01-01T00:00 local. An ambiguous time (autumn
   * repeat) gives the earlier instant; a time in the spring gap is moved forward by the gap's length.
   */
  utcFromLocal(localMs: number): number;
}

const WEEK_MS = 7 * DAY_MS;

export function createZoneOffsets(timeZone: string): ZoneOffsets {
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });

  function intlOffset(instantMs: number): number {
    const seconds = Math.floor(instantMs / 1000) * 1000;
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let s = 0;
    for (const part of formatter.formatToParts(seconds)) {
      switch (part.type) {
        case 'year':
          y = Number(part.value);
          break;
        case 'month':
          mo = Number(part.value);
          break;
        case 'day':
          d = Number(part.value);
          break;
        case 'hour':
          h = Number(part.value);
          break;
        case 'minute':
          mi = Number(part.value);
          break;
        case 'second':
          s = Number(part.value);
          break;
      }
    }
    return Date.UTC(y, mo - 1, d, h, mi, s) - seconds;
  }

  // Transitions happen on whole minutes; find the first minute in (lo, hi] that has hi's offset.
  function findTransition(lo: number, hi: number, offsetHi: number): number {
    let a = Math.floor(lo / MINUTE_MS);
    let b = Math.floor(hi / MINUTE_MS);
    while (b - a > 1) {
      const mid = Math.floor((a + b) / 2);
      if (intlOffset(mid * MINUTE_MS) === offsetHi) b = mid;
      else a = mid;
    }
    return b * MINUTE_MS;
  }

  const years = new Map<number, Segment[]>();

  function segmentsOfYear(year: number): Segment[] {
    const cached = years.get(year);
    if (cached) return cached;
    const start = daysFromCivil(year, 1, 1) * DAY_MS;
    const end = daysFromCivil(year + 1, 1, 1) * DAY_MS;
    const segments: Segment[] = [];
    let from = start;
    let prevT = start;
    let prevOffset = intlOffset(start);
    // Weekly samples: zones change offset at most a few times a year and never twice within a week.
    for (let t = Math.min(start + WEEK_MS, end); ; t = Math.min(t + WEEK_MS, end)) {
      const o = intlOffset(t === end ? end - 1 : t);
      if (o !== prevOffset) {
        const at = findTransition(prevT, t === end ? end - 1 : t, o);
        segments.push({ from, to: at, offsetMs: prevOffset });
        from = at;
        prevOffset = o;
      }
      prevT = t;
      if (t === end) break;
    }
    segments.push({ from, to: end, offsetMs: prevOffset });
    for (const seg of segments) {
      if (seg.offsetMs % QUARTER_MS !== 0) {
        // quarterFloor and the hour buckets rely on offsets being whole quarters (true for Europe/Brussels).
        throw new Error(
          `${timeZone} has an offset of ${seg.offsetMs / MINUTE_MS} min, not a whole quarter-hour`,
        );
      }
    }
    years.set(year, segments);
    return segments;
  }

  let hitFrom = 0;
  let hitTo = -1;
  let hitOffset = 0;

  function offsetAt(instantMs: number): number {
    if (instantMs >= hitFrom && instantMs < hitTo) return hitOffset;
    const segments = segmentsOfYear(yearOfDays(Math.floor(instantMs / DAY_MS)));
    for (const seg of segments) {
      if (instantMs < seg.to) {
        hitFrom = seg.from;
        hitTo = seg.to;
        hitOffset = seg.offsetMs;
        return seg.offsetMs;
      }
    }
    throw new Error(`no offset segment for ${instantMs}`);
  }

  function utcFromLocal(localMs: number): number {
    // Fast path: the offset at that wall time read as UTC is right unless a transition lies within a day of it.
    const o1 = offsetAt(localMs);
    const guess = localMs - o1;
    // offsetAt(guess) leaves hitFrom/hitTo on the segment that holds guess.
    if (offsetAt(guess) === o1 && guess - DAY_MS >= hitFrom && guess + DAY_MS < hitTo) return guess;
    // The offsets in force just before and just after any transition near this wall-clock time.
    const before = offsetAt(localMs - DAY_MS);
    const after = offsetAt(localMs + DAY_MS);
    const first = Math.max(before, after);
    const second = Math.min(before, after);
    if (offsetAt(localMs - first) === first) return localMs - first;
    if (offsetAt(localMs - second) === second) return localMs - second;
    return localMs - before;
  }

  return { timeZone, offsetAt, utcFromLocal };
}
