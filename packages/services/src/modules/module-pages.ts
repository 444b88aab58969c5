import { type Db, sql } from '@ilumen/db';
import {
  type BillQuarter,
  bucketIndexOf,
  bucketsOf,
  inForce,
  type LocalDate,
  localDate,
  nextPeriod,
  type Period,
  periodOf,
  picoToEur,
  previousPeriod,
  valueOfQuarters,
} from '@ilumen/energy';
import { z } from 'zod';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../deps';
import { type SiteBillInputs, siteBillInputs, siteDayAhead } from '../energy/site-bill';
import { forbidden, notFound } from '../errors';
import { canOnSite, canUseHomeView, requireSite } from '../policy';
import { id, localDate as localDateField, parseInput } from '../validation';

export const modulePeriodInput = z.object({
  siteId: id(),
  period: z.enum(['day', 'week', 'month', 'year']).default('day'),
  /** Any day inside the period (Brussels); today when left out. */
  date: z.preprocess((v) => (v === '' ? undefined : v), localDateField().optional()),
});

/**
 * Per UTC hour of a range: the average of a device column over the given devices (by their key, decision 071) and the
 * number of quarters (Brussels hours are whole).
 */
async function deviceHours(
  db: Db,
  siteId: number,
  deviceKeys: string[],
  column: 'soc_pct' | 'temp_c',
  period: Period,
) {
  if (deviceKeys.length === 0) return [];
  const rows = await db
    .selectFrom('device_qh')
    .select([
      sql<string>`DATE_FORMAT(ts, '%Y-%m-%d %H:00:00')`.as('hour'),
      sql<string | null>`AVG(${sql.ref(column)})`.as('avg'),
      sql<number>`COUNT(${sql.ref(column)})`.as('n'),
    ])
    .where('site_id', '=', siteId)
    .where('device_key', 'in', deviceKeys)
    .where('ts', '>=', new Date(period.start))
    .where('ts', '<', new Date(period.end))
    .groupBy('hour')
    .execute();
  return rows
    .filter((r) => r.avg !== null && Number(r.n) > 0)
    .map((r) => ({ at: Date.parse(`${r.hour.replace(' ', 'T')}Z`), avg: Number(r.avg), n: Number(r.n) }));
}

/** Energy per chart bucket from the site's rollups: quarters for a day, days for a week or month, days for a year. */
async function energyRows(db: Db, siteId: number, period: Period) {
  if (period.kind === 'day') {
    const rows = await db
      .selectFrom('energy_qh')
      .select(['ts', 'battery_charge_wh', 'battery_discharge_wh', 'heat_wh'])
      .where('site_id', '=', siteId)
      .where('ts', '>=', new Date(period.start))
      .where('ts', '<', new Date(period.end))
      .execute();
    return rows.map((r) => ({
      at: r.ts.getTime(),
      day: localDate(r.ts),
      charge: Number(r.battery_charge_wh ?? 0),
      discharge: Number(r.battery_discharge_wh ?? 0),
      heat: Number(r.heat_wh ?? 0),
    }));
  }
  const rows = await db
    .selectFrom('energy_day')
    .select(['day', 'battery_charge_wh', 'battery_discharge_wh', 'heat_wh'])
    .where('site_id', '=', siteId)
    .where('day', '>=', period.firstDay)
    .where('day', '<=', period.lastDay)
    .execute();
  return rows.map((r) => ({
    at: Date.parse(`${r.day}T12:00:00Z`),
    day: r.day,
    charge: Number(r.battery_charge_wh),
    discharge: Number(r.battery_discharge_wh),
    heat: Number(r.heat_wh),
  }));
}

/**
 * What the battery saved in each bucket of a period, at the real price of each quarter (decision 180): the energy it
 * delivered at the import price it replaced, minus what storing cost — the part charged from the grid (up to that
 * quarter's import) at the import price, the rest, from the sun, at the injection price it would have earned.
 */
async function batterySaving(db: Db, siteId: number, period: Period, inputs: SiteBillInputs) {
  const rows = await db
    .selectFrom('energy_qh')
    .select(['ts', 'import_wh', 'battery_charge_wh', 'battery_discharge_wh'])
    .where('site_id', '=', siteId)
    .where('ts', '>=', new Date(period.start))
    .where('ts', '<', new Date(period.end))
    .where((eb) => eb.or([eb('battery_charge_wh', '>', 0), eb('battery_discharge_wh', '>', 0)]))
    .execute();
  const dayAhead = await siteDayAhead(db, inputs.contracts, period.firstDay, period.lastDay);
  const prices = { contracts: inputs.contracts, rates: inputs.rates, dayAhead };
  const ranges = bucketsOf(period);
  const byBucket = new Map<number, { delivered: BillQuarter[]; fromGrid: BillQuarter[] }>();
  for (const r of rows) {
    const start = r.ts.getTime();
    const i = bucketIndexOf(ranges, start);
    if (i < 0) continue;
    let b = byBucket.get(i);
    if (!b) {
      b = { delivered: [], fromGrid: [] };
      byBucket.set(i, b);
    }
    const charge = Number(r.battery_charge_wh ?? 0);
    const grid = Math.min(charge, Math.max(0, Number(r.import_wh ?? 0)));
    b.delivered.push({ start, importWh: Number(r.battery_discharge_wh ?? 0), exportWh: charge - grid });
    if (grid > 0) b.fromGrid.push({ start, importWh: grid, exportWh: 0 });
  }
  const perBucket = new Map<number, bigint>();
  let totalPico = 0n;
  const days = new Set<LocalDate>();
  for (const [i, b] of byBucket) {
    const gained = valueOfQuarters(prices, b.delivered);
    const paid = valueOfQuarters(prices, b.fromGrid);
    const pico = gained.importPico - gained.exportPico - paid.importPico;
    perBucket.set(i, pico);
    totalPico += pico;
    for (const q of b.delivered)
      if (!inForce(inputs.contracts, localDate(q.start))) days.add(localDate(q.start));
  }
  return { perBucket, totalPico, daysWithoutContract: days.size };
}

function frame(period: Period, today: LocalDate) {
  const next = nextPeriod(period);
  return {
    period: { kind: period.kind, key: period.key, firstDay: period.firstDay, lastDay: period.lastDay },
    previousDate: previousPeriod(period).firstDay,
    nextDate: next.firstDay <= today ? next.firstDay : null,
  };
}

/**
 * The iLubat and iLuheat pages (manual 3B, 3C): the battery's state of charge through a day with the energy stored
 * and what that saved at the import tariff, and per week/month/year what it stored and gave back; the boiler's
 * consumption and average temperature for a day, week, month or year. All from the history the ingest keeps
 * (`energy_qh`/`energy_day` for energy, `device_qh` for SoC and °C per quarter).
 */
export class ModuleService {
  constructor(private readonly deps: ServiceDeps) {}

  private async requireData(actor: Actor, siteId: number) {
    const access = await requireSite(this.deps.db, actor, siteId, 'site.chargers');
    if (!canUseHomeView(actor, access)) throw notFound();
    if (!canOnSite(access, 'site.data')) throw forbidden('home.chargersOnly');
    return access;
  }

  private async devices(siteId: number, type: 'battery' | 'heat') {
    return this.deps.db
      .selectFrom('devices')
      .select([
        'id',
        'device_key',
        'model',
        'serial',
        'status',
        'status_code',
        'status_text',
        'status_changed_at',
      ])
      .where('site_id', '=', siteId)
      .where('type', '=', type)
      .orderBy('id')
      .execute()
      .then((rows) => ({
        /** The devices' keys, under which the ingest keeps their quarters (`device_qh`, decision 071). */
        keys: rows.map((d) => d.device_key),
        list: rows.map((d) => ({
          id: d.id,
          model: d.model,
          serial: d.serial,
          status: d.status,
          fault:
            d.status === 'Fout'
              ? {
                  code: d.status_code,
                  text: d.status_text,
                  since: d.status_changed_at?.toISOString() ?? null,
                }
              : null,
        })),
      }));
  }

  async battery(actor: Actor, input: unknown) {
    const q = parseInput(modulePeriodInput, input);
    await this.requireData(actor, q.siteId);
    const now = this.deps.clock.now();
    const period = periodOf(q.period, q.date ?? localDate(now));
    const [batteries, rows, inputs] = await Promise.all([
      this.devices(q.siteId, 'battery'),
      energyRows(this.deps.db, q.siteId, period),
      siteBillInputs(this.deps.db, q.siteId),
    ]);
    const buckets = bucketsOf(period).map((b) => ({
      start: new Date(b.start).toISOString(),
      label: b.label,
      storedWh: 0,
      deliveredWh: 0,
      socPct: null as number | null,
      savingEur: '0.00',
    }));
    const ranges = bucketsOf(period);
    for (const r of rows) {
      const b = buckets[bucketIndexOf(ranges, r.at)];
      if (b) {
        b.storedWh += r.charge;
        b.deliveredWh += r.discharge;
      }
    }
    const saving = await batterySaving(this.deps.db, q.siteId, period, inputs);
    for (const [i, pico] of saving.perBucket) buckets[i]!.savingEur = picoToEur(pico);
    const soc: Array<{ at: string; socPct: number }> = [];
    if (period.kind === 'day' && batteries.keys.length > 0) {
      // Several batteries: one line, their average state of charge per quarter.
      const quarters = await this.deps.db
        .selectFrom('device_qh')
        .select(['ts', sql<string | null>`AVG(soc_pct)`.as('soc_pct')])
        .where('site_id', '=', q.siteId)
        .where('device_key', 'in', batteries.keys)
        .where('ts', '>=', new Date(period.start))
        .where('ts', '<', new Date(period.end))
        .groupBy('ts')
        .orderBy('ts')
        .execute();
      for (const r of quarters)
        if (r.soc_pct !== null)
          soc.push({ at: r.ts.toISOString(), socPct: Math.round(Number(r.soc_pct) * 10) / 10 });
      for (const h of await deviceHours(this.deps.db, q.siteId, batteries.keys, 'soc_pct', period)) {
        const b = buckets[bucketIndexOf(ranges, h.at)];
        if (b) b.socPct = Math.round(h.avg * 10) / 10;
      }
    }
    const storedWh = buckets.reduce((s, b) => s + b.storedWh, 0);
    return {
      siteId: q.siteId,
      ...frame(period, localDate(now)),
      batteries: batteries.list,
      buckets,
      soc,
      totals: {
        storedWh,
        deliveredWh: buckets.reduce((s, b) => s + b.deliveredWh, 0),
        savingEur: picoToEur(saving.totalPico),
        daysWithoutTariff: saving.daysWithoutContract,
      },
    };
  }

  async heat(actor: Actor, input: unknown) {
    const q = parseInput(modulePeriodInput, input);
    await this.requireData(actor, q.siteId);
    const now = this.deps.clock.now();
    const period = periodOf(q.period, q.date ?? localDate(now));
    const [boilers, rows] = await Promise.all([
      this.devices(q.siteId, 'heat'),
      energyRows(this.deps.db, q.siteId, period),
    ]);
    const hours = await deviceHours(this.deps.db, q.siteId, boilers.keys, 'temp_c', period);
    const ranges = bucketsOf(period);
    const buckets = ranges.map((b) => ({
      start: new Date(b.start).toISOString(),
      label: b.label,
      consumptionWh: 0,
      avgTempC: null as number | null,
    }));
    for (const r of rows) {
      const b = buckets[bucketIndexOf(ranges, r.at)];
      if (b) b.consumptionWh += r.heat;
    }
    // Average temperature per bucket: the quarters' mean, weighted by how many quarters each hour had.
    const sums = ranges.map(() => ({ sum: 0, n: 0 }));
    for (const h of hours) {
      const s = sums[bucketIndexOf(ranges, h.at)];
      if (!s) continue;
      s.sum += h.avg * h.n;
      s.n += h.n;
    }
    sums.forEach((s, i) => {
      if (s.n > 0) buckets[i]!.avgTempC = Math.round((s.sum / s.n) * 10) / 10;
    });
    const all = sums.reduce((a, s) => ({ sum: a.sum + s.sum, n: a.n + s.n }), { sum: 0, n: 0 });
    return {
      siteId: q.siteId,
      ...frame(period, localDate(now)),
      boilers: boilers.list,
      buckets,
      totals: {
        consumptionWh: buckets.reduce((s, b) => s + b.consumptionWh, 0),
        avgTempC: all.n > 0 ? Math.round((all.sum / all.n) * 10) / 10 : null,
      },
    };
  }
}
