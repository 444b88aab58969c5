import { localDayIndex, localDayStart } from '../../src/sim/site/brussels-time';
import { HouseholdLoad } from '../../src/sim/site/household';
import type { CarVisit } from './fast-site';

/**
 * The load-balancing day: a three-phase home with a 25 A main fuse and two iLucharges — a three-phase car that
 * takes 16 A and a single-phase car on L1 that takes up to 32 A — both plugged in and started (fast) in the evening,
 * while the household cooks on L1 and runs the dishwasher on L2.
 */
export const LB_DAY = Date.parse('2025-01-15T00:00:00+01:00');

export function twoChargerHome(seed = 5) {
  const household = new HouseholdLoad(seed, 1.2);
  const day = localDayIndex(LB_DAY);
  const at = (h: number) => localDayStart(day) + h * 3_600_000;
  const extra = (ms: number, from: number, to: number, w: number) => (ms >= at(from) && ms < at(to) ? w : 0);
  return {
    loadW: (ms: number): number[] => {
      const base = household.powerW(ms) / 3;
      return [
        base + extra(ms, 17.5, 18.5, 2300) + extra(ms, 19, 19.1, 2000), // oven, kettle on L1
        base + extra(ms, 19.5, 21, 1900), // dishwasher on L2
        base + extra(ms, 20, 20.05, 2200), // a hair dryer on L3
      ];
    },
    carA: (ms: number): CarVisit | null =>
      ms >= at(17) && ms < at(24 + 7)
        ? { arrive: at(17), leave: at(31), car: { maxCurrentA: 16, phases: 3, wantsWh: 30_000 } }
        : null,
    carB: (ms: number): CarVisit | null =>
      ms >= at(18) && ms < at(24 + 8)
        ? { arrive: at(18), leave: at(32), car: { maxCurrentA: 32, phases: 1, wantsWh: 25_000 } }
        : null,
  };
}
