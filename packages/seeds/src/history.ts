import { writeJson } from '@ilumen/db';
import { addDays, connectionLimitW, localDate, quarterStartsOfDay } from '@ilumen/energy';
import { meterRegister } from '@ilumen/energy/calendar';
import type { Services } from '@ilumen/services';
import { type GatewayQuarter, writeQuarters } from '@ilumen/services/energy';

/**
 * A year of quarter-hours for a demo home that agrees with itself and with physics (docs/decisions/110-demo-history.md):
 * PV only while the sun is up over Belgium (51° N), a Belgian roof's yield per season and a weather of its own each day;
 * a household shaped like Synergrid's residential standard load profile (morning and evening peaks, more in winter)
 * with dinner cooked on most evenings; a car charged a few evenings a week (fast, from the grid) or on sunny weekend
 * days (smart, with the surplus); a boiler that heats on surplus and, when it runs cold, from the grid, and whose
 * temperature rises only while it heats; a battery that stores surplus and covers the house (never the car).
 */

export interface DemoHome {
  /** Installed PV, kWp; 0 for none. */
  pvKwp: number;
  battery: boolean;
  charger: boolean;
  heat: boolean;
  gridPhases: 1 | 3;
  mainFuseA: number;
}

/** One quarter: the energy as the gateway reports it, and the battery's and the boiler's state at its end. */
export interface DemoQuarter extends GatewayQuarter {
  socPct: number | null;
  tempC: number | null;
}

/** A charge session as the charger reports it: its quarters' EV energy, the part of it that came from the roof. */
export interface DemoSession {
  start: number;
  end: number;
  mode: 'fast' | 'smart';
  energyWh: number;
  solarWh: number;
}

export interface DemoDay {
  day: string;
  quarters: DemoQuarter[];
  sessions: DemoSession[];
}

const DEG = Math.PI / 180;
/** The middle of Flanders: the brief's 51° N, and Brussels' longitude for the solar time. */
const LATITUDE = 51;
const LONGITUDE = 4.35;

/** The sun's elevation (degrees) at `ms` over Belgium (NOAA-style approximation, good to a fraction of a degree). */
export function sunElevation(ms: number): number {
  const d = new Date(ms);
  const doy = (ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000 + 1;
  const declination = 23.44 * Math.sin(((2 * Math.PI) / 365) * (284 + doy));
  const b = ((2 * Math.PI) / 364) * (doy - 81);
  const eotMin = 9.87 * Math.sin(2 * b) - 7.53 * Math.cos(b) - 1.5 * Math.sin(b);
  const utcHours = d.getUTCHours() + d.getUTCMinutes() / 60 + d.getUTCSeconds() / 3600;
  const hourAngle = 15 * (utcHours + LONGITUDE / 15 + eotMin / 60 - 12);
  const s =
    Math.sin(LATITUDE * DEG) * Math.sin(declination * DEG) +
    Math.cos(LATITUDE * DEG) * Math.cos(declination * DEG) * Math.cos(hourAngle * DEG);
  return Math.asin(Math.max(-1, Math.min(1, s))) / DEG;
}

/**
 * Average daily yield of a south-facing Belgian roof, kWh per kWp, by month (PVGIS for Flanders, 35° tilt): about
 * 0,8 in December and 4,6 in June, some 950 kWh per kWp a year.
 */
export const PV_KWH_PER_KWP_DAY = [0.9, 1.6, 2.6, 3.8, 4.4, 4.6, 4.5, 3.9, 3.0, 1.9, 1.0, 0.75];

/**
 * Synergrid's residential profile (S21) in shape, as a share of the day's mean per local hour: low at night, a morning
 * bump, a plateau, the evening peak; weekends later in the morning and busier at midday.
 */
const WEEKDAY = [
  0.55, 0.46, 0.41, 0.39, 0.39, 0.44, 0.62, 0.98, 1.02, 0.86, 0.8, 0.82, 0.9, 0.85, 0.78, 0.78, 0.9, 1.28,
  1.72, 1.82, 1.68, 1.44, 1.1, 0.8,
];
const WEEKEND = [
  0.6, 0.5, 0.43, 0.4, 0.39, 0.4, 0.46, 0.64, 0.92, 1.1, 1.15, 1.2, 1.28, 1.1, 0.98, 0.95, 1.0, 1.25, 1.62,
  1.7, 1.56, 1.36, 1.1, 0.82,
];
/** Seasonal factor of the same profile (winter evenings are longer, lit and warmer indoors). */
const SEASON = [1.28, 1.18, 1.06, 0.94, 0.86, 0.8, 0.79, 0.82, 0.9, 1.02, 1.16, 1.3];
/** Mean household power (W) before the season: about 3,500 kWh a year for a home of size 1. */
const MEAN_HOUSEHOLD_W = 380;

const BATTERY_WH = 10_000;
const BATTERY_MAX_W = 5000;
const BOILER_L = 200;
const BOILER_W = 2400;
/** kWh per °C for the boiler's water. */
const BOILER_WH_PER_C = (BOILER_L * 4.186) / 3.6;

/** A deterministic number in [0, 1) for a site, a day and a purpose (so each day's draw is independent of the others). */
function unit(...parts: number[]): number {
  let h = 2166136261;
  for (const p of parts) {
    h = Math.imul(h ^ (p | 0), 16777619);
    h = Math.imul(h ^ (h >>> 15), 2246822507);
    h ^= h >>> 13;
  }
  h = Math.imul(h ^ (h >>> 16), 3266489909);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** Index of a local date since 1970 (for the draws). */
function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
}

/** How much of [a, b) lies in [from, to): the share of a quarter an appliance runs in it. */
function overlap(a: number, b: number, from: number, to: number): number {
  return Math.max(0, Math.min(b, to) - Math.max(a, from)) / (b - a);
}

/** The day's weather, shared by every demo home (they are all in Flanders), as a multiple of the month's mean yield. */
export function dayClearness(day: string): number {
  const month = Number(day.slice(5, 7)) - 1;
  // Grey winters vary more around their small mean than summers do around theirs.
  const spread = [0.75, 0.72, 0.65, 0.55, 0.5, 0.45, 0.45, 0.5, 0.55, 0.65, 0.72, 0.75][month]!;
  return 1 + spread * (2 * unit(dayNumber(day), 7) - 1);
}

/** The model's state carried from one day to the next: the battery's charge and the boiler's temperature. */
export interface HomeState {
  socWh: number;
  tempC: number;
}

/**
 * One day of a demo home, quarter by quarter, from the state the previous day left. Deterministic in the site, the
 * day and the state.
 */
export function demoDay(siteId: number, day: string, home: DemoHome, state: HomeState): DemoDay {
  const starts = quarterStartsOfDay(day);
  const month = Number(day.slice(5, 7)) - 1;
  const n = dayNumber(day);
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const size = 0.85 + 0.4 * unit(siteId, 1);
  const dayLevel = 0.9 + 0.2 * unit(siteId, n, 2);
  const limitW = connectionLimitW({ gridPhases: home.gridPhases, mainFuseA: home.mainFuseA }) / 1.25;

  // PV: the sun's path shapes the day, the weather sets its total.
  const shape = starts.map((ts) => {
    const el = sunElevation(ts + 7.5 * 60_000);
    return el > 0.5 ? Math.sin(el * DEG) ** 0.7 : 0;
  });
  const shapeSum = shape.reduce((a, b) => a + b, 0);
  const clearness = Math.max(0.15, dayClearness(day) * (0.95 + 0.1 * unit(siteId, n, 3)));
  const pvDayWh = home.pvKwp * 1000 * PV_KWH_PER_KWP_DAY[month]! * clearness;
  const pv = shape.map((s, q) => {
    if (s === 0) return 0;
    // passing clouds on a mixed day, a little haze on a clear one
    const flicker = 1 + (clearness < 1.2 ? 0.35 : 0.08) * (unit(siteId, n, 4, q) - 0.5);
    return Math.round((pvDayWh * s * flicker) / shapeSum);
  });

  // Appliances in local hours of this day: dinner most evenings, a washing machine or dishwasher some days.
  const at = (hour: number) => starts[0]! + hour * 3_600_000;
  const appliances: Array<{ from: number; to: number; w: number }> = [];
  if (unit(siteId, n, 10) < 0.85) {
    const h = (weekend ? 17.5 : 17.75) + 1.75 * unit(siteId, n, 11);
    const mins = 30 + 35 * unit(siteId, n, 12);
    appliances.push({ from: at(h), to: at(h + mins / 60), w: 1800 + 1700 * unit(siteId, n, 13) });
  }
  if (unit(siteId, n, 14) < 0.4) {
    const h = 9 + 11 * unit(siteId, n, 15);
    appliances.push({ from: at(h), to: at(h + 0.35), w: 2000 });
  }
  if (weekend && unit(siteId, n, 16) < 0.5) {
    const h = 11.5 + 1.5 * unit(siteId, n, 17);
    appliances.push({ from: at(h), to: at(h + 0.5), w: 1500 + 1000 * unit(siteId, n, 18) });
  }

  // The car: some weekday evenings from the grid at the charger's power, a sunny weekend day from the surplus.
  // the current the car is set to charge at this time (10–16 A), on the connection's phases
  const evMaxW = Math.min(home.gridPhases * 230 * Math.round(10 + 6 * unit(siteId, n, 25)), limitW * 0.8);
  type Plan = { mode: 'fast' | 'smart'; from: number; until: number; wh: number };
  let plan: Plan | null = null;
  if (home.charger) {
    const smartDay = weekend && clearness > 1 && month >= 2 && month <= 9 && unit(siteId, n, 20) < 0.7;
    if (smartDay) plan = { mode: 'smart', from: at(10 + unit(siteId, n, 21)), until: at(17), wh: 25_000 };
    else if (!weekend && unit(siteId, n, 22) < 0.45) {
      const from = at(17.25 + 3 * unit(siteId, n, 23));
      plan = { mode: 'fast', from, until: from + 12 * 3_600_000, wh: 6000 + 22_000 * unit(siteId, n, 24) };
    }
  }

  const quarters: DemoQuarter[] = [];
  const sessions: DemoSession[] = [];
  let evDone = 0;
  let evSolar = 0;
  let evStart = Number.NaN;
  let evEnd = Number.NaN;
  for (const [q, ts] of starts.entries()) {
    const end = ts + 15 * 60_000;
    const local = (q / starts.length) * 24;
    const hour = Math.floor(local);
    const profile = weekend ? WEEKEND : WEEKDAY;
    let householdW = MEAN_HOUSEHOLD_W * size * dayLevel * SEASON[month]! * profile[hour]!;
    householdW *= 0.92 + 0.16 * unit(siteId, n, 30, q);
    for (const a of appliances) householdW += a.w * overlap(ts, end, a.from, a.to);
    const household = householdW / 4;
    const pvWh = pv[q]!;

    // The boiler: water drawn morning and evening, heat lost all day, heated on surplus or when it runs cold.
    let heat = 0;
    if (home.heat) {
      if (hour === 7 || hour === 20) state.tempC -= (weekend ? 700 : 900) / 4 / BOILER_WH_PER_C;
      state.tempC -= 60 / 4 / BOILER_WH_PER_C;
      const surplus = pvWh - household;
      if (surplus > 50 && state.tempC < 65)
        heat = Math.min(surplus, BOILER_W / 4, (65 - state.tempC) * BOILER_WH_PER_C);
      else if (state.tempC < 45) heat = Math.min(BOILER_W / 4, (50 - state.tempC) * BOILER_WH_PER_C);
      heat = Math.round(heat);
      state.tempC += heat / BOILER_WH_PER_C;
    }

    // The car, within what the connection leaves it.
    let ev = 0;
    let evSolarWh = 0;
    if (plan && evDone < plan.wh) {
      const share = overlap(ts, end, plan.from, plan.until);
      if (share > 0) {
        const headroomW = Math.max(0, limitW - householdW - heat * 4);
        let w = Math.min(evMaxW, headroomW);
        if (plan.mode === 'smart') {
          const surplusW = (pvWh - household - heat) * 4;
          // the car takes the surplus, and at least its minimum current (6 A on one phase) once the sun is out
          w = surplusW > 700 ? Math.min(w, Math.max(1400, surplusW)) : 0;
        }
        ev = Math.round(Math.min(plan.wh - evDone, (w * share) / 4));
        if (ev > 0) {
          evSolarWh = Math.min(ev, Math.ceil(Math.max(0, pvWh - household - heat)));
          if (Number.isNaN(evStart)) evStart = Math.max(ts, plan.from);
          evEnd = end;
          evDone += ev;
          evSolar += evSolarWh;
        }
      }
    }

    // The battery: stores surplus, covers the house's shortfall, never the car.
    let charge = 0;
    let discharge = 0;
    const net = household + heat + ev - pvWh;
    if (home.battery) {
      if (net < 0) {
        charge = Math.min(-net, BATTERY_MAX_W / 4, (BATTERY_WH * 0.95 - state.socWh) / 0.95);
        charge = Math.max(0, Math.round(charge));
        state.socWh += charge * 0.95;
      } else {
        // it follows the house a little late, so a kettle or an oven still draws some from the grid
        const houseShort = (household + heat - pvWh) * 0.85;
        discharge = Math.min(Math.max(0, houseShort), BATTERY_MAX_W / 4, state.socWh - BATTERY_WH * 0.1);
        discharge = Math.max(0, Math.round(discharge));
        state.socWh -= discharge;
      }
    }
    const grid = net + charge - discharge;
    quarters.push({
      source: 'gateway',
      siteId,
      ts: new Date(ts),
      importWh: Math.max(0, Math.round(grid)),
      exportWh: Math.max(0, Math.round(-grid)),
      productionWh: home.pvKwp > 0 ? pvWh : null,
      batteryChargeWh: home.battery ? charge : null,
      batteryDischargeWh: home.battery ? discharge : null,
      evWh: home.charger ? ev : null,
      heatWh: home.heat ? heat : null,
      socPct: home.battery ? Math.round((state.socWh / BATTERY_WH) * 1000) / 10 : null,
      tempC: home.heat ? Math.round(state.tempC * 10) / 10 : null,
    });
  }
  if (plan && evDone > 0)
    sessions.push({ start: evStart, end: evEnd, mode: plan.mode, energyWh: evDone, solarWh: evSolar });
  return { day, quarters, sessions };
}

/**
 * The days of history a demo home gets, oldest first: `days` whole days up to yesterday, then today's quarters that
 * have ended by `now` (so today's charts are not empty when the demo starts; the simulated gateway carries on).
 */
export function historyDays(now: Date, days = 365): Array<{ day: string; before: number }> {
  const today = localDate(now);
  const out: Array<{ day: string; before: number }> = [];
  for (let d = days; d >= 1; d--) out.push({ day: addDays(today, -d), before: Number.POSITIVE_INFINITY });
  // a quarter is history once it has ended
  out.push({ day: today, before: now.getTime() - 15 * 60_000 });
  return out;
}

/**
 * A demo home's whole history, oldest day first, each day continuing from the state the one before left: the same
 * days every call for the same `now`. A session still running at the history's end is left to the live gateway.
 */
export function demoHistory(siteId: number, home: DemoHome, now: Date, days = 365): DemoDay[] {
  const state: HomeState = { socWh: BATTERY_WH * 0.3, tempC: 52 };
  return historyDays(now, days).map((d) => {
    const full = demoDay(siteId, d.day, home, state);
    if (d.before === Number.POSITIVE_INFINITY) return full;
    return {
      day: d.day,
      quarters: full.quarters.filter((q) => q.ts.getTime() <= d.before),
      sessions: full.sessions.filter((s) => s.end <= d.before + 15 * 60_000),
    };
  });
}

/** A digital meter's four registers (P1 1-0:1.8.1/1.8.2 import, 1-0:2.8.1/2.8.2 export), Wh. */
export interface MeterRegisters {
  importT1Wh: number;
  importT2Wh: number;
  exportT1Wh: number;
  exportT2Wh: number;
}

/**
 * The meter's registers at every boundary of a run of consecutive quarters, as the P1 port gives them and the gateway
 * sends them (`energy_counters`): each quarter's import and export added to the day register (1) or the night register
 * (2) that counted it (`meterRegister`, decision 230; the switch falls on a quarter boundary), so the bill splits day
 * and night by what the registers moved (decision 250). The counters start where a meter in use a few years would be.
 */
export function demoMeterCounters(
  siteId: number,
  quarters: ReadonlyArray<{ ts: Date; importWh?: number | null; exportWh?: number | null }>,
): Array<{ ts: Date; meter: MeterRegisters }> {
  const meter: MeterRegisters = {
    importT1Wh: Math.round(6e6 + 6e6 * unit(siteId, 41)),
    importT2Wh: Math.round(5e6 + 5e6 * unit(siteId, 42)),
    exportT1Wh: Math.round(2e6 + 4e6 * unit(siteId, 43)),
    exportT2Wh: Math.round(2e5 + 6e5 * unit(siteId, 44)),
  };
  const out: Array<{ ts: Date; meter: MeterRegisters }> = [];
  for (const [i, q] of quarters.entries()) {
    const start = q.ts.getTime();
    // a gap in the quarters would be a gap in the counters too: a boundary only where the run goes on
    if (i > 0 && start !== quarters[i - 1]!.ts.getTime() + QUARTER_MS) break;
    out.push({ ts: q.ts, meter: { ...meter } });
    const night = meterRegister(start) === 2;
    meter[night ? 'importT2Wh' : 'importT1Wh'] += q.importWh ?? 0;
    meter[night ? 'exportT2Wh' : 'exportT1Wh'] += q.exportWh ?? 0;
  }
  const last = out.at(-1);
  if (last) out.push({ ts: new Date(last.ts.getTime() + QUARTER_MS), meter: { ...meter } });
  return out;
}

const QUARTER_MS = 15 * 60_000;

/**
 * Writes a year of history up to yesterday, and today's quarters so far, for a site that has none yet: the quarters
 * and, when the site has its gateway, the meter's counters at each boundary the gateway would have sent.
 */
export async function seedHistory(
  services: Services,
  siteId: number,
  home: DemoHome,
  days = 365,
): Promise<number> {
  const db = services.deps.db;
  const existing = await db
    .selectFrom('energy_day')
    .select('day')
    .where('site_id', '=', siteId)
    .limit(1)
    .executeTakeFirst();
  if (existing) return 0;
  let batch: GatewayQuarter[] = [];
  let written = 0;
  const all = demoHistory(siteId, home, services.deps.clock.now(), days);
  for (const [i, d] of all.entries()) {
    for (const { socPct: _soc, tempC: _temp, ...q } of d.quarters) batch.push(q);
    if (batch.length >= 672 || i === all.length - 1) {
      if (batch.length > 0) await writeQuarters(db, batch);
      written += batch.length;
      batch = [];
    }
  }
  const gateway = await db
    .selectFrom('gateways')
    .select('id')
    .where('site_id', '=', siteId)
    .orderBy('id')
    .executeTakeFirst();
  if (gateway) {
    const boundaries = demoMeterCounters(
      siteId,
      all.flatMap((d) => d.quarters),
    );
    for (let i = 0; i < boundaries.length; i += 1000)
      await db
        .insertInto('energy_counters')
        .values(
          boundaries.slice(i, i + 1000).map((b, j) => ({
            site_id: siteId,
            ts: b.ts,
            gateway_id: gateway.id,
            seq: i + j + 1,
            counters: writeJson({ meter: b.meter })!,
          })),
        )
        .execute();
  }
  return written;
}
