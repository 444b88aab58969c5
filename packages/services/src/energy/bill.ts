import { type Database, readJson, type Transaction, writeJson } from '@ilumen/db';
import {
  type Bill,
  type Contract,
  contractSchema,
  localDate,
  localMonth,
  localMonthSchema,
  networkRatesSchema,
} from '@ilumen/energy';
import { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/record';
import type { ServiceDeps } from '../deps';
import { forbidden, notFound } from '../errors';
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
const commaToPoint = (v: unknown): unknown => {
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
const siteInput = z.object({ siteId: id() });
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
    return {
      contracts: stored,
      current: stored.filter((c) => c.effectiveFrom <= today).at(-1) ?? null,
      area: inputs.area,
      canEdit: canOnSite(access, 'site.owner') && !(actor.type === 'user' && actor.readOnly),
    };
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
      const values = {
        kind,
        terms: writeJson(terms)!,
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
        after: { effectiveFrom, kind, ...terms },
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
