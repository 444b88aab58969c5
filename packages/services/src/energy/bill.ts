import { type Database, readJson, type Transaction, writeJson } from '@ilumen/db';
import {
  type Bill,
  type Contract,
  contractSchema,
  eurPerKwhField,
  localDate,
  localMonth,
  localMonthSchema,
  monthRange,
  networkRatesSchema,
  shiftPeriod,
} from '@ilumen/energy';
import { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/record';
import type { ServiceDeps } from '../deps';
import { fieldError, forbidden, notFound } from '../errors';
import { can, canOnSite, requirePermission, requireSite, requireWritable } from '../policy';
import { id, localDate as localDateField, parseInput, text } from '../validation';
import {
  billDaysOfMonth,
  type SiteBillInputs,
  siteBillInputs,
  siteBillOfDays,
  storedContracts,
} from './site-bill';

/** Accepts "0,32" as a person types it: every text field of the terms with a comma becomes a point. */
export const commaToPoint = (v: unknown): unknown => {
  if (typeof v === 'string') return v.trim().replace(',', '.');
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && !Array.isArray(v))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'kind' ? x : commaToPoint(x)]));
  return v;
};

export const contractSaveInput = z.object({
  siteId: id(),
  contract: z.preprocess(commaToPoint, contractSchema),
});
export const rateSaveInput = z.object({
  name: text(100),
  rates: z.preprocess(commaToPoint, networkRatesSchema),
});
export const siteAreaInput = z.object({
  siteId: id(),
  area: z.preprocess(
    (v) => (v === '' ? null : typeof v === 'string' ? v.trim().toLowerCase() : v),
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'bill.area.code')
      .nullable(),
  ),
});
export const rateDeleteInput = z.object({
  area: z.string().trim().min(1).max(64),
  effectiveFrom: localDateField(),
});
/** A variable contract's price of one month, as the supplier publishes it (decision 251). */
export const monthPriceInput = z.object({
  siteId: id(),
  month: z
    .string()
    .trim()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'bill.field.month'),
  eurPerKwh: z.preprocess(commaToPoint, eurPerKwhField),
});
const siteInput = z.object({ siteId: id() });

/** The months from `first` through `last` ('2026-01' … '2026-04'). */
function monthsThrough(first: string, last: string): string[] {
  const out: string[] = [];
  for (let p = monthRange(`${first}-01`); p.key <= last; p = shiftPeriod(p, 1)) out.push(p.key);
  return out;
}
const monthInput = z.object({ siteId: id(), month: localMonthSchema.optional() });

/** An area's rate table of a day, locked for the change that follows (or undefined). */
function lockedRates(trx: Transaction<Database>, area: string, effectiveFrom: string) {
  return trx
    .selectFrom('network_rates')
    .selectAll()
    .where('area', '=', area)
    .where('effective_from', '=', effectiveFrom)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * The Belgian bill of a home (decision 131): its supply contracts (the homeowner's; without one the manual's simple
 * tariff counts as a single-rate contract), the network rates of its area (kept by iLumen's admins), and a month's
 * bill from its quarters, the day-ahead prices and the capacity value (decision 130).
 */
export class BillService {
  constructor(private readonly deps: ServiceDeps) {}

  /** The contracts of a site, oldest first, and whether the reader may change them. */
  async contracts(actor: Actor, input: unknown) {
    const { siteId } = parseInput(siteInput, input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.data');
    const inputs = await this.inputsOf(siteId);
    const today = localDate(this.deps.clock.now());
    const stored = await this.storedContracts(siteId);
    const current = stored.filter((c) => c.effectiveFrom <= today).at(-1) ?? null;
    const readOnly = actor.type === 'user' && actor.readOnly;
    return {
      contracts: stored,
      current,
      area: inputs.area,
      canEdit: canOnSite(access, 'site.owner') && !readOnly,
      /** The current variable contract's prices per month and the months up to this one still without a price. */
      variable:
        current?.kind === 'variable'
          ? {
              prices: Object.entries(current.monthlyEurPerKwh)
                .sort(([a], [b]) => (a < b ? 1 : -1))
                .map(([month, eurPerKwh]) => ({ month, eurPerKwh })),
              missing: monthsThrough(current.effectiveFrom.slice(0, 7), today.slice(0, 7)).filter(
                (m) => !(m in current.monthlyEurPerKwh),
              ),
              canEdit: (canOnSite(access, 'site.owner') || canOnSite(access, 'site.manage')) && !readOnly,
            }
          : null,
    };
  }

  /**
   * Enters a variable contract's price of a month, as the supplier publishes it (the owner, or the staff who manage
   * the site; audited). The month's contract must be variable; the same month again replaces its price.
   */
  async saveMonthPrice(actor: Actor, input: unknown): Promise<{ month: string }> {
    requireWritable(actor);
    const { siteId } = parseInput(siteInput, input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.data');
    if (!canOnSite(access, 'site.owner') && !canOnSite(access, 'site.manage'))
      throw forbidden('tariffs.ownerOnly');
    const { month, eurPerKwh } = parseInput(monthPriceInput, input);
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('supply_contracts')
        .select(['effective_from', 'kind', 'terms'])
        .where('site_id', '=', siteId)
        .where('effective_from', '<=', monthRange(`${month}-01`).lastDay)
        .orderBy('effective_from', 'desc')
        .forUpdate()
        .executeTakeFirst();
      if (row?.kind !== 'variable') throw fieldError('month', 'bill.variable.noContract', { month });
      const terms = readJson<{ monthlyEurPerKwh?: Record<string, string> }>(row.terms) ?? {};
      const before = terms.monthlyEurPerKwh?.[month] ?? null;
      const after = { ...terms, monthlyEurPerKwh: { ...terms.monthlyEurPerKwh, [month]: eurPerKwh } };
      await trx
        .updateTable('supply_contracts')
        .set({ terms: writeJson(after)! })
        .where('site_id', '=', siteId)
        .where('effective_from', '=', row.effective_from)
        .execute();
      await recordAudit(trx, actor, {
        action: 'contract.monthPrice',
        entityType: 'site',
        entityId: siteId,
        organizationId: access.organizationId,
        siteId,
        before: { month, eurPerKwh: before },
        after: { month, eurPerKwh },
      });
    });
    return { month };
  }

  /** Saves a contract from its day (the homeowner enters the contract they have; audited). */
  async saveContract(actor: Actor, input: unknown): Promise<{ effectiveFrom: string }> {
    requireWritable(actor);
    const { siteId } = parseInput(siteInput, input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.data');
    if (!canOnSite(access, 'site.owner')) throw forbidden('tariffs.ownerOnly');
    const { contract } = parseInput(contractSaveInput, input);
    const { effectiveFrom, kind, ...terms } = contract;
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('supply_contracts')
        .select(['kind', 'terms'])
        .where('site_id', '=', siteId)
        .where('effective_from', '=', effectiveFrom)
        .forUpdate()
        .executeTakeFirst();
      // saving a variable contract's other terms again keeps the monthly prices entered since (decision 251)
      const kept =
        kind === 'variable' && before?.kind === 'variable'
          ? (readJson<{ monthlyEurPerKwh?: Record<string, string> }>(before.terms)?.monthlyEurPerKwh ?? {})
          : {};
      const merged =
        'monthlyEurPerKwh' in terms
          ? { ...terms, monthlyEurPerKwh: { ...kept, ...terms.monthlyEurPerKwh } }
          : terms;
      const values = {
        kind,
        terms: writeJson(merged)!,
        created_by_user_id: actor.type === 'user' ? actor.userId : null,
      };
      await trx
        .insertInto('supply_contracts')
        .values({ site_id: siteId, effective_from: effectiveFrom, ...values })
        .onDuplicateKeyUpdate(values)
        .execute();
      await recordAudit(trx, actor, {
        action: 'contract.save',
        entityType: 'site',
        entityId: siteId,
        organizationId: access.organizationId,
        siteId,
        before: before ? { kind: before.kind, ...(readJson<object>(before.terms) ?? {}) } : null,
        after: { effectiveFrom, kind, ...merged },
      });
    });
    return { effectiveFrom };
  }

  /** Points a site at its grid operator area (the installer, when the postal code does not tell; audited). */
  async setSiteArea(actor: Actor, input: unknown): Promise<void> {
    requireWritable(actor);
    const { siteId } = parseInput(siteInput, input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.manage');
    const { area } = parseInput(siteAreaInput, input);
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('sites')
        .select('grid_area')
        .where('id', '=', siteId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      await trx.updateTable('sites').set({ grid_area: area }).where('id', '=', siteId).execute();
      await recordAudit(trx, actor, {
        action: 'site.gridArea',
        entityType: 'site',
        entityId: siteId,
        organizationId: access.organizationId,
        siteId,
        before: { area: before.grid_area },
        after: { area },
      });
    });
  }

  /** Every area's rate tables, newest first per area (console, staff). */
  async rates(actor: Actor) {
    requirePermission(actor, 'capacityRates.read');
    const rows = await this.deps.db
      .selectFrom('network_rates')
      .selectAll()
      .orderBy('area')
      .orderBy('effective_from', 'desc')
      .execute();
    return {
      rates: rows.map((r) => ({
        name: r.name,
        updatedAt: r.updated_at.toISOString(),
        ...networkRatesSchema.parse({
          ...(readJson<object>(r.rates) ?? {}),
          area: r.area,
          effectiveFrom: r.effective_from,
        }),
      })),
      canEdit: can(actor, 'capacityRates.manage') && !(actor.type === 'user' && actor.readOnly),
    };
  }

  /** Saves an area's rates from a day (admins; audited). */
  async saveRates(actor: Actor, input: unknown): Promise<void> {
    requireWritable(actor);
    requirePermission(actor, 'capacityRates.manage');
    const { name, rates } = parseInput(rateSaveInput, input);
    const { area, effectiveFrom, ...values } = rates;
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await lockedRates(trx, area, effectiveFrom);
      const row = {
        name,
        rates: writeJson(values)!,
        updated_by_user_id: actor.type === 'user' ? actor.userId : null,
        updated_at: this.deps.clock.now(),
      };
      await trx
        .insertInto('network_rates')
        .values({ area, effective_from: effectiveFrom, ...row })
        .onDuplicateKeyUpdate(row)
        .execute();
      await recordAudit(trx, actor, {
        action: before ? 'network_rates.update' : 'network_rates.create',
        entityType: 'network_rates',
        entityId: `${area}@${effectiveFrom}`,
        before: before ? { name: before.name, ...(readJson<object>(before.rates) ?? {}) } : undefined,
        after: { name, ...values },
      });
    });
  }

  /** Deletes an area's rates from a day (admins; audited): bills from that day use the area's previous rates. */
  async deleteRates(actor: Actor, input: unknown): Promise<void> {
    requireWritable(actor);
    requirePermission(actor, 'capacityRates.manage');
    const { area, effectiveFrom } = parseInput(rateDeleteInput, input);
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await lockedRates(trx, area, effectiveFrom);
      if (!before) throw notFound();
      await trx
        .deleteFrom('network_rates')
        .where('area', '=', area)
        .where('effective_from', '=', effectiveFrom)
        .execute();
      await recordAudit(trx, actor, {
        action: 'network_rates.delete',
        entityType: 'network_rates',
        entityId: `${area}@${effectiveFrom}`,
        before: { name: before.name, ...(readJson<object>(before.rates) ?? {}) },
      });
    });
  }

  /** A month's bill for a home, as the supplier's and grid operator's lines read together. */
  async month(
    actor: Actor,
    input: unknown,
  ): Promise<{
    month: string;
    thisMonth: string;
    /** The month still runs: its bill so far, up to and including this day. */
    through: string | null;
    area: string | null;
    bill: Bill;
  }> {
    const q = parseInput(monthInput, input);
    await requireSite(this.deps.db, actor, q.siteId, 'site.data');
    const thisMonth = localMonth(this.deps.clock.now());
    const month = q.month ?? thisMonth;
    const inputs = await this.inputsOf(q.siteId);
    const days = billDaysOfMonth(month, localDate(this.deps.clock.now()));
    const bill = await siteBillOfDays(this.deps.db, q.siteId, inputs, days.firstDay, days.lastDay);
    return { month, thisMonth, through: days.through, area: inputs.area, bill };
  }

  /** What a site's bill is computed from: contracts (or the simple tariff), its area and that area's rates. */
  inputsOf(siteId: number): Promise<SiteBillInputs> {
    return siteBillInputs(this.deps.db, siteId);
  }

  private storedContracts(siteId: number): Promise<Contract[]> {
    return storedContracts(this.deps.db, siteId);
  }
}
