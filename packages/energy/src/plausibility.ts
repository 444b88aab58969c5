/**
 * What a site's data may plausibly say (decision 090): one rule for the ingest's live values and quarters, for
 * quarters from Fluvius and the Mijn Fluvius CSV, and for the meter's month peak. A value outside these rules is not
 * stored as energy, never becomes a month peak, a cost or a control input, and is kept as an anomaly with a code the
 * support desk reads in its own language.
 */

/** The grid connection as the site record has it (`sites.grid_phases`, `sites.main_fuse_a`). */
export interface GridConnection {
  gridPhases: number;
  mainFuseA: number;
}

/** Phase voltage used for the connection's capacity (Belgian low voltage: 230 V phase to neutral). */
export const NOMINAL_VOLTAGE_V = 230;
/**
 * Headroom above phases × fuse × 230 V: voltage above nominal (up to +10 %), a fuse carrying a little over its rating
 * for minutes, and a meter rounding. A real reading above this is not a household's load.
 */
export const CONNECTION_MARGIN = 1.25;
/** A clock this far ahead of ours is still the gateway's clock being a little fast, not a reading from the future. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** A register that is not the grid's (PV, battery, charger, heat) may not move more than this in one quarter. */
export const DEVICE_QUARTER_MAX_WH = 25_000;

export type ImplausibleCode =
  /** More power or energy than the connection can carry. */
  | 'over-connection'
  /** A counter lower than before: a reset, a swapped meter or a replayed old reading. */
  | 'counter-backwards'
  /** A device counter jumped more than any device can deliver in a quarter. */
  | 'counter-jump'
  /** A time later than now. */
  | 'future-time';

/** One implausible value: what, which field, the value and the limit it broke (for the support desk). */
export interface Implausibility {
  code: ImplausibleCode;
  field: string;
  value: number | string;
  limit?: number | string;
}

/** The most power (W) the connection can carry, margin included. */
export function connectionLimitW(c: GridConnection): number {
  return Math.round(c.gridPhases * c.mainFuseA * NOMINAL_VOLTAGE_V * CONNECTION_MARGIN);
}

/** The most energy (Wh) one quarter can carry through the connection. */
export function connectionQuarterLimitWh(c: GridConnection): number {
  return Math.round(connectionLimitW(c) / 4);
}

/** The current (A) a phase may carry, margin included. */
export function phaseLimitA(c: GridConnection): number {
  return c.mainFuseA * CONNECTION_MARGIN;
}

export function futureTime(field: string, at: string | number | Date, now: number): Implausibility | null {
  const t = typeof at === 'number' ? at : new Date(at).getTime();
  if (t <= now + FUTURE_TOLERANCE_MS) return null;
  return { code: 'future-time', field, value: new Date(t).toISOString(), limit: new Date(now).toISOString() };
}

function overConnection(field: string, value: number | undefined, limit: number): Implausibility | null {
  return value !== undefined && value > limit ? { code: 'over-connection', field, value, limit } : null;
}

/** The grid part of a `live` message, as the gateway reports it from P1. */
export interface LiveGridValues {
  importW: number;
  exportW: number;
  quarterAverageW?: number;
  monthPeak?: { w: number; at: string | null };
  phases?: Partial<Record<'l1' | 'l2' | 'l3', { currentA?: number } | undefined>>;
}

/**
 * What is implausible in a live reading: its time, grid power or a phase current above the connection, the meter's
 * quarter average or month peak above it. Empty when it is plausible.
 */
export function checkLive(
  live: { ts: string; grid?: LiveGridValues },
  c: GridConnection,
  now: number,
): Implausibility[] {
  const limit = connectionLimitW(c);
  const found = [
    futureTime('ts', live.ts, now),
    overConnection('grid.importW', live.grid?.importW, limit),
    overConnection('grid.exportW', live.grid?.exportW, limit),
    overConnection('grid.quarterAverageW', live.grid?.quarterAverageW, limit),
    ...(['l1', 'l2', 'l3'] as const).map((p) =>
      overConnection(
        `grid.phases.${p}.currentA`,
        live.grid?.phases?.[p]?.currentA,
        Math.round(phaseLimitA(c) * 10) / 10,
      ),
    ),
  ];
  return found.filter((f): f is Implausibility => f !== null);
}

/**
 * The meter's month peak (P1 1-0:1.6.0) in a live reading: implausible above the connection or dated in the future.
 * (One dated in another month is not wrong: it is filed under its own month, and only counts there.)
 */
export function checkMeterPeak(
  peak: { w: number; at: string | null },
  c: GridConnection,
  now: number,
): Implausibility[] {
  return [
    overConnection('grid.monthPeak.w', peak.w, connectionLimitW(c)),
    peak.at ? futureTime('grid.monthPeak.at', peak.at, now) : null,
  ].filter((f): f is Implausibility => f !== null);
}

/** The grid energy of one quarter (Wh), as derived from the meter's counters or received from Fluvius. */
export interface QuarterGridValues {
  importWh?: number | null;
  exportWh?: number | null;
}

/** Grid energy above what the connection carries in 15 minutes. Empty when plausible. */
export function checkQuarter(q: QuarterGridValues, c: GridConnection): Implausibility[] {
  const limit = connectionQuarterLimitWh(c);
  return [
    overConnection('importWh', q.importWh ?? undefined, limit),
    overConnection('exportWh', q.exportWh ?? undefined, limit),
  ].filter((f): f is Implausibility => f !== null);
}

/**
 * The energy between two readings of a cumulative register: the difference, or why there is none (the counter went
 * down, or moved more than `maxWh`: `over-connection` for the grid's registers, whose bound is the connection).
 * Missing readings give no value and no anomaly (a gap).
 */
export function counterDelta(
  field: string,
  from: number | undefined,
  to: number | undefined,
  maxWh: number,
  overCode: 'counter-jump' | 'over-connection' = 'counter-jump',
): { wh: number | null; anomaly: Implausibility | null } {
  if (from === undefined || to === undefined) return { wh: null, anomaly: null };
  const d = to - from;
  if (d < 0) return { wh: null, anomaly: { code: 'counter-backwards', field, value: to, limit: from } };
  if (d > maxWh) return { wh: null, anomaly: { code: overCode, field, value: d, limit: maxWh } };
  return { wh: d, anomaly: null };
}

/** One month's peak as the two sources give it; either may be missing. */
export interface MonthPeakSources {
  meterW: number | null;
  meterAt: string | Date | null;
  quartersW: number | null;
  quartersAt: string | Date | null;
}

export interface ReconciledPeak {
  w: number;
  at: string | null;
  source: 'meter' | 'quarters';
}

/**
 * The month peak that counts (decision 091). The meter's register (1-0:1.6.0) and our quarters (from the same
 * meter's counters, or Fluvius's) measure the same thing: the highest quarter-hour average import. Each can miss a
 * peak — the register restarts when a meter is reset or replaced (the simulator's meters restart with it), our
 * quarters have gaps while a gateway is offline — but neither can make one up once implausible values are refused.
 * So the higher of the two wins; a tie goes to the meter (it is what the grid operator bills). A meter value above
 * the connection, or dated outside the month, is not a source at all.
 */
export function reconcileMonthPeak(
  s: MonthPeakSources,
  c: GridConnection | null,
  month: { start: number; end: number },
): ReconciledPeak | null {
  const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
  const meterAt = iso(s.meterAt);
  const meterOk =
    s.meterW !== null &&
    (c === null || s.meterW <= connectionLimitW(c)) &&
    (meterAt === null || (Date.parse(meterAt) >= month.start && Date.parse(meterAt) < month.end));
  const meter = meterOk ? { w: s.meterW as number, at: meterAt, source: 'meter' as const } : null;
  const quarters =
    s.quartersW !== null ? { w: s.quartersW, at: iso(s.quartersAt), source: 'quarters' as const } : null;
  if (!meter) return quarters;
  if (!quarters) return meter;
  return quarters.w > meter.w ? quarters : meter;
}
