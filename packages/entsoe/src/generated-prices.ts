import { brusselsOffsetMs, type LocalDate, quarterStartsOfDay } from '@ilumen/energy';

// Deterministic, plausible day-ahead prices for any date, for the local server: a daily shape with a cheap night,
// a morning bump, a midday solar dip (deeper in summer and at weekends, sometimes below zero) and an evening peak.
// The same date always gives the same prices.

/** The first delivery day of the 15-minute day-ahead market (SDAC go-live, domain doc). */
export const FIRST_QUARTER_HOUR_DAY = '2025-10-01';

export function resolutionForDay(day: LocalDate): 15 | 60 {
  return day >= FIRST_QUARTER_HOUR_DAY ? 15 : 60;
}

function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a tiny seeded PRNG, enough for test data. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const bump = (x: number, centre: number, width: number) => Math.exp(-(((x - centre) / width) ** 2));
const cents = (x: number) => Math.round(x * 100) / 100;

/**
 * The prices of a Brussels day in €/MWh (2 decimals), one per slot in time order: 92/96/100 quarters or 23/24/25
 * hours, the resolution following the market's (15 minutes from 2025-10-01).
 */
export function generateDayPrices(day: LocalDate, minutes: 15 | 60 = resolutionForDay(day)): number[] {
  const rnd = random(seedOf(`entsoe:${day}`));
  const quarters = quarterStartsOfDay(day);
  const month = Number(day.slice(5, 7));
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const summer = (1 - Math.cos(((month - 0.5) / 12) * 2 * Math.PI)) / 2; // 0 in January … 1 in July
  const level = 95 - 35 * summer + (rnd() - 0.5) * 40 - (weekend ? 12 : 0);
  const sunny = rnd();
  const solarDepth = (15 + 85 * summer) * (0.4 + 0.8 * sunny) * (weekend ? 1.25 : 1);
  const eveningHeight = 30 + 40 * (1 - summer) + rnd() * 25;
  const hourNoise = Array.from({ length: 25 }, () => (rnd() - 0.5) * 8);

  const stepQuarters = minutes / 15;
  const out: number[] = [];
  for (let i = 0; i < quarters.length; i += stepQuarters) {
    const t = quarters[i]!;
    const local = (t + brusselsOffsetMs(t)) / 3_600_000;
    const hour = local - Math.floor(local / 24) * 24 + (minutes === 60 ? 0.5 : 0.125);
    let price =
      level -
      22 * bump(hour, 3.5, 2.5) +
      18 * bump(hour, 8, 1.5) -
      solarDepth * bump(hour, 13.5, 2.6) +
      eveningHeight * bump(hour, 19.25, 1.8) +
      hourNoise[Math.floor(i / 4)]!;
    // Within an hour, quarters often keep the hour's price (so A03 omission has something to omit).
    if (minutes === 15 && i % 4 !== 0 && rnd() < 0.5) price = out[out.length - 1]!;
    else if (minutes === 15) price += (rnd() - 0.5) * 6;
    // Oversupplied hours cluster at −0.01 €/MWh, as in the real market.
    if (price < 0 && rnd() < 0.6) price = -0.01;
    out.push(cents(price));
  }
  return out;
}
