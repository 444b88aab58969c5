import { localDayIndex, localDayStart, localParts } from './brussels-time';
import { between, hashUnit, mix, mulberry32 } from './rng';

interface Appliance {
  /** UTC ms. */
  from: number;
  to: number;
  w: number;
}

/** The base profile of a Flemish household, W by local hour (weekday / weekend), before appliances. */
const WEEKDAY = [
  150, 140, 135, 135, 140, 170, 320, 480, 330, 230, 220, 230, 280, 240, 220, 240, 300, 480, 620, 560, 480,
  400, 300, 200,
];
const WEEKEND = [
  170, 150, 140, 135, 135, 140, 170, 260, 400, 450, 420, 430, 500, 430, 380, 360, 390, 520, 650, 600, 520,
  430, 330, 220,
];

/**
 * Household consumption (everything except the battery, the car and the boiler): a daily profile with
 * deterministic noise, plus appliances scheduled per day from the seed — kettle, washing machine, dishwasher, oven.
 */
export class HouseholdLoad {
  private day = Number.NaN;
  private appliances: Appliance[] = [];

  constructor(
    private readonly seed: number,
    /** Scales the profile: 1 ≈ 3,500 kWh a year. */
    private readonly size = 1,
  ) {}

  powerW(ms: number): number {
    const dayIndex = localDayIndex(ms);
    if (dayIndex !== this.day) this.plan(dayIndex);
    const p = localParts(ms);
    const profile = p.weekday === 0 || p.weekday === 6 ? WEEKEND : WEEKDAY;
    const h = Math.floor(p.hourOfDay);
    const f = p.hourOfDay - h;
    const base = profile[h]! * (1 - f) + profile[(h + 1) % 24]! * f;
    // the fridge and small loads wander by a few tens of watts from minute to minute
    const wobble = (hashUnit(this.seed, 3, Math.floor(ms / 60_000)) - 0.5) * 60;
    let w = base * this.size + wobble;
    for (const a of this.appliances) if (ms >= a.from && ms < a.to) w += a.w;
    return Math.max(60, Math.round(w));
  }

  private plan(dayIndex: number): void {
    this.day = dayIndex;
    const rand = mulberry32(mix(this.seed, 5, dayIndex));
    const start = localDayStart(dayIndex);
    const at = (hour: number) => start + Math.round(hour * 3_600_000);
    const list: Appliance[] = [];
    const kettles = 2 + Math.floor(rand() * 3);
    for (let i = 0; i < kettles; i++) {
      const h = [7, 10, 13, 16, 20][Math.floor(rand() * 5)]! + rand();
      list.push({ from: at(h), to: at(h) + 180_000, w: 2000 });
    }
    if (rand() < 0.45) {
      const h = between(rand, 9, 19);
      list.push({ from: at(h), to: at(h + 0.4), w: 2000 }, { from: at(h + 0.4), to: at(h + 1.4), w: 250 });
    }
    if (rand() < 0.6) {
      const h = between(rand, 19.5, 22);
      list.push({ from: at(h), to: at(h + 0.5), w: 1900 }, { from: at(h + 0.5), to: at(h + 1.5), w: 120 });
    }
    if (rand() < 0.5) {
      const h = between(rand, 17.5, 19);
      list.push({ from: at(h), to: at(h + 0.75), w: 2300 });
    }
    this.appliances = list;
  }
}

/** Gas for space heating, m³ per hour: more on cold months and in the morning and evening. */
export function gasM3PerHour(ms: number): number {
  const p = localParts(ms);
  const season = [1, 0.95, 0.75, 0.45, 0.2, 0.05, 0.03, 0.03, 0.12, 0.4, 0.75, 0.95][p.month - 1]!;
  const h = p.hourOfDay;
  const daily = h < 6 ? 0.3 : h < 9 ? 1.4 : h < 17 ? 0.7 : h < 22 ? 1.2 : 0.4;
  return 0.9 * season * daily;
}
