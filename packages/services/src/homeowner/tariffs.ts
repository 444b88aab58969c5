import {
  effectiveFromForSaveAt,
  eurPerKwhSchema,
  localDate,
  normalizeDecimal,
  parseDecimal,
  type TariffEntry,
  tariffForDay,
} from '@ilumen/energy';
import { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/record';
import type { ServiceDeps } from '../deps';
import { AppError, forbidden } from '../errors';
import { canOnSite, requireSite, requireWritable } from '../policy';
import { id, localDate as localDateField, parseInput } from '../validation';

/** Bounds a person can type; anything outside is a typo (a price in cents, a missing comma). */
const PRICE_BOUNDS = { import: { min: '0', max: '5' }, export: { min: '-5', max: '5' } } as const;

/**
 * A €/kWh price as a person types it: "0,32", "0.3215", " 0,32150 ". Decimal comma or point, at most 5 decimals,
 * kept as a string so it never passes through a float.
 */
const price = (bounds: { min: string; max: string }) =>
  z.preprocess(
    (v) =>
      typeof v === 'number'
        ? String(v)
        : typeof v === 'string'
          ? v.trim().replace(/\s/g, '').replace(',', '.')
          : v,
    z
      .string()
      .min(1)
      .transform((value, ctx) => {
        if (!eurPerKwhSchema.safeParse(value).success) {
          ctx.addIssue({ code: 'custom', message: 'validation.price' });
          return z.NEVER;
        }
        const units = parseDecimal(value, 5);
        if (units < parseDecimal(bounds.min, 5) || units > parseDecimal(bounds.max, 5)) {
          ctx.addIssue({ code: 'custom', message: 'validation.priceRange', params: bounds });
          return z.NEVER;
        }
        return normalizeDecimal(value, 5);
      }),
  );

export const tariffSaveInput = z.object({
  siteId: id(),
  importEurPerKwh: price(PRICE_BOUNDS.import),
  exportEurPerKwh: price(PRICE_BOUNDS.export),
  /** Only trusted code (seeds) may back-date a tariff; a person's change always applies from tomorrow. */
  effectiveFrom: z.preprocess((v) => (v === '' ? undefined : v), localDateField().optional()),
});
export const tariffSiteInput = z.object({ siteId: id() });

/**
 * Import and export tariffs per address (the manual, "Tarieven"): a save applies from the next Brussels day, the
 * tariff in force per day lives in `tariffs` (what costs are computed from), and every save is kept for the history.
 */
export class TariffService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(actor: Actor, input: unknown) {
    const { siteId } = parseInput(tariffSiteInput, input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.data');
    const now = this.deps.clock.now();
    const today = localDate(now);
    const [tariffs, changes] = await Promise.all([
      this.deps.db
        .selectFrom('tariffs')
        .select([
          'id',
          'effective_from',
          'import_eur_per_kwh',
          'export_eur_per_kwh',
          'created_by_user_id',
          'created_at',
        ])
        .where('site_id', '=', siteId)
        .orderBy('effective_from')
        .orderBy('id')
        .execute(),
      this.deps.db
        .selectFrom('tariff_changes as c')
        .leftJoin('users as u', 'u.id', 'c.user_id')
        .select([
          'c.id',
          'c.effective_from',
          'c.import_eur_per_kwh',
          'c.export_eur_per_kwh',
          'c.created_at',
          'u.name as by_name',
        ])
        .where('c.site_id', '=', siteId)
        .orderBy('c.created_at', 'desc')
        .orderBy('c.id', 'desc')
        .execute(),
    ]);
    const entries: TariffEntry[] = tariffs.map((t) => ({
      effectiveFrom: t.effective_from,
      importEurPerKwh: t.import_eur_per_kwh,
      exportEurPerKwh: t.export_eur_per_kwh,
    }));
    const upcoming = entries.filter((e) => e.effectiveFrom > today);

    // Tariffs written before the change log existed (or by trusted code straight into `tariffs`) still belong in
    // the history, so it shows every tariff that ever applied.
    const logged = new Set(changes.map((c) => c.effective_from));
    const history = [
      ...changes.map((c) => ({
        id: `c${c.id}`,
        savedAt: c.created_at,
        effectiveFrom: c.effective_from,
        importEurPerKwh: c.import_eur_per_kwh,
        exportEurPerKwh: c.export_eur_per_kwh,
        byName: c.by_name,
      })),
      ...tariffs
        .filter((t) => !logged.has(t.effective_from))
        .map((t) => ({
          id: `t${t.id}`,
          savedAt: t.created_at,
          effectiveFrom: t.effective_from,
          importEurPerKwh: t.import_eur_per_kwh,
          exportEurPerKwh: t.export_eur_per_kwh,
          byName: null as string | null,
        })),
    ].sort((a, b) => b.savedAt.getTime() - a.savedAt.getTime() || (a.id < b.id ? 1 : -1));
    // A later save for the same first day replaced this one: it never applied.
    const seen = new Set<string>();
    const withReplaced = history.map((h) => {
      const replaced = seen.has(h.effectiveFrom);
      seen.add(h.effectiveFrom);
      return { ...h, replaced };
    });
    return {
      today,
      current: tariffForDay(entries, today),
      upcoming: upcoming.at(-1) ?? null,
      nextEffectiveFrom: effectiveFromForSaveAt(now),
      history: withReplaced,
      canEdit: canOnSite(access, 'site.owner') && !(actor.type === 'user' && actor.readOnly),
    };
  }

  /** Saves new tariffs; they apply from tomorrow (Brussels). Only the site's main user (or iLumen's admin). */
  async save(actor: Actor, input: unknown): Promise<{ effectiveFrom: string }> {
    requireWritable(actor);
    // Who may change the site's tariffs is decided before the numbers are looked at.
    const { siteId } = parseInput(tariffSiteInput, input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.data');
    if (!canOnSite(access, 'site.owner')) throw forbidden('tariffs.ownerOnly');
    const data = parseInput(tariffSaveInput, input);
    if (data.effectiveFrom && actor.type !== 'system') {
      throw new AppError(
        'validation',
        'validation.form',
        {},
        { effectiveFrom: { key: 'validation.choice' } },
      );
    }
    const effectiveFrom = data.effectiveFrom ?? effectiveFromForSaveAt(this.deps.clock.now());
    const userId = actor.type === 'user' ? actor.userId : null;
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('tariffs')
        .select(['import_eur_per_kwh', 'export_eur_per_kwh'])
        .where('site_id', '=', siteId)
        .where('effective_from', '<=', effectiveFrom)
        .orderBy('effective_from', 'desc')
        .limit(1)
        .forUpdate()
        .executeTakeFirst();
      await trx
        .insertInto('tariffs')
        .values({
          site_id: siteId,
          effective_from: effectiveFrom,
          import_eur_per_kwh: data.importEurPerKwh,
          export_eur_per_kwh: data.exportEurPerKwh,
          created_by_user_id: userId,
        })
        .onDuplicateKeyUpdate({
          import_eur_per_kwh: data.importEurPerKwh,
          export_eur_per_kwh: data.exportEurPerKwh,
          created_by_user_id: userId,
        })
        .execute();
      await trx
        .insertInto('tariff_changes')
        .values({
          site_id: siteId,
          effective_from: effectiveFrom,
          import_eur_per_kwh: data.importEurPerKwh,
          export_eur_per_kwh: data.exportEurPerKwh,
          user_id: userId,
          created_at: this.deps.clock.now(),
        })
        .execute();
      await recordAudit(trx, actor, {
        action: 'tariff.save',
        entityType: 'site',
        entityId: siteId,
        organizationId: access.organizationId,
        siteId,
        before: before
          ? { importEurPerKwh: before.import_eur_per_kwh, exportEurPerKwh: before.export_eur_per_kwh }
          : null,
        after: {
          effectiveFrom,
          importEurPerKwh: data.importEurPerKwh,
          exportEurPerKwh: data.exportEurPerKwh,
        },
      });
    });
    return { effectiveFrom };
  }
}
