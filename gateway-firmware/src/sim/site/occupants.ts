import type { SimCar } from '../modbus/ilucharge-sim';
import { localDayIndex, localDayStart, localParts } from './brussels-time';
import { between, mix, mulberry32 } from './rng';

export interface CarVisit {
  arrive: number;
  leave: number;
  car: SimCar;
}

/**
 * When the household's car is home and how much it wants, per local day from the seed: on weekdays it arrives in
 * the early evening and leaves the next morning; on weekends it comes and goes around midday, some days not at all.
 */
export function carVisit(
  seed: number,
  dayIndex: number,
  phases: 1 | 3,
  maxCurrentA: number,
): CarVisit | null {
  const rand = mulberry32(mix(seed, 17, dayIndex));
  const start = localDayStart(dayIndex);
  const weekday = localParts(start + 12 * 3_600_000).weekday;
  const weekend = weekday === 0 || weekday === 6;
  if (weekend && rand() < 0.5) return null;
  const arriveH = weekend ? between(rand, 12, 16) : between(rand, 17, 19.5);
  const leaveH = weekend ? arriveH + between(rand, 2, 5) : 24 + between(rand, 7, 8.5);
  return {
    arrive: start + Math.round(arriveH * 3_600_000),
    leave: start + Math.round(leaveH * 3_600_000),
    car: {
      maxCurrentA,
      phases,
      wantsWh: Math.round(between(rand, weekend ? 4_000 : 7_000, weekend ? 12_000 : 22_000)),
    },
  };
}

/** The visit that has the car at home at `ms` (today's, or yesterday's that runs past midnight), if any. */
export function visitAt(seed: number, ms: number, phases: 1 | 3, maxCurrentA: number): CarVisit | null {
  const day = localDayIndex(ms);
  for (const d of [day - 1, day]) {
    const v = carVisit(seed, d, phases, maxCurrentA);
    if (v && ms >= v.arrive && ms < v.leave) return v;
  }
  return null;
}

export interface WaterDraw {
  at: number;
  litres: number;
}

/** Hot water drawn from the boiler on a local day: showers in the morning, washing-up and a bath some evenings. */
export function waterDraws(seed: number, dayIndex: number): WaterDraw[] {
  const rand = mulberry32(mix(seed, 19, dayIndex));
  const start = localDayStart(dayIndex);
  const at = (h: number) => start + Math.round((h * 3_600_000) / 60_000) * 60_000;
  const draws: WaterDraw[] = [];
  const showers = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < showers; i++)
    draws.push({ at: at(between(rand, 6.2, 8)), litres: between(rand, 35, 60) });
  draws.push({ at: at(between(rand, 12, 13.5)), litres: between(rand, 5, 15) });
  draws.push({ at: at(between(rand, 19, 21)), litres: between(rand, 15, 30) });
  if (rand() < 0.25) draws.push({ at: at(between(rand, 20, 22)), litres: between(rand, 80, 120) });
  return draws.sort((a, b) => a.at - b.at);
}
