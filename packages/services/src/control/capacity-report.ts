import { readJson } from '@ilumen/db';
import {
  capacityCostEstimate,
  type LocalMonth,
  localMonth,
  localMonthSchema,
  monthRange,
  QUARTER_MS,
  quarterFloor,
  rollingCapacity,
  rollingMonths,
} from '@ilumen/energy';
import { z } from 'zod';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../deps';
import { gridConnections } from '../energy/anomalies';
import { monthPeakOf } from '../energy/month-peak';
import { requireSite, requireWritable } from '../policy';
import { id, parseInput } from '../validation';
import type { CapacityRateService } from './capacity-report-rates';
import { requireControlRead } from './ilustore-modules';
import { grantedModules, readControlSettings } from './settings';
import { changeControlSettings } from './settings-change';

export const capacityReportInput = z.object({
  siteId: id(),
  /** The last month of the twelve; the current month when left out. */
  month: z.preprocess((v) => (v === '' ? undefined : v), localMonthSchema.optional()),
});
export const siteRateInput = z.object({ siteId: id(), rateCode: z.string().min(1).max(40) });

type Values = Record<string, string | number | boolean | null>;

/** What the site was doing in the quarter that made a month's peak. */
export interface PeakQuarter {
  start: string;
  importW: number | null;
  productionW: number | null;
  batteryW: number | null;
  evW: number | null;
  heatW: number | null;
  /** Battery state of charge at that quarter, per battery. */
  batteries: Array<{ deviceKey: string; name: string; socPct: number | null }>;
  /** Device energy in that quarter, per device (chargers, boiler). */
  devices: Array<{ deviceKey: string; name: string; type: string | null; w: number }>;
  /** What happened in it: decisions with their reasons, status changes, charge sessions. */
  events: Array<{
    ts: string;
    type: string;
    controller: string | null;
    action: string | null;
    reason: string | null;
    deviceKey: string | null;
    values: Values | null;
    /** A status change as "from → to", a maintenance report's phase. */
    detail: string | null;
  }>;
  /** Why peak shaving did not keep it under the threshold, when it was on and the peak is over it. */
  why: { cause: string; reason: string | null } | null;
}

/** How long after its quarter the gateway's "over the threshold" notice may arrive. */
const NOTICE_GRACE_MS = 2 * 60_000;

const w = (wh: number | null | undefined) => (wh === null || wh === undefined ? null : Math.round(wh * 4));

/**
 * The capacity report: the monthly peaks of the last 12 months, the rolling average the bill uses (a month under
 * 2.5 kW counts as 2.5 kW, a month without data is left out), an estimate of the year's capacity cost at the site's grid operator's €/kW/year, and for
 * each month's peak the quarter that made it and what was running then (energy per source, battery SoC, devices,
 * the decisions and events of that quarter, and — when peak shaving was on — why it could not prevent it).
 */
export class CapacityReportService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly rates: CapacityRateService,
  ) {}

  async report(actor: Actor, input: unknown) {
    const q = parseInput(capacityReportInput, input);
    await requireControlRead(this.deps, actor, q.siteId);
    const db = this.deps.db;
    const month: LocalMonth = q.month ?? localMonth(this.deps.clock.now());
    const months = rollingMonths(month);
    const [rows, rate, settings, modules] = await Promise.all([
      db
        .selectFrom('energy_month')
        .select(['month', 'qh_peak_w', 'qh_peak_at', 'meter_peak_w', 'meter_peak_at'])
        .where('site_id', '=', q.siteId)
        .where('month', '>=', `${months[0]}-01`)
        .where('month', '<=', `${month}-01`)
        .execute(),
      this.rates.forSite(q.siteId),
      readControlSettings(db, q.siteId),
      grantedModules(db, q.siteId),
    ]);
    const byMonth = new Map(rows.map((r) => [r.month.slice(0, 7), r]));
    const connection = (await gridConnections(db, [q.siteId])).get(q.siteId) ?? null;
    const counted = new Map([...byMonth].map(([m, r]) => [m, monthPeakOf(r, connection, m)]));
    const billed = new Map<string, number>();
    for (const [m, p] of counted) if (p) billed.set(m, p.w);
    const rolling = rollingCapacity(billed, month);
    const cost = capacityCostEstimate(rolling.averageW, Number(rate.eurPerKwYear).toFixed(5));
    const shaving = modules.has('peak_shaving') && settings.peakEnabled;
    const peaks = await Promise.all(
      rolling.months.map(async (m) => {
        const peak = counted.get(m.month) ?? null;
        const at = peak?.at ? new Date(peak.at) : null;
        const peakW = m.peakW;
        return {
          month: m.month,
          peakW,
          countedW: m.countedW,
          source: peak?.source ?? null,
          at: peak?.at ?? null,
          overThreshold: shaving && peakW !== null && peakW > settings.peakThresholdW,
          quarter:
            at && peakW !== null
              ? await this.quarter(q.siteId, at.getTime(), peakW, shaving ? settings.peakThresholdW : null)
              : null,
        };
      }),
    );
    return {
      siteId: q.siteId,
      month,
      range: {
        start: new Date(monthRange(`${months[0]}-01`).start).toISOString(),
        end: new Date(monthRange(`${month}-01`).end).toISOString(),
      },
      months: peaks.reverse(),
      rolling: { averageW: rolling.averageW, minimumW: 2500 },
      cost: { rate, eurPerYear: cost.eurPerYear, eurPerMonth: cost.eurPerMonth },
      peakShaving: { active: shaving, thresholdW: settings.peakThresholdW },
    };
  }

  /** Points the site at its grid operator's rate (console, with the modules; audited). */
  async setSiteRate(actor: Actor, input: unknown): Promise<void> {
    requireWritable(actor);
    const { siteId } = parseInput(capacityReportInput.pick({ siteId: true }), input);
    await requireSite(this.deps.db, actor, siteId, 'site.modules');
    const { rateCode } = parseInput(siteRateInput, input);
    await this.rates.assertKnown(rateCode);
    await changeControlSettings(this.deps, actor, siteId, {
      action: 'capacity_rate.site',
      fields: { rateCode: 'capacityRateCode' },
      patch: { capacityRateCode: rateCode },
    });
  }

  /**
   * The quarter of a peak. The meter stamps its peak with the quarter's start or end depending on the make, so the
   * quarter starting at the stamp and the one before are both looked at, and the one whose import matches wins.
   */
  private async quarter(
    siteId: number,
    at: number,
    peakW: number,
    thresholdW: number | null,
  ): Promise<PeakQuarter | null> {
    const db = this.deps.db;
    const start = quarterFloor(at);
    const candidates = await db
      .selectFrom('energy_qh')
      .select([
        'ts',
        'import_wh',
        'production_wh',
        'battery_charge_wh',
        'battery_discharge_wh',
        'ev_wh',
        'heat_wh',
      ])
      .where('site_id', '=', siteId)
      .where('ts', 'in', [new Date(start), new Date(start - QUARTER_MS)])
      .execute();
    const qh =
      candidates.sort(
        (a, b) =>
          Math.abs((a.import_wh ?? 0) * 4 - peakW) - Math.abs((b.import_wh ?? 0) * 4 - peakW) ||
          b.ts.getTime() - a.ts.getTime(),
      )[0] ?? null;
    const qStart = qh?.ts ?? new Date(start);
    const qEnd = new Date(qStart.getTime() + QUARTER_MS);
    const [deviceRows, events, devices] = await Promise.all([
      db
        .selectFrom('device_qh')
        .select(['device_key', 'soc_pct', 'energy_wh'])
        .where('site_id', '=', siteId)
        .where('ts', '=', qStart)
        .execute(),
      db
        .selectFrom('events')
        .select(['ts', 'type', 'device_key', 'payload'])
        .where('site_id', '=', siteId)
        .where('ts', '>=', qStart)
        // the gateway reports a quarter that went over just after it ended
        .where('ts', '<', new Date(qEnd.getTime() + NOTICE_GRACE_MS))
        .orderBy('ts')
        .orderBy('id')
        .limit(200)
        .execute(),
      db
        .selectFrom('devices')
        .select(['type', 'model', 'device_key'])
        .where('site_id', '=', siteId)
        .execute(),
    ]);
    const deviceOf = (key: string) => devices.find((d) => d.device_key === key);
    const nameOf = (key: string) => deviceOf(key)?.model ?? key;
    // the quarter's own notice says why when the gateway reported one; otherwise it is worked out from the data
    const isNotice = (e: (typeof events)[number]) => {
      const p = readJson<{ action?: string; values?: Values }>(e.payload);
      return e.type === 'control.decision' && p?.action === 'peak.exceeded';
    };
    const notice = events.find(
      (e) =>
        isNotice(e) &&
        readJson<{ values?: Values }>(e.payload)?.values?.quarterStart === qStart.toISOString(),
    );
    const inQuarter = events.filter((e) => e.ts < qEnd || e === notice);
    let why: PeakQuarter['why'] = null;
    if (thresholdW !== null && peakW > thresholdW) {
      if (notice) {
        const p = readJson<{ reason?: string; values?: Values }>(notice.payload);
        why = { cause: String(p?.values?.cause ?? 'unknown'), reason: p?.reason ?? null };
      } else if (!qh || qh.import_wh === null) {
        why = { cause: 'no-data', reason: null };
      } else {
        const socs = deviceRows.filter((d) => d.soc_pct !== null).map((d) => Number(d.soc_pct));
        const batteries = devices.filter((d) => d.type === 'battery').length;
        why = {
          cause:
            batteries === 0
              ? 'no-battery'
              : socs.length > 0 && Math.min(...socs) <= 8
                ? 'battery-empty'
                : (qh.battery_discharge_wh ?? 0) > 0
                  ? 'battery-limit'
                  : 'no-decision',
          reason: null,
        };
      }
    }
    return {
      start: qStart.toISOString(),
      importW: w(qh?.import_wh),
      productionW: w(qh?.production_wh),
      batteryW: qh ? Math.round(((qh.battery_charge_wh ?? 0) - (qh.battery_discharge_wh ?? 0)) * 4) : null,
      evW: w(qh?.ev_wh),
      heatW: w(qh?.heat_wh),
      batteries: deviceRows
        .filter((d) => d.soc_pct !== null)
        .map((d) => ({
          deviceKey: d.device_key,
          name: nameOf(d.device_key),
          socPct: d.soc_pct === null ? null : Number(d.soc_pct),
        })),
      devices: deviceRows
        .filter((d) => d.energy_wh !== null && d.energy_wh > 0)
        .map((d) => ({
          deviceKey: d.device_key,
          name: nameOf(d.device_key),
          type: deviceOf(d.device_key)?.type ?? null,
          w: Math.round((d.energy_wh ?? 0) * 4),
        })),
      events: inQuarter.map((e) => {
        const p =
          readJson<{
            controller?: string;
            action?: string;
            reason?: string;
            values?: Values;
            from?: string | null;
            to?: string;
            phase?: string;
          }>(e.payload) ?? {};
        return {
          ts: e.ts.toISOString(),
          type: e.type,
          controller: p.controller ?? null,
          action: p.action ?? null,
          reason: p.reason ?? null,
          deviceKey: e.device_key,
          values: p.values ?? null,
          // a status change reads "from → to", a maintenance report its phase
          detail: p.to ? `${p.from ?? '—'} → ${p.to}` : (p.phase ?? null),
        };
      }),
      why,
    };
  }
}

/** A site's capacity report, as `CapacityReportService.report` gives it. */
export type CapacityReport = Awaited<ReturnType<CapacityReportService['report']>>;
