import { readJson, writeJson } from '@ilumen/db';
import { addDays, type LocalDate, localDate, localDateSchema } from '@ilumen/energy';
import { z } from 'zod';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../deps';
import type { GatewayConfigService } from '../gateways/config';
import { bool, id, intRange } from '../validation';
import { DayPlanner, type PlannedHour } from './dynamic-charging-plan';
import { PRICE_ZONE, type PriceService } from './prices';
import { CONTROL_DEFAULTS } from './settings';
import { readModuleSettings, saveModuleSettings } from './settings-change';

export const dynamicChargingSaveInput = z.object({
  siteId: id(),
  enabled: bool().default(true),
  /** "Aantal uren": how many of the day's cheapest hours the battery may charge from the grid. */
  hours: intRange(1, 12),
});

/** Rows per INSERT when plans are written for many sites. */
const PLAN_BATCH = 500;

/**
 * Dynamic charging ("Dynamisch laden"): the owner switches it on and sets "Aantal uren"; once tomorrow's day-ahead
 * prices are in, every site with the module gets that many of the day's cheapest hours planned (`planDay`), stored
 * and sent to its gateway, which charges the battery from the grid in them. The homeowner sees the prices of today
 * and tomorrow with the planned hours.
 */
export class DynamicChargingService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly gatewayConfig: GatewayConfigService,
    private readonly prices: PriceService,
  ) {}

  async view(actor: Actor, input: unknown) {
    const db = this.deps.db;
    const today = localDate(this.deps.clock.now());
    const days = [today, addDays(today, 1)];
    const { siteId, settings, granted, canEdit, more } = await readModuleSettings(
      this.deps,
      actor,
      input,
      'dynamic_charging',
      (siteId) =>
        Promise.all([
          db
            .selectFrom('charge_plans')
            .select(['day', 'hours', 'requested', 'mean_eur_per_mwh'])
            .where('site_id', '=', siteId)
            .where('day', 'in', days)
            .execute(),
          ...days.map((d) => this.prices.day(PRICE_ZONE, d)),
        ]),
    );
    const [plans, ...prices] = more;
    const active = granted && settings.dynamicEnabled;
    return {
      siteId,
      granted,
      enabled: settings.dynamicEnabled,
      hours: settings.dynamicHours,
      canEdit,
      days: days.map((day, i) => {
        const p = prices[i] ?? null;
        const plan = plans.find((x) => x.day === day);
        const planner = p ? new DayPlanner(p.slots, day) : null;
        return {
          day,
          published: p !== null,
          minutes: p?.minutes ?? null,
          complete: p?.complete ?? false,
          hourly: (planner?.hourly ?? []).map((h) => ({
            start: new Date(h.start).toISOString(),
            label: h.label,
            eurPerMwh: Math.round(h.eurPerMwh * 100) / 100,
          })),
          planned: active ? (plan ? (readJson<PlannedHour[]>(plan.hours) ?? []) : null) : null,
          meanEurPerMwh:
            plan?.mean_eur_per_mwh === null || plan?.mean_eur_per_mwh === undefined
              ? null
              : Number(plan.mean_eur_per_mwh),
        };
      }),
    };
  }

  async save(actor: Actor, input: unknown) {
    await saveModuleSettings(this.deps, this.gatewayConfig, actor, input, {
      module: 'dynamic_charging',
      schema: dynamicChargingSaveInput,
      change: (data) => ({
        action: 'dynamic_charging.settings',
        fields: { enabled: 'dynamicEnabled', hours: 'dynamicHours' },
        patch: { dynamicEnabled: data.enabled, dynamicHours: data.hours },
      }),
      // today's and tomorrow's plans follow the new number of hours at once
      beforePublish: async (siteId) => {
        const today = localDate(this.deps.clock.now());
        for (const day of [today, addDays(today, 1)]) await this.planDay(day, { siteIds: [siteId] });
      },
    });
  }

  /**
   * Plans `day` for every site with the module granted and switched on (or only `siteIds`): the sites' planned hours
   * are written (replacing an earlier plan of that day) and the sites returned, to be sent to their gateways. Without
   * prices for the day, nothing is planned.
   */
  async planDay(
    dayInput: LocalDate,
    options: { siteIds?: number[] } = {},
  ): Promise<{ day: LocalDate; prices: boolean; siteIds: number[] }> {
    const day = localDateSchema.parse(dayInput);
    const prices = await this.prices.day(PRICE_ZONE, day);
    if (!prices) return { day, prices: false, siteIds: [] };
    const planner = new DayPlanner(prices.slots, day);
    let q = this.deps.db
      .selectFrom('site_modules as m')
      .leftJoin('site_control_settings as s', 's.site_id', 'm.site_id')
      .select(['m.site_id', 's.dynamic_enabled', 's.dynamic_hours'])
      .where('m.module', '=', 'dynamic_charging')
      .orderBy('m.site_id');
    if (options.siteIds) {
      if (options.siteIds.length === 0) return { day, prices: true, siteIds: [] };
      q = q.where('m.site_id', 'in', options.siteIds);
    }
    const sites = (await q.execute()).filter((s) =>
      s.dynamic_enabled === null ? CONTROL_DEFAULTS.dynamicEnabled : Boolean(s.dynamic_enabled),
    );
    const now = this.deps.clock.now();
    for (let i = 0; i < sites.length; i += PLAN_BATCH) {
      const rows = sites.slice(i, i + PLAN_BATCH).map((s) => {
        const plan = planner.plan(s.dynamic_hours ?? CONTROL_DEFAULTS.dynamicHours);
        return {
          site_id: s.site_id,
          day,
          hours: writeJson(plan.hours)!,
          requested: plan.requested,
          mean_eur_per_mwh: plan.meanEurPerMwh,
          planned_at: now,
        };
      });
      await this.deps.db
        .insertInto('charge_plans')
        .values(rows)
        .onDuplicateKeyUpdate((eb) => ({
          hours: eb.fn('values', [eb.ref('hours')]),
          requested: eb.fn('values', [eb.ref('requested')]),
          mean_eur_per_mwh: eb.fn('values', [eb.ref('mean_eur_per_mwh')]),
          planned_at: eb.fn('values', [eb.ref('planned_at')]),
        }))
        .execute();
    }
    return { day, prices: true, siteIds: sites.map((s) => s.site_id) };
  }
}
