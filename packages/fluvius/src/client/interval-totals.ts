import type { ValidationState } from '../wire/energy-wire';
import type { EnergyReading, ReadingGranularity } from './energy-readings';

/** Per-interval energy of the connection point, ready for the quarter-hour (or day) table. */
export interface IntervalTotals {
  granularity: ReadingGranularity;
  start: Date;
  end: Date;
  offtakeWh: number | null;
  /**
   * Of `offtakeWh`, what the meters' night registers counted; null when a meter gave its offtake as one `total`
   * register (then no split is known) or there is no offtake.
   */
  offtakeNightWh: number | null;
  injectionWh: number | null;
  /** From production sub-headpoints (or a production direction); null when Fluvius measures none. */
  productionWh: number | null;
  /** The least trustworthy state among the values summed. */
  validationState: ValidationState | null;
}

/** Ranked from most to least trustworthy; a total is only as good as its weakest part. */
const stateRank: Record<ValidationState, number> = { VAL: 0, READ: 1, EST: 2, NVAL: 3 };

function worse(a: ValidationState | null, b: ValidationState | null): ValidationState | null {
  if (a === null) return b;
  if (b === null) return a;
  return stateRank[b] > stateRank[a] ? b : a;
}

/**
 * Sums one interval's readings of one direction. Per meter (or sub-headpoint) `total` is used when present, otherwise
 * day + night (a meter reports one or the other); then the meters are added up. `nightWh` is the night registers'
 * part, null as soon as one meter gave only a total.
 */
function directionWh(readings: EnergyReading[]): {
  wh: number | null;
  nightWh: number | null;
  state: ValidationState | null;
} {
  const bySource = new Map<string, EnergyReading[]>();
  for (const reading of readings) {
    const key = `${reading.level}|${reading.ean}|${reading.meterId}`;
    const list = bySource.get(key);
    if (list) list.push(reading);
    else bySource.set(key, [reading]);
  }
  let wh: number | null = null;
  let nightWh: number | null = 0;
  let state: ValidationState | null = null;
  for (const source of bySource.values()) {
    const totals = source.filter((r) => r.register === 'total');
    if (totals.length > 0) nightWh = null;
    for (const part of totals.length > 0 ? totals : source) {
      wh = (wh ?? 0) + part.wh;
      if (nightWh !== null && part.register === 'night') nightWh += part.wh;
      state = worse(state, part.validationState);
    }
  }
  return { wh, nightWh: wh === null ? null : nightWh, state };
}

/**
 * Collapses flat readings into one row per interval of the given granularity. The main meter's offtake and injection
 * come from the headpoint when it reports them and from its physical meters otherwise — never both, or
 * `metering-on-headpoint-and-meter` responses would count everything twice.
 */
export function intervalTotals(
  readings: readonly EnergyReading[],
  granularity: ReadingGranularity,
): IntervalTotals[] {
  const byStart = new Map<number, EnergyReading[]>();
  for (const reading of readings) {
    if (reading.granularity !== granularity) continue;
    const key = reading.start.getTime();
    const list = byStart.get(key);
    if (list) list.push(reading);
    else byStart.set(key, [reading]);
  }

  const rows: IntervalTotals[] = [];
  for (const [, group] of [...byStart.entries()].sort((a, b) => a[0] - b[0])) {
    const first = group[0]!;
    const headpoint = group.filter((r) => r.level === 'headpoint');
    const main = headpoint.length > 0 ? headpoint : group.filter((r) => r.level === 'physical-meter');
    const offtake = directionWh(main.filter((r) => r.direction === 'offtake'));
    const injection = directionWh(main.filter((r) => r.direction === 'injection'));
    // Production sub-headpoints may book their energy as `production` or as `injection`; take the former if present.
    const produced = group.filter((r) => r.direction === 'production');
    const producedAsInjection = group.filter(
      (r) =>
        r.level === 'sub-headpoint' &&
        r.subHeadpointType === 'submetering-production' &&
        r.direction === 'injection',
    );
    const production = directionWh(produced.length > 0 ? produced : producedAsInjection);
    rows.push({
      granularity,
      start: first.start,
      end: first.end,
      offtakeWh: offtake.wh,
      offtakeNightWh: offtake.nightWh,
      injectionWh: injection.wh,
      productionWh: production.wh,
      validationState: worse(worse(offtake.state, injection.state), production.state),
    });
  }
  return rows;
}
