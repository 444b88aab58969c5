import { sql } from '@ilumen/db';
import {
  addDays,
  billOfDays,
  bucketsOf,
  type LocalDate,
  localDate,
  localMonth,
  localMonthSchema,
  monthRange,
  nextPeriod,
  type Period,
  periodOf,
  previousPeriod,
  rollingCapacity,
  rollingMonths,
  startOfLocalDay,
} from '@ilumen/energy';
import { z } from 'zod';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../deps';
import { requireSite } from '../policy';
import { id, localDate as localDateField, parseInput } from '../validation';
import { gridConnections } from './anomalies';
import { monthPeakOf } from './month-peak';
import {
  billDaysOfMonth,
  siteBillInputs,
  siteBillOfDays,
  siteCapacity,
  siteDayAhead,
  siteQuarters,
} from './site-bill';

export const historyInput = z.object({
  siteId: id(),
  period: z.enum(['day', 'week', 'month', 'year']).default('day'),
  /** Any day inside the period (Brussels); today when left out. */
  date: z.preprocess((v) => (v === '' ? undefined : v), localDateField().optional()),
});

export const capacityInput = z.object({
  siteId: id(),
  /** The month the bill is for; the current month when left out. */
  month: z.preprocess((v) => (v === '' ? undefined : v), localMonthSchema.optional()),
});

export interface EnergyValues {
  importWh: number;
  exportWh: number;
  /** import − export: positive is net import (a red bar), negative net export (a green bar). */
  netWh: number;
  productionWh: number;
  batteryChargeWh: number;
  batteryDischargeWh: number;
  evWh: number;
  heatWh: number;
}

export interface HistoryBucket extends EnergyValues {
  start: string;
  end: string;
  label: string;
  /** Quarters with grid data in this bucket, against how many it has: less than all means data is missing. */
  gridQuarters: number;
  expectedQuarters: number;
}

const zero = (): EnergyValues => ({
  importWh: 0,
  exportWh: 0,
  netWh: 0,
  productionWh: 0,
  batteryChargeWh: 0,
  batteryDischargeWh: 0,
  evWh: 0,
  heatWh: 0,
});

function add(into: EnergyValues, row: Partial<Record<string, unknown>>): void {
  into.importWh += Number(row.import_wh ?? 0);
  into.exportWh += Number(row.export_wh ?? 0);
  into.productionWh += Number(row.production_wh ?? 0);
  into.batteryChargeWh += Number(row.battery_charge_wh ?? 0);
  into.batteryDischargeWh += Number(row.battery_discharge_wh ?? 0);
  into.evWh += Number(row.ev_wh ?? 0);
  into.heatWh += Number(row.heat_wh ?? 0);
  into.netWh = into.importWh - into.exportWh;
}

const QUARTER_MS = 15 * 60 * 1000;

/** The earlier of two days (a bill runs up to today, not into days still to come). */
function notAfter(day: LocalDate, limit: LocalDate): LocalDate {
  if (day > limit) return limit;
  return day;
}

/**
 * The quarters of [start, end) that have ended by `now`: only those can be missing. A month on its 7th expects a
 * week's quarters, not the whole month's (which read "19 % present" for a complete week).
 */
export function elapsedQuarters(start: number, end: number, now: number): number {
  return Math.max(0, Math.floor((Math.min(end, now) - start) / QUARTER_MS));
}

/**
 * A site's energy history for the charts and totals: a day from its quarters (23, 24 or 25 hourly bars), a week or
 * month from the day rollups, a year from the month rollups — never from thousands of quarter rows. Costs are summed
 * day by day at each day's tariff.
 */
export class HistoryService {
  constructor(private readonly deps: ServiceDeps) {}

  async series(actor: Actor, input: unknown) {
    const q = parseInput(historyInput, input);
    await requireSite(this.deps.db, actor, q.siteId, 'site.data');
    const date: LocalDate = q.date ?? localDate(this.deps.clock.now());
    const period = periodOf(q.period, date);
    const now = this.deps.clock.now().getTime();
    const buckets = bucketsOf(period).map((b) => ({
      start: b.start,
      end: b.end,
      label: b.label,
      values: zero(),
      gridQuarters: 0,
      expectedQuarters: elapsedQuarters(b.start, b.end, now),
    }));
    const db = this.deps.db;

    const days = await db
      .selectFrom('energy_day')
      .selectAll()
      .where('site_id', '=', q.siteId)
      .where('day', '>=', period.firstDay)
      .where('day', '<=', period.lastDay)
      .orderBy('day')
      .execute();

    if (period.kind === 'day') {
      const quarters = await db
        .selectFrom('energy_qh')
        .select([
          'ts',
          'import_wh',
          'export_wh',
          'production_wh',
          'battery_charge_wh',
          'battery_discharge_wh',
          'ev_wh',
          'heat_wh',
        ])
        .where('site_id', '=', q.siteId)
        .where('ts', '>=', new Date(period.start))
        .where('ts', '<', new Date(period.end))
        .execute();
      for (const row of quarters) {
        const t = row.ts.getTime();
        const b = buckets.find((x) => t >= x.start && t < x.end);
        if (!b) continue;
        add(b.values, row);
        if (row.import_wh !== null) b.gridQuarters++;
      }
    } else if (period.kind === 'year') {
      const months = await db
        .selectFrom('energy_month')
        .selectAll()
        .where('site_id', '=', q.siteId)
        .where('month', '>=', `${period.firstDay.slice(0, 7)}-01`)
        .where('month', '<=', period.lastDay)
        .execute();
      for (const row of months) {
        const b = buckets[Number(row.month.slice(5, 7)) - 1];
        if (!b) continue;
        add(b.values, row);
        b.gridQuarters += Number(row.grid_quarters);
      }
    } else {
      const byDay = new Map(days.map((d) => [d.day, d]));
      for (const b of buckets) {
        const row = byDay.get(localDate(b.start));
        if (!row) continue;
        add(b.values, row);
        b.gridQuarters += Number(row.grid_quarters);
      }
    }

    const totals = zero();
    for (const b of buckets) {
      for (const k of Object.keys(totals) as Array<keyof EnergyValues>)
        if (k !== 'netWh') totals[k] += b.values[k];
    }
    totals.netWh = totals.importWh - totals.exportWh;
    const today = localDate(this.deps.clock.now());
    // The period's bill up to today (decision 180): what the home pays incl. VAT, what injection earned, the net.
    const bill = await siteBillOfDays(
      db,
      q.siteId,
      await siteBillInputs(db, q.siteId),
      period.firstDay,
      notAfter(period.lastDay, today),
    );
    const next = nextPeriod(period);
    return {
      siteId: q.siteId,
      period: {
        kind: period.kind,
        key: period.key,
        start: new Date(period.start).toISOString(),
        end: new Date(period.end).toISOString(),
        firstDay: period.firstDay,
        lastDay: period.lastDay,
      },
      previousDate: previousPeriod(period).firstDay,
      nextDate: next.firstDay <= today ? next.firstDay : null,
      buckets: buckets.map(
        (b): HistoryBucket => ({
          start: new Date(b.start).toISOString(),
          end: new Date(b.end).toISOString(),
          label: b.label,
          ...b.values,
          gridQuarters: b.gridQuarters,
          expectedQuarters: b.expectedQuarters,
        }),
      ),
      totals,
      cost: {
        importEur: bill.inclVatEur,
        exportEur: bill.injectionEur,
        netEur: bill.netEur,
        daysWithoutTariff: bill.daysWithoutContract,
        quartersWithoutPrice: bill.quartersWithoutPrice,
      },
    };
  }

  /** Yesterday's import, export and production (the dashboard's summary). */
  async yesterday(actor: Actor, input: unknown) {
    const { siteId } = parseInput(z.object({ siteId: id() }), input);
    await requireSite(this.deps.db, actor, siteId, 'site.data');
    const today = localDate(this.deps.clock.now());
    const day = periodOf('day', today);
    const yesterday = previousPeriod(day).firstDay;
    const row = await this.deps.db
      .selectFrom('energy_day')
      .selectAll()
      .where('site_id', '=', siteId)
      .where('day', '=', yesterday)
      .executeTakeFirst();
    const v = zero();
    if (row) add(v, row);
    return { date: yesterday, ...v, hasData: Boolean(row && row.grid_quarters > 0) };
  }

  /**
   * Net import and its cost for each of the past months (the dashboard's list; +/− as in the manual): the month's
   * bill from the bill model, the current one up to today (decision 180).
   */
  async monthlyNet(actor: Actor, input: unknown) {
    const { siteId, months } = parseInput(
      z.object({ siteId: id(), months: z.coerce.number().int().min(1).max(36).default(12) }),
      input,
    );
    await requireSite(this.deps.db, actor, siteId, 'site.data');
    const current = localMonth(this.deps.clock.now());
    const wanted = rollingMonths(current).slice(-months);
    const first = wanted[0]!;
    const rows = await this.deps.db
      .selectFrom('energy_day')
      .select([sql<string>`DATE_FORMAT(day, '%Y-%m')`.as('month'), 'day', 'import_wh', 'export_wh'])
      .where('site_id', '=', siteId)
      .where('day', '>=', `${first}-01`)
      .orderBy('day')
      .execute();
    const db = this.deps.db;
    const today = localDate(this.deps.clock.now());
    const inputs = await siteBillInputs(db, siteId);
    const [quarters, dayAhead, capacityW] = await Promise.all([
      siteQuarters(db, siteId, monthRange(`${first}-01`).start, startOfLocalDay(addDays(today, 1))),
      siteDayAhead(db, inputs.contracts, `${first}-01`, today),
      siteCapacity(db, siteId, first, current),
    ]);
    const billInput = { contracts: inputs.contracts, rates: inputs.rates, quarters, dayAhead, capacityW };
    return wanted
      .map((month) => {
        const days = rows.filter((r) => r.month === month);
        const importWh = days.reduce((s, d) => s + Number(d.import_wh), 0);
        const exportWh = days.reduce((s, d) => s + Number(d.export_wh), 0);
        const range = billDaysOfMonth(month, today);
        const bill = billOfDays(billInput, range.firstDay, range.lastDay);
        return {
          month,
          importWh,
          exportWh,
          netWh: importWh - exportWh,
          netEur: bill.netEur,
          hasData: days.length > 0,
          daysWithoutTariff: bill.daysWithoutContract,
        };
      })
      .reverse();
  }

  /**
   * The capacity tariff for a month: its peak (ours from the quarters, and the meter's own 1-0:1.6.0 when reported —
   * the meter's is what the grid operator bills), and the 12-month rolling average the bill uses (a month under
   * 2.5 kW counts as 2.5 kW; a month without data is left out, decision 130).
   */
  async capacity(actor: Actor, input: unknown) {
    const q = parseInput(capacityInput, input);
    await requireSite(this.deps.db, actor, q.siteId, 'site.data');
    const month = q.month ?? localMonth(this.deps.clock.now());
    const months = rollingMonths(month);
    const rows = await this.deps.db
      .selectFrom('energy_month')
      .select(['month', 'qh_peak_w', 'qh_peak_at', 'meter_peak_w', 'meter_peak_at'])
      .where('site_id', '=', q.siteId)
      .where('month', '>=', `${months[0]}-01`)
      .where('month', '<=', `${month}-01`)
      .execute();
    const connection = (await gridConnections(this.deps.db, [q.siteId])).get(q.siteId) ?? null;
    const byMonth = new Map(rows.map((r) => [r.month.slice(0, 7), r]));
    const peaks = new Map([...byMonth].map(([m, r]) => [m, monthPeakOf(r, connection, m)]));
    const billed = new Map<string, number>();
    for (const [m, p] of peaks) if (p) billed.set(m, p.w);
    const rolling = rollingCapacity(billed, month);
    const current = byMonth.get(month);
    const counted = peaks.get(month) ?? null;
    const range = monthRange(`${month}-01`);
    return {
      month,
      range: { start: new Date(range.start).toISOString(), end: new Date(range.end).toISOString() },
      peak: {
        quartersW: current?.qh_peak_w ?? null,
        quartersAt: current?.qh_peak_at?.toISOString() ?? null,
        meterW: current?.meter_peak_w ?? null,
        meterAt: current?.meter_peak_at?.toISOString() ?? null,
        /** The one that counts (decision 091). */
        countedW: counted?.w ?? null,
        countedAt: counted?.at ?? null,
        source: counted?.source ?? null,
      },
      rolling: {
        averageW: rolling.averageW,
        months: rolling.months.map((m) => ({
          ...m,
          source: peaks.get(m.month)?.source ?? null,
        })),
      },
    };
  }
}

export type HistorySeries = Awaited<ReturnType<HistoryService['series']>>;
export type { Period };
