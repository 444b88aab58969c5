import { localDayIndex, localDayStart } from '../../src/sim/site/brussels-time';
import { HouseholdLoad } from '../../src/sim/site/household';
import { between, mix, mulberry32 } from '../../src/sim/site/rng';
import { pvPowerW } from '../../src/sim/site/solar';
import type { CarVisit } from './fast-site';

/**
 * The household of the month test: a winter month in Flanders, a modest PV roof, a 10 kWh / 5 kW iLubat, and a car
 * on a single-phase 16 A iLucharge that comes home in the early evening — when the oven and the dishwasher run too.
 * Without help its quarter-hour peak reaches about 7 kW.
 */
export const MONTH_START = Date.parse('2025-01-01T00:00:00+01:00');
export const MONTH_END = Date.parse('2025-02-01T00:00:00+01:00');

export function monthHousehold(seed = 11) {
  const household = new HouseholdLoad(seed, 1.4);
  return {
    loadW: (ms: number) => {
      const w = household.powerW(ms);
      return [w / 3, w / 3, w / 3];
    },
    pvW: (ms: number) => pvPowerW(4, seed, ms),
    carAt: (ms: number): CarVisit | null => {
      const day = localDayIndex(ms);
      for (const d of [day - 1, day]) {
        const rand = mulberry32(mix(seed, 23, d));
        const start = localDayStart(d);
        const arrive = start + Math.round(between(rand, 17.25, 18.25) * 3_600_000);
        const leave = start + Math.round((24 + between(rand, 7, 8)) * 3_600_000);
        if (ms >= arrive && ms < leave) {
          return {
            arrive,
            leave,
            car: { maxCurrentA: 16, phases: 1, wantsWh: Math.round(between(rand, 9_000, 15_000)) },
          };
        }
      }
      return null;
    },
  };
}
