import { QUARTER_MS } from '@ilumen/mqtt-contract';
import type { GridState } from '../site-state';

/** Telegrams further apart than this leave a hole: the quarter is not fully seen. */
const MAX_GAP_MS = 10_000;

export interface QuarterView {
  start: number;
  end: number;
  /** Energy imported so far this quarter, Wh. */
  energyWh: number;
}

export interface ClosedQuarter {
  start: number;
  /** The quarter's average import, W (energy × 4). */
  averageW: number;
  /** Whether the gateway saw the whole quarter (telegrams from its start, no holes). */
  covered: boolean;
}

/**
 * The energy imported so far in the running quarter-hour, from two sources: the gateway's own integration of the
 * telegrams' import power, and the meter's running average `1-0:1.4.0` read as the average over the part of the
 * quarter gone by (as e-MUCS meters and our simulator compute it). The higher of the two counts: the meter's value
 * covers a gateway that started mid-quarter, the integration covers a meter that reports 1.4.0 differently or not
 * at all — and for a threshold the cautious estimate is the right one (decision 051).
 */
export class QuarterTracker {
  private start = Number.NaN;
  private ownWh = 0;
  private lastAt = Number.NaN;
  private lastImportW = 0;
  private complete = false;
  private lastMeterWh = 0;

  /** Integrates a new telegram; returns the quarter that ended when this telegram is in a later one. */
  observe(grid: GridState): ClosedQuarter | null {
    if (grid.at === this.lastAt) return null;
    const q = grid.at - (grid.at % QUARTER_MS);
    if (Number.isNaN(this.start)) {
      this.start = q;
      this.complete = grid.at - q <= MAX_GAP_MS;
      // the first telegram's power stands for the few seconds since the boundary
      this.ownWh = this.complete ? (grid.importW * (grid.at - q)) / 3_600_000 : 0;
      this.note(grid);
      return null;
    }
    // the import power of the last telegram held until this one
    const heldW = this.lastImportW;
    const from = this.lastAt;
    const gap = grid.at - from > MAX_GAP_MS;
    if (q === this.start) {
      if (gap) this.complete = false;
      else this.ownWh += (heldW * (grid.at - from)) / 3_600_000;
      this.note(grid);
      return null;
    }
    const end = this.start + QUARTER_MS;
    const continuous = !gap && q === end;
    if (continuous) this.ownWh += (heldW * (end - from)) / 3_600_000;
    const energyWh = Math.max(this.ownWh, this.lastMeterWh);
    const closed: ClosedQuarter = {
      start: this.start,
      averageW: energyWh * 4,
      covered: this.complete && continuous,
    };
    this.start = q;
    this.complete = continuous;
    this.ownWh = continuous ? (heldW * (grid.at - q)) / 3_600_000 : 0;
    this.note(grid);
    return closed;
  }

  /** The running quarter as of this telegram. */
  at(grid: GridState): QuarterView {
    const start = Number.isNaN(this.start) ? grid.at - (grid.at % QUARTER_MS) : this.start;
    return { start, end: start + QUARTER_MS, energyWh: Math.max(this.ownWh, meterWh(grid, start)) };
  }

  private note(grid: GridState): void {
    this.lastAt = grid.at;
    this.lastImportW = grid.importW;
    this.lastMeterWh = meterWh(grid, this.start);
  }
}

function meterWh(grid: GridState, start: number): number {
  if (grid.quarterAverageW === null) return 0;
  return (grid.quarterAverageW * Math.max(0, grid.at - start)) / 3_600_000;
}
