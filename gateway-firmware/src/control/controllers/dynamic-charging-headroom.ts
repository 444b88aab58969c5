import type { BatteryState, GridState } from '../site-state';

/**
 * Stay this far under a grid import limit while charging from the grid: twice peak shaving's default margin, so a
 * planned charge never makes peak shaving step in (meter rounding, one cycle of lag).
 */
export const IMPORT_MARGIN_W = 300;

/**
 * The charge power each of `batteries` may take from the grid without the site importing more than `maxImportW`:
 * the limit minus what the home takes without these batteries, shared equally, capped at `chargeW`. Without a
 * limit it is `chargeW` (the battery caps it at its own maximum). Never negative.
 */
export function gridChargeEachW(
  grid: GridState,
  batteries: readonly BatteryState[],
  chargeW: number,
  maxImportW: number | undefined,
): number {
  if (batteries.length === 0) return 0;
  if (maxImportW === undefined) return chargeW;
  const ownW = batteries.reduce((s, b) => s + b.w, 0);
  const homeW = grid.netW - ownW;
  const room = maxImportW - IMPORT_MARGIN_W - homeW;
  return Math.max(0, Math.min(chargeW, Math.floor(room / batteries.length)));
}

/** What the sun gives the batteries now or could give them: PV minus the home's use (W; the batteries' own charge counts). */
export function solarForBatteriesW(grid: GridState, batteries: readonly BatteryState[]): number {
  return batteries.reduce((s, b) => s + b.w, 0) - grid.netW;
}
