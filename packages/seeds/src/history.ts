import { addDays, localDate, quarterStartsOfDay } from '@ilumen/energy';
import type { Services } from '@ilumen/services';
import { type GatewayQuarter, writeQuarters } from '@ilumen/services/energy';

/**
 * A year of quarter-hours for a demo home, written through the energy store like the ingest writes them: PV by season
 * and hour, a household with a morning and an evening bump, a battery that soaks up midday surplus and covers the
 * evening, and a car charging some evenings. Deterministic per site.
 */
export function demoQuarters(
  siteId: number,
  day: string,
  hasBattery: boolean,
  hasCharger: boolean,
  hasHeat: boolean,
): GatewayQuarter[] {
  const starts = quarterStartsOfDay(day);
  const doy =
    (Date.parse(`${day}T12:00:00Z`) - Date.parse(`${day.slice(0, 4)}-01-01T00:00:00Z`)) / 86_400_000;
  const summer = Math.cos(((doy - 172) / 365) * 2 * Math.PI) * 0.5 + 0.5;
  const cloud = 0.55 + 0.45 * Math.abs(Math.sin(siteId * 12.9898 + doy * 78.233));
  let soc = 0.3;
  return starts.map((ts, q) => {
    const hour = (q / starts.length) * 24;
    const sun = hour > 5 && hour < 21 ? Math.max(0, Math.sin(((hour - 5) / 16) * Math.PI)) : 0;
    const pv = Math.round(sun * (250 + 900 * summer) * cloud);
    let load =
      90 +
      40 * Math.sin(q + siteId) +
      (hour > 6.5 && hour < 8.5 ? 180 : 0) +
      (hour > 17 && hour < 22 ? 260 : 0);
    const heat = hasHeat && hour > 11 && hour < 14 && pv > 400 ? 500 : 0;
    const ev = hasCharger && (doy + siteId) % 3 === 0 && hour > 18 && hour < 21 ? 1800 : 0;
    load += heat + ev;
    let net = load - pv;
    let charge = 0;
    let discharge = 0;
    if (hasBattery) {
      if (net < 0 && soc < 0.95) {
        charge = Math.min(-net, 1250);
        soc += charge / 10_000;
      } else if (net > 0 && soc > 0.1) {
        discharge = Math.min(net, 1250);
        soc -= discharge / 10_000;
      }
      net = net + charge - discharge;
    }
    return {
      source: 'gateway' as const,
      siteId,
      ts: new Date(ts),
      importWh: Math.max(0, Math.round(net)),
      exportWh: Math.max(0, Math.round(-net)),
      productionWh: pv,
      batteryChargeWh: hasBattery ? Math.round(charge) : null,
      batteryDischargeWh: hasBattery ? Math.round(discharge) : null,
      evWh: hasCharger ? ev : null,
      heatWh: hasHeat ? heat : null,
    };
  });
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

/** The demo quarters of one history day (`historyDays`), up to where that day's history ends. */
export function demoHistoryQuarters(
  siteId: number,
  d: { day: string; before: number },
  devices: { battery: boolean; charger: boolean; heat: boolean },
): GatewayQuarter[] {
  return demoQuarters(siteId, d.day, devices.battery, devices.charger, devices.heat).filter(
    (q) => q.ts.getTime() <= d.before,
  );
}

/** Writes `days` days of history up to yesterday, and today's quarters so far, for a site that has none yet. */
export async function seedHistory(
  services: Services,
  siteId: number,
  devices: { battery: boolean; charger: boolean; heat: boolean },
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
  const all = historyDays(services.deps.clock.now(), days);
  for (const [i, d] of all.entries()) {
    batch.push(...demoHistoryQuarters(siteId, d, devices));
    if (batch.length >= 672 || i === all.length - 1) {
      if (batch.length > 0) await writeQuarters(db, batch);
      written += batch.length;
      batch = [];
    }
  }
  return written;
}
