import { CAPACITY_RATES_EUR_PER_KW_YEAR, eurPerKwYearSchema } from '@ilumen/energy';
import { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/record';
import type { ServiceDeps } from '../deps';
import { AppError } from '../errors';
import { can, requirePermission, requireWritable } from '../policy';
import { parseInput, text } from '../validation';

/** The rate used for a site whose grid operator has no rate of its own (the Flemish 2023 average). */
export const DEFAULT_CAPACITY_RATE = {
  code: 'flanders-average-2023',
  name: 'Vlaams gemiddelde 2023',
  ...CAPACITY_RATES_EUR_PER_KW_YEAR['flanders-average-2023']!,
};

const decimal = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().replace(',', '.') : typeof v === 'number' ? String(v) : v),
  z.string(),
);

export const capacityRateSaveInput = z.object({
  code: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'control.rates.code'),
  ),
  name: text(100),
  eurPerKwYear: decimal.pipe(
    z.string().superRefine((v, ctx) => {
      if (!eurPerKwYearSchema.safeParse(v).success || Number(v) <= 0 || Number(v) > 1000)
        ctx.addIssue({ code: 'custom', message: 'control.rates.amount' });
    }),
  ),
});

export interface CapacityRate {
  code: string;
  name: string;
  eurPerKwYear: string;
  updatedAt: string | null;
}

/**
 * The capacity tariff's €/kW/year per grid operator (excl. VAT), which differs per operator and year: iLumen's admins
 * keep them here (audited); a site points at one (`site_control_settings.capacity_rate_code`), else the default.
 */
export class CapacityRateService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Every rate, the default first when it has not been stored. */
  async list(actor: Actor): Promise<{ rates: CapacityRate[]; canEdit: boolean; defaultCode: string }> {
    requirePermission(actor, 'capacityRates.read');
    const rows = await this.deps.db.selectFrom('capacity_rates').selectAll().orderBy('name').execute();
    const rates: CapacityRate[] = rows.map((r) => ({
      code: r.code,
      name: r.name,
      eurPerKwYear: r.eur_per_kw_year,
      updatedAt: r.updated_at.toISOString(),
    }));
    if (!rates.some((r) => r.code === DEFAULT_CAPACITY_RATE.code)) {
      rates.unshift({
        code: DEFAULT_CAPACITY_RATE.code,
        name: DEFAULT_CAPACITY_RATE.name,
        eurPerKwYear: DEFAULT_CAPACITY_RATE.eurPerKwYear,
        updatedAt: null,
      });
    }
    return {
      rates,
      canEdit: can(actor, 'capacityRates.manage') && !(actor.type === 'user' && actor.readOnly),
      defaultCode: DEFAULT_CAPACITY_RATE.code,
    };
  }

  /** The names and codes a site may be pointed at (for the console's site page; no amounts needed there). */
  async choices(): Promise<Array<{ code: string; name: string }>> {
    const rows = await this.deps.db
      .selectFrom('capacity_rates')
      .select(['code', 'name'])
      .orderBy('name')
      .execute();
    return rows.some((r) => r.code === DEFAULT_CAPACITY_RATE.code)
      ? rows
      : [{ code: DEFAULT_CAPACITY_RATE.code, name: DEFAULT_CAPACITY_RATE.name }, ...rows];
  }

  async save(actor: Actor, input: unknown): Promise<void> {
    requireWritable(actor);
    requirePermission(actor, 'capacityRates.manage');
    const data = parseInput(capacityRateSaveInput, input);
    const amount = Number(data.eurPerKwYear).toFixed(5);
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('capacity_rates')
        .selectAll()
        .where('code', '=', data.code)
        .forUpdate()
        .executeTakeFirst();
      const values = {
        name: data.name,
        eur_per_kw_year: amount,
        updated_by_user_id: actor.type === 'user' ? actor.userId : null,
        updated_at: this.deps.clock.now(),
      };
      await trx
        .insertInto('capacity_rates')
        .values({ code: data.code, ...values })
        .onDuplicateKeyUpdate(values)
        .execute();
      await recordAudit(trx, actor, {
        action: before ? 'capacity_rate.update' : 'capacity_rate.create',
        entityType: 'capacity_rate',
        entityId: data.code,
        before: before ? { name: before.name, eurPerKwYear: before.eur_per_kw_year } : undefined,
        after: { name: data.name, eurPerKwYear: amount },
      });
    });
  }

  /** The rate of a site (its operator's, else the default), for the report. */
  async forSite(siteId: number): Promise<CapacityRate> {
    const row = await this.deps.db
      .selectFrom('site_control_settings as s')
      .innerJoin('capacity_rates as r', 'r.code', 's.capacity_rate_code')
      .select(['r.code', 'r.name', 'r.eur_per_kw_year', 'r.updated_at'])
      .where('s.site_id', '=', siteId)
      .executeTakeFirst();
    if (row)
      return {
        code: row.code,
        name: row.name,
        eurPerKwYear: row.eur_per_kw_year,
        updatedAt: row.updated_at.toISOString(),
      };
    const stored = await this.deps.db
      .selectFrom('capacity_rates')
      .selectAll()
      .where('code', '=', DEFAULT_CAPACITY_RATE.code)
      .executeTakeFirst();
    return stored
      ? {
          code: stored.code,
          name: stored.name,
          eurPerKwYear: stored.eur_per_kw_year,
          updatedAt: stored.updated_at.toISOString(),
        }
      : {
          code: DEFAULT_CAPACITY_RATE.code,
          name: DEFAULT_CAPACITY_RATE.name,
          eurPerKwYear: DEFAULT_CAPACITY_RATE.eurPerKwYear,
          updatedAt: null,
        };
  }

  /** Points a site at a grid operator's rate (console; with the modules). */
  async assertKnown(code: string): Promise<void> {
    if (code === DEFAULT_CAPACITY_RATE.code) return;
    const row = await this.deps.db
      .selectFrom('capacity_rates')
      .select('code')
      .where('code', '=', code)
      .executeTakeFirst();
    if (!row)
      throw new AppError('validation', 'validation.form', {}, { rateCode: { key: 'control.rates.unknown' } });
  }
}
