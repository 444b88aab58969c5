import {
  brusselsDayWindow,
  brusselsOffsetMinutes,
  brusselsWallTime,
  type LocalDate,
  parseLocalDate,
  QUARTER_MS,
} from '../time/brussels-time';
import { between, hashString, unitRandom } from './prng';

/**
 * A plausible Flemish household behind a digital meter, generated from its EAN: consumption peaks in the morning and
 * evening and is higher in winter; most homes have PV, which exports around midday in summer. Values are the truth
 * the simulator serves (before any estimation) and are stable per (seed, EAN, quarter).
 */

export interface HouseholdProfile {
  annualConsumptionKwh: number;
  baseLoadW: number;
  /** 0 when the home has no PV. */
  pvKwp: number;
}

export interface SimulatedQuarter {
  start: Date;
  end: Date;
  consumptionWh: number;
  productionWh: number;
  offtakeWh: number;
  injectionWh: number;
  /** Belgian double tariff: night 22:00–07:00 on weekdays and all weekend (local time). */
  tariff: 'day' | 'night';
}

export interface SimulatedGasHour {
  start: Date;
  end: Date;
  m3: number;
  kwh: number;
}

const LATITUDE_RAD = (51.0 * Math.PI) / 180;
const LONGITUDE_DEG = 4.4;

export function householdProfile(ean: string, seed: number): HouseholdProfile {
  const key = hashString(ean);
  const hasPv = unitRandom(seed, key, 1) < 0.75;
  return {
    annualConsumptionKwh: Math.round(between(2_600, 5_200, seed, key, 2)),
    baseLoadW: Math.round(between(110, 260, seed, key, 3)),
    pvKwp: hasPv ? Math.round(between(3, 8.5, seed, key, 4) * 10) / 10 : 0,
  };
}

function dayOfYear(instant: Date): number {
  return (instant.getTime() - Date.UTC(instant.getUTCFullYear(), 0, 1)) / 86_400_000;
}

/** Share of the average load by local hour: low at night, a morning bump, an evening peak. Averages about 1. */
const hourShape = [
  0.55, 0.5, 0.48, 0.47, 0.48, 0.55, 0.8, 1.15, 1.1, 0.9, 0.85, 0.9, 1.0, 0.9, 0.85, 0.85, 0.95, 1.35, 1.85,
  1.9, 1.7, 1.45, 1.1, 0.75,
];

/** sin of the sun's elevation over Flanders at this instant (≤ 0 at night). */
function sunHeight(instant: Date): number {
  const doy = dayOfYear(instant);
  const declination = ((23.44 * Math.PI) / 180) * Math.sin((2 * Math.PI * (284 + doy)) / 365);
  const solarHours = (instant.getTime() / 3_600_000 + LONGITUDE_DEG / 15) % 24;
  const hourAngle = ((solarHours - 12) * 15 * Math.PI) / 180;
  return (
    Math.sin(LATITUDE_RAD) * Math.sin(declination) +
    Math.cos(LATITUDE_RAD) * Math.cos(declination) * Math.cos(hourAngle)
  );
}

/** Shared weather: every simulated home sees the same clouds on the same day, as neighbours do. */
function dayClearness(date: LocalDate, seed: number): number {
  const { year, month, day } = parseLocalDate(date);
  const r = unitRandom(seed, year * 10_000 + month * 100 + day, 77);
  return 0.15 + 0.85 * r ** 0.7;
}

function isNightTariff(localHour: number, weekday: number): boolean {
  return weekday === 0 || weekday === 6 || localHour >= 22 || localHour < 7;
}

/** The quarters of one Brussels day (92, 96 or 100), in order. */
export function simulateDay(ean: string, date: LocalDate, seed: number): SimulatedQuarter[] {
  const profile = householdProfile(ean, seed);
  const key = hashString(ean);
  const { from, to } = brusselsDayWindow(date);
  const steadyOffset =
    brusselsOffsetMinutes(from) === brusselsOffsetMinutes(new Date(to.getTime() - 1))
      ? brusselsOffsetMinutes(from)
      : null;
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  const averageW = (profile.annualConsumptionKwh * 1000) / 8760;
  const clearness = dayClearness(date, seed);
  // What is left of the average after the base load and the appliance spikes (5 % × ~1.9 kW), over the noise mean.
  const variableW = Math.max(0, averageW - profile.baseLoadW - 95) / 1.1;
  const quarters: SimulatedQuarter[] = [];

  for (let t = from.getTime(); t < to.getTime(); t += QUARTER_MS) {
    const start = new Date(t);
    const localHour =
      steadyOffset === null
        ? brusselsWallTime(start).hour
        : Math.floor(((t / 60_000 + steadyOffset) % 1440) / 60);
    const quarterIndex = t / QUARTER_MS;
    const season = 1 + 0.3 * Math.cos((2 * Math.PI * (dayOfYear(start) - 15)) / 365);
    const noise = between(0.6, 1.5, seed, key, quarterIndex, 11);
    const appliance =
      unitRandom(seed, key, quarterIndex, 12) < 0.05 ? between(1200, 2600, seed, key, quarterIndex, 13) : 0;
    const loadW = profile.baseLoadW + variableW * (hourShape[localHour] ?? 1) * season * noise + appliance;

    const height = Math.max(0, sunHeight(new Date(t + QUARTER_MS / 2)));
    const passingClouds = clearness > 0.8 ? 1 : between(0.55, 1, seed, quarterIndex, 21);
    const pvW = profile.pvKwp * 1000 * 0.82 * height ** 1.15 * clearness * passingClouds;

    const consumptionWh = Math.round(loadW / 4);
    const productionWh = Math.round(pvW / 4);
    const net = consumptionWh - productionWh;
    quarters.push({
      start,
      end: new Date(t + QUARTER_MS),
      consumptionWh,
      productionWh,
      offtakeWh: Math.max(0, net),
      injectionWh: Math.max(0, -net),
      tariff: isNightTariff(localHour, weekday) ? 'night' : 'day',
    });
  }
  return quarters;
}

/** Hourly gas use of one Brussels day (heating, mostly in winter mornings and evenings). */
export function simulateGasDay(ean: string, date: LocalDate, seed: number): SimulatedGasHour[] {
  const key = hashString(ean);
  const { from, to } = brusselsDayWindow(date);
  const annualM3 = between(600, 1_600, seed, key, 31);
  const hours: SimulatedGasHour[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += 4 * QUARTER_MS) {
    const start = new Date(t);
    const season = Math.max(0.08, 1 + 0.9 * Math.cos((2 * Math.PI * (dayOfYear(start) - 15)) / 365));
    const hour = brusselsWallTime(start).hour;
    const shape = hour >= 6 && hour < 9 ? 1.8 : hour >= 17 && hour < 22 ? 1.5 : hour < 5 ? 0.4 : 0.9;
    const m3 =
      Math.round(
        (annualM3 / 8760) * season * shape * between(0.7, 1.3, seed, key, t / 3_600_000, 32) * 1000,
      ) / 1000;
    hours.push({ start, end: new Date(t + 4 * QUARTER_MS), m3, kwh: Math.round(m3 * 10.6 * 1000) / 1000 });
  }
  return hours;
}
