import {
  DAY_MS,
  daysFromCivil,
  HOUR_MS,
  isoWeekdayOfDays,
  MINUTE_MS,
  QUARTER_MS,
  yearOfDays,
} from './civil-date';

// UTC offsets of one IANA zone, memoised per UTC year as a short list of constant-offset segments. After the first
// call for a year every lookup is plain arithmetic, which is what hot paths (ingest, rollups, charts) need. A zone of
// the EU's summer-time rule (Europe/Brussels) is computed from the rule for the years it holds; any other zone or year
// is read from the runtime's tz database (ICU, through Intl). Not touching Intl keeps ICU's time-zone data (about
// 7 MB resident) out of the gateway, which counts its days with this calendar (decision 311); a test holds the rule
// to the tz database year by year.

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

/** Zones that keep the EU's summer time (Directive 2000/84/EC, in force since 1996): their standard offset. */
const EU_SUMMER_TIME_ZONES: Record<string, number> = { 'Europe/Brussels': HOUR_MS };
const EU_RULE_SINCE = 1996;

/** The last Sunday of a month, as days since 1970-01-01. */
function lastSunday(year: number, month: number): number {
  const last = daysFromCivil(year, month + 1, 1) - 1;
  return last - (isoWeekdayOfDays(last) % 7);
}

/**
 * A year of an EU zone by the rule: summer time (standard + 1 h) from 01:00 UTC on the last Sunday of March to 01:00
 * UTC on the last Sunday of October.
 */
function euRuleSegments(year: number, standardMs: number): Segment[] {
  const start = daysFromCivil(year, 1, 1) * DAY_MS;
  const end = daysFromCivil(year + 1, 1, 1) * DAY_MS;
  const spring = lastSunday(year, 3) * DAY_MS + HOUR_MS;
  const autumn = lastSunday(year, 10) * DAY_MS + HOUR_MS;
  return [
    { from: start, to: spring, offsetMs: standardMs },
    { from: spring, to: autumn, offsetMs: standardMs + HOUR_MS },
    { from: autumn, to: end, offsetMs: standardMs },
  ];
}

/**
 * `source: 'tz-database'` reads every year from Intl, also for a zone the EU rule would compute (the test that holds
 * the rule to the tz database).
 */
export function createZoneOffsets(
  timeZone: string,
  { source = 'rule' }: { source?: 'rule' | 'tz-database' } = {},
): ZoneOffsets {
  const euStandardMs = source === 'rule' ? EU_SUMMER_TIME_ZONES[timeZone] : undefined;
  // made on first use: a zone the rule covers never loads ICU's time-zone data
  let formatter: Intl.DateTimeFormat | undefined;

  function intlOffset(instantMs: number): number {
    formatter ??= new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
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
    if (euStandardMs !== undefined && year >= EU_RULE_SINCE) {
      const segments = euRuleSegments(year, euStandardMs);
      years.set(year, segments);
      return segments;
    }
    return tzDatabaseSegments(year);
  }

  function tzDatabaseSegments(year: number): Segment[] {
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
