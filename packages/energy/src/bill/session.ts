import type { Instant } from '../calendar';
import { divRound, formatDecimal } from '../decimal';
import { type BillInput, type BillQuarter, PICO_PER_EURO_CENT, valueOfQuarters } from './model';

const QUARTER = 15 * 60_000;

/** Splits whole Wh over parts in proportion to their weights, exactly (largest remainder): the parts sum to `wh`. */
function apportion(wh: number, weights: readonly number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  if (total <= 0 || wh <= 0) return weights.map(() => 0);
  const raw = weights.map((w) => (wh * w) / total);
  const out = raw.map(Math.floor);
  let left = wh - out.reduce((s, v) => s + v, 0);
  const order = raw
    .map((r, i) => ({ i, rest: r - Math.floor(r) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const o of order) {
    if (left <= 0) break;
    out[o.i]!++;
    left--;
  }
  return out;
}

/**
 * Per quarter start, what the home's meter counted of that quarter on its day and on its night register (decisions
 * 250, 300): a session's grid energy in the quarter is split in the same proportion.
 */
export type QuarterRegisters = ReadonlyMap<Instant, { dayWh: number; nightWh: number }>;

/**
 * A charge session's energy over the quarters it ran in, in proportion to the time in each (the charger reports the
 * session's total, not its profile): the grid's part as import, the sun's part as the export it replaced. A quarter
 * whose register split the home's meter told (`registers`) carries the night part of the session's import in that
 * proportion; the others are split by the clock, as the bill does.
 */
export function sessionQuarters(
  startedAt: Instant,
  endedAt: Instant,
  energy: { gridWh: number; solarWh: number },
  registers?: QuarterRegisters,
): BillQuarter[] {
  const first = Math.floor(startedAt / QUARTER) * QUARTER;
  const end = Math.max(endedAt, startedAt);
  const starts: number[] = [];
  const weights: number[] = [];
  for (let t = first; t < end || t === first; t += QUARTER) {
    starts.push(t);
    weights.push(end > startedAt ? Math.min(t + QUARTER, end) - Math.max(t, startedAt) : 1);
  }
  const grid = apportion(Math.max(0, Math.round(energy.gridWh)), weights);
  const solar = apportion(Math.max(0, Math.round(energy.solarWh)), weights);
  return starts.map((start, i) => {
    const q: BillQuarter = { start, importWh: grid[i]!, exportWh: solar[i]! };
    const r = registers?.get(start);
    if (r && r.dayWh + r.nightWh > 0)
      q.importNightWh = Math.round((q.importWh * r.nightWh) / (r.dayWh + r.nightWh));
    return q;
  });
}

export interface SessionCost {
  /** The grid's energy at the real price of each quarter, incl. VAT, plus the sun's at what it would have earned. */
  costEur: string;
  /** The average price the grid's energy cost, € per kWh incl. VAT (5 decimals); the start's price without any. */
  importEurPerKwh: string;
}

/**
 * What a charge session cost (decision 180, refining 092): each quarter's energy from the grid at the real price of
 * that quarter (the contract in force, the day/night register the home's meter counted on — by the clock only where
 * it told nothing —, the day-ahead price; with the per-kWh
 * network costs, levies and VAT), the energy from the sun at the injection price of that quarter — what it would
 * have earned. Null when a day has no contract or a quarter no day-ahead price yet: never guessed.
 */
export function costOfSession(
  input: Pick<BillInput, 'contracts' | 'rates' | 'dayAhead'>,
  startedAt: Instant,
  endedAt: Instant,
  energy: { gridWh: number; solarWh: number },
  registers?: QuarterRegisters,
): SessionCost | null {
  const quarters = sessionQuarters(startedAt, endedAt, energy, registers);
  const v = valueOfQuarters(input, quarters);
  if (v.quartersWithoutPrice > 0 || v.daysWithoutContract > 0) return null;
  const gridWh = quarters.reduce((s, q) => s + q.importWh, 0);
  let perKwh: bigint;
  if (gridWh > 0) perKwh = divRound(v.importPico * 1000n, BigInt(gridWh));
  else {
    const one = valueOfQuarters(input, [{ start: quarters[0]!.start, importWh: 1000, exportWh: 0 }]);
    if (one.quartersWithoutPrice > 0) return null;
    perKwh = one.importPico;
  }
  // pico-euro per kWh → 10^-5 € per kWh
  const p5 = divRound(perKwh, 10_000_000n);
  return {
    costEur: formatDecimal(divRound(v.importPico + v.exportPico, PICO_PER_EURO_CENT), 2),
    importEurPerKwh: formatDecimal(p5, 5),
  };
}
