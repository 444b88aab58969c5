import { localDayIndex, localParts } from './brussels-time';
import { hashUnit, mix, mulberry32 } from './rng';

const DEG = Math.PI / 180;
/** Brussels. */
export const LATITUDE = 50.85;
export const LONGITUDE = 4.35;

/** Sun elevation above the horizon in degrees at `ms` (NOAA-style approximation; good to a fraction of a degree). */
export function sunElevation(ms: number, lat = LATITUDE, lon = LONGITUDE): number {
  const d = new Date(ms);
  const startOfYear = Date.UTC(d.getUTCFullYear(), 0, 1);
  const doy = (ms - startOfYear) / 86_400_000 + 1;
  const declination = 23.44 * Math.sin(((2 * Math.PI) / 365) * (284 + doy));
  const b = ((2 * Math.PI) / 364) * (doy - 81);
  const eotMin = 9.87 * Math.sin(2 * b) - 7.53 * Math.cos(b) - 1.5 * Math.sin(b);
  const utcHours = d.getUTCHours() + d.getUTCMinutes() / 60 + d.getUTCSeconds() / 3600;
  const solarTime = utcHours + lon / 15 + eotMin / 60;
  const hourAngle = 15 * (solarTime - 12);
  const sinElevation =
    Math.sin(lat * DEG) * Math.sin(declination * DEG) +
    Math.cos(lat * DEG) * Math.cos(declination * DEG) * Math.cos(hourAngle * DEG);
  return Math.asin(Math.max(-1, Math.min(1, sinElevation))) / DEG;
}

/** Clear-sky global horizontal irradiance, W/m² (Haurwitz model). */
export function clearSkyGhi(ms: number): number {
  const cosZ = Math.sin(sunElevation(ms) * DEG);
  if (cosZ <= 0.01) return 0;
  return 1098 * cosZ * Math.exp(-0.057 / cosZ);
}

export type DayWeather = 'sunny' | 'mixed' | 'overcast';

/** Chance of a sunny / mixed day by month in Belgium (the rest is overcast): sunnier spring and summer. */
const SUNNY = [0.12, 0.15, 0.22, 0.3, 0.32, 0.33, 0.35, 0.33, 0.28, 0.2, 0.12, 0.1];
const MIXED = [0.33, 0.35, 0.4, 0.42, 0.43, 0.42, 0.4, 0.42, 0.42, 0.4, 0.35, 0.32];

export function dayWeather(seed: number, ms: number): { kind: DayWeather; level: number } {
  const rand = mulberry32(mix(seed, 7, localDayIndex(ms)));
  const month = localParts(ms).month - 1;
  const r = rand();
  if (r < SUNNY[month]!) return { kind: 'sunny', level: 0.85 + 0.15 * rand() };
  if (r < SUNNY[month]! + MIXED[month]!) return { kind: 'mixed', level: 0.45 + 0.35 * rand() };
  return { kind: 'overcast', level: 0.12 + 0.2 * rand() };
}

/** Smooth noise in [0, 1]: a value per 5 minutes, interpolated; depends only on the time, not on call order. */
function cloudNoise(seed: number, ms: number): number {
  const knot = 300_000;
  const i = Math.floor(ms / knot);
  const f = (ms - i * knot) / knot;
  const a = hashUnit(seed, 11, i);
  const b = hashUnit(seed, 11, i + 1);
  const s = f * f * (3 - 2 * f);
  return a + (b - a) * s;
}

/**
 * The share of clear-sky irradiance reaching the panels: the day's weather level, with passing clouds on a mixed
 * day (deep dips and bright gaps) and a little haze otherwise.
 */
export function weatherFactor(seed: number, ms: number): number {
  const { kind, level } = dayWeather(seed, ms);
  const n = cloudNoise(seed, ms);
  if (kind === 'mixed') return Math.max(0.1, Math.min(1, level + (n - 0.5) * 0.9));
  if (kind === 'sunny') return Math.min(1, level + (n - 0.5) * 0.08);
  return Math.max(0.05, level + (n - 0.5) * 0.15);
}

/** AC power of a PV system of `kwp` at `ms`, W. Performance ratio 0.82 covers inverter, wiring and heat losses. */
export function pvPowerW(kwp: number, seed: number, ms: number): number {
  const ghi = clearSkyGhi(ms);
  if (ghi <= 0) return 0;
  return Math.max(0, Math.round(kwp * ghi * 0.82 * weatherFactor(seed, ms)));
}
