import type { MaintenanceStatus } from '@ilumen/db';
import { readJson } from '@ilumen/db';
import { addDays, formatDecimal, localDate } from '@ilumen/energy';
import { coded, formatDate, formatHourMinute } from '@ilumen/i18n';
import { z } from 'zod';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../deps';
import { notify } from '../homeowner/notifications';
import { formatAddress } from '../sites/address';
import { parseInput } from '../validation';
import { DayPlanner } from './dynamic-charging-plan';
import { controlSiteInput, requireControlRead } from './ilustore-modules';
import { type BatteryEvidence, dueBatteries, type MaintainedBattery } from './maintenance-due';
import { cheapestWindow, defaultWindow } from './maintenance-window';
import { PRICE_ZONE, type PriceService } from './prices';

export const maintenanceSettingsSchema = z.object({
  /** A battery that has not been at 100 % for this many days gets a maintenance charge (manual; default 14). */
  intervalDays: z.int().min(1).max(90).default(14),
  /** How long the window is, hours. */
  windowHours: z.int().min(1).max(8).default(3),
});
export type MaintenanceSettings = z.input<typeof maintenanceSettingsSchema>;

/** SoC from this up counts as "at 100 %" (the BMS reports 99.x while balancing). */
const FULL_PCT = 99.5;
/** A window the gateway says nothing about for this long after its end was missed (gateway away). */
const REPORT_GRACE_MS = 60 * 60_000;

interface ProgressPayload {
  batteryId?: string;
  chargeId?: string;
  phase?: 'started' | 'charging' | 'completed' | 'aborted';
  socPct?: number;
  reason?: string;
}

export interface PlannedCharge {
  id: number;
  siteId: number;
  deviceId: number;
  deviceKey: string;
  windowStart: Date;
  windowEnd: Date;
}

/**
 * Maintenance mode of the AC battery (manual, "Onderhoudsmodus AC-batterij"): in months with little sun a battery may
 * not reach 100 % for weeks, which it needs now and then. Daily, every battery that has not been at 100 % (from its
 * quarter-hour SoC) within the interval gets a maintenance charge in the cheapest window of the next day; its owners
 * are told in the app and by mail beforehand; the charge goes to the gateway in its configuration (`maintenance`
 * section); the gateway's `maintenance.progress` events are recorded on it.
 */
export class MaintenanceService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly prices: PriceService,
  ) {}

  /** The charges of one site, newest first (homeowner and console). */
  async list(actor: Actor, input: unknown) {
    const { siteId } = parseInput(controlSiteInput, input);
    await requireControlRead(this.deps, actor, siteId);
    const rows = await this.deps.db
      .selectFrom('maintenance_charges as m')
      .innerJoin('devices as d', 'd.id', 'm.device_id')
      .select([
        'm.id',
        'm.status',
        'm.window_start',
        'm.window_end',
        'm.last_full_at',
        'm.started_at',
        'm.finished_at',
        'm.final_soc_pct',
        'm.reason',
        'm.mean_eur_per_mwh',
        'd.model',
        'd.serial',
      ])
      .where('m.site_id', '=', siteId)
      .orderBy('m.window_start', 'desc')
      .limit(20)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      battery: `${r.model} ${r.serial}`,
      status: r.status,
      windowStart: r.window_start.toISOString(),
      windowEnd: r.window_end.toISOString(),
      lastFullAt: r.last_full_at?.toISOString() ?? null,
      startedAt: r.started_at?.toISOString() ?? null,
      finishedAt: r.finished_at?.toISOString() ?? null,
      finalSocPct: r.final_soc_pct === null ? null : Number(r.final_soc_pct),
      reason: r.reason,
      meanEurPerMwh: r.mean_eur_per_mwh === null ? null : Number(r.mean_eur_per_mwh),
    }));
  }

  /** What the quarters and the earlier charges say of these batteries (`dueBatteries` decides from it). */
  private async batteryEvidence(
    batteries: readonly MaintainedBattery[],
    since: Date,
    now: Date,
  ): Promise<BatteryEvidence> {
    const db = this.deps.db;
    const siteIds = [...new Set(batteries.map((b) => b.site_id))];
    const [full, recent, open, lastFull] = await Promise.all([
      db
        .selectFrom('device_qh')
        .select(['site_id', 'device_key'])
        .distinct()
        .where('site_id', 'in', siteIds)
        .where('ts', '>=', since)
        .where('soc_pct', '>=', String(FULL_PCT))
        .execute(),
      db
        .selectFrom('device_qh')
        .select(['site_id', 'device_key'])
        .distinct()
        .where('site_id', 'in', siteIds)
        .where('ts', '>=', new Date(now.getTime() - 2 * 86_400_000))
        .where('soc_pct', 'is not', null)
        .execute(),
      db
        .selectFrom('maintenance_charges')
        .select('device_id')
        .where('site_id', 'in', siteIds)
        .where((eb) =>
          eb.or([
            eb('status', 'in', ['planned', 'running']),
            eb.and([eb('status', '=', 'completed'), eb('window_start', '>=', since)]),
          ]),
        )
        .execute(),
      db
        .selectFrom('device_qh')
        .select(['site_id', 'device_key', (eb) => eb.fn.max('ts').as('at')])
        .where('site_id', 'in', siteIds)
        .where('soc_pct', '>=', String(FULL_PCT))
        .groupBy(['site_id', 'device_key'])
        .execute(),
    ]);
    return {
      full,
      recent,
      open,
      lastFull: lastFull.map((r) => ({ ...r, at: (r.at as Date | null) ?? null })),
    };
  }

  /**
   * The daily run (system): plans and announces a charge for every battery that needs one. Returns the charges
   * planned (the caller sends the sites' configurations) and the mails to queue after commit.
   */
  async planDue(input: MaintenanceSettings = {}) {
    const settings = maintenanceSettingsSchema.parse(input);
    const db = this.deps.db;
    const now = this.deps.clock.now();
    const since = new Date(now.getTime() - settings.intervalDays * 86_400_000);
    const today = localDate(now);
    // batteries on a gateway, in service for at least the interval
    const batteries = await db
      .selectFrom('devices as d')
      .innerJoin('sites as s', 's.id', 'd.site_id')
      .select([
        'd.id',
        'd.site_id',
        'd.device_key',
        'd.active_since',
        's.street',
        's.house_number',
        's.postal_code',
        's.city',
      ])
      .where('d.type', '=', 'battery')
      .where('d.device_key', 'is not', null)
      .where('s.status', '=', 'active')
      .where('d.active_since', '<=', addDays(today, -settings.intervalDays))
      .execute();
    if (batteries.length === 0) return { planned: [] as PlannedCharge[], mails: 0 };
    const due = dueBatteries(batteries, await this.batteryEvidence(batteries, since, now));
    if (due.length === 0) return { planned: [] as PlannedCharge[], mails: 0 };

    // the cheapest window of tomorrow (all sites share the zone's prices)
    const tomorrow = addDays(today, 1);
    const prices = await this.prices.day(PRICE_ZONE, tomorrow);
    const window =
      (prices ? cheapestWindow(new DayPlanner(prices.slots, tomorrow).hourly, settings.windowHours) : null) ??
      defaultWindow(tomorrow, settings.windowHours);
    const planned: PlannedCharge[] = [];
    let mails = 0;
    for (const b of due) {
      const pending = await db.transaction().execute(async (trx) => {
        const res = await trx
          .insertInto('maintenance_charges')
          .ignore()
          .values({
            site_id: b.site_id,
            device_id: b.id,
            device_key: b.device_key,
            status: 'planned',
            last_full_at: b.lastFullAt,
            window_start: new Date(window.start),
            window_end: new Date(window.end),
            mean_eur_per_mwh: window.meanEurPerMwh === null ? null : window.meanEurPerMwh.toFixed(2),
            announced_at: now,
          })
          .executeTakeFirst();
        if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) return null;
        const chargeId = Number(res.insertId);
        const owners = await trx
          .selectFrom('site_members as sm')
          .innerJoin('users as u', 'u.id', 'sm.user_id')
          .select(['u.id', 'u.email', 'u.name', 'u.locale'])
          .where('sm.site_id', '=', b.site_id)
          .where('sm.role', '=', 'owner')
          .where('u.active', '=', true)
          .execute();
        const from = new Date(window.start);
        const to = new Date(window.end);
        for (const o of owners) {
          // the texts keep their parameters as written: the window in the reader's own format
          await notify(trx, {
            userId: o.id,
            siteId: b.site_id,
            kind: 'maintenance',
            titleKey: 'notification.maintenance.planned.title',
            bodyKey: 'notification.maintenance.planned.body',
            params: {
              day: formatDate(o.locale, from),
              from: formatHourMinute(o.locale, from),
              to: formatHourMinute(o.locale, to),
            },
          });
        }
        return { chargeId, owners, from, to };
      });
      if (!pending) continue;
      planned.push({
        id: pending.chargeId,
        siteId: b.site_id,
        deviceId: b.id,
        deviceKey: b.device_key,
        windowStart: pending.from,
        windowEnd: pending.to,
      });
      const address = formatAddress(b);
      for (const o of pending.owners) {
        await this.deps.jobs.add(
          'mail',
          'send',
          {
            template: 'maintenance-charge',
            to: o.email,
            locale: o.locale,
            params: {
              name: o.name,
              address,
              from: pending.from.toISOString(),
              to: pending.to.toISOString(),
              url: `${this.deps.publicUrl.replace(/\/+$/, '')}/app/sites/${b.site_id}/timeline`,
            },
          },
          { jobId: `maintenance-${pending.chargeId}-${o.id}` },
        );
        mails++;
      }
    }
    return { planned, mails };
  }

  /**
   * Records what the gateways reported (system, every few minutes): each open charge takes its newest
   * `maintenance.progress`; a charge the gateway never reported on is missed an hour after its window.
   */
  async reconcile(): Promise<{ updated: number; sites: number[] }> {
    const db = this.deps.db;
    const now = this.deps.clock.now();
    const open = await db
      .selectFrom('maintenance_charges')
      .selectAll()
      .where('status', 'in', ['planned', 'running'])
      .where('window_start', '<=', now)
      .orderBy('id')
      .limit(1000)
      .execute();
    let updated = 0;
    const sites = new Set<number>();
    for (const c of open) {
      const events = await db
        .selectFrom('events')
        .select(['ts', 'payload'])
        .where('site_id', '=', c.site_id)
        .where('type', '=', 'maintenance.progress')
        .where('device_key', '=', c.device_key)
        .where('ts', '>=', new Date(c.window_start.getTime() - 5 * 60_000))
        .where('ts', '<=', new Date(c.window_end.getTime() + REPORT_GRACE_MS))
        .orderBy('ts')
        .execute();
      let status: MaintenanceStatus = c.status;
      let startedAt = c.started_at;
      let finishedAt = c.finished_at;
      let soc = c.final_soc_pct === null ? null : Number(c.final_soc_pct);
      let reason = c.reason;
      for (const e of events) {
        const p = readJson<ProgressPayload>(e.payload) ?? {};
        // a charge id names its charge; an older gateway's report without one belongs to the window it fell in
        if (p.chargeId !== undefined && p.chargeId !== chargeKey(c.id)) continue;
        if (p.socPct !== undefined) soc = p.socPct;
        if (p.phase === 'started' || p.phase === 'charging') {
          status = 'running';
          startedAt ??= e.ts;
        } else if (p.phase === 'completed') {
          status = 'completed';
          startedAt ??= e.ts;
          finishedAt = e.ts;
          reason = p.reason ?? null;
        } else if (p.phase === 'aborted') {
          status = 'aborted';
          finishedAt = e.ts;
          reason = p.reason ?? null;
        }
      }
      if (
        (status === 'planned' || status === 'running') &&
        now.getTime() > c.window_end.getTime() + REPORT_GRACE_MS
      ) {
        status = status === 'planned' ? 'missed' : 'aborted';
        finishedAt = now;
        reason = coded('control.maintenance.reason.noReport');
      }
      if (status === c.status && soc === (c.final_soc_pct === null ? null : Number(c.final_soc_pct)))
        continue;
      await db
        .updateTable('maintenance_charges')
        .set({
          status,
          started_at: startedAt,
          finished_at: finishedAt,
          final_soc_pct: soc === null ? null : formatDecimal(BigInt(Math.round(soc * 10)), 1),
          reason: reason?.slice(0, 500) ?? null,
        })
        .where('id', '=', c.id)
        .execute();
      updated++;
      // a charge that ended leaves the gateway's configuration
      if (status !== 'planned' && status !== 'running') sites.add(c.site_id);
    }
    return { updated, sites: [...sites] };
  }
}

/** The id a planned charge has in the gateway's `maintenance` section (and in its progress events). */
export const chargeKey = (id: number) => `mnt-${id}`;
