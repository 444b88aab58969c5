import { readJson, writeJson } from '@ilumen/db';
import {
  type Bill,
  type BillQuarter,
  billOfMonth,
  type Contract,
  contractSchema,
  dayAheadIndex,
  localDate,
  localMonth,
  localMonthSchema,
  monthRange,
  type NetworkRates,
  networkRatesSchema,
  rollingCapacity,
  rollingMonths,
} from '@ilumen/energy';
import { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/record';
import type { ServiceDeps } from '../deps';
import { forbidden } from '../errors';
import { canOnSite, requirePermission, requireSite, requireWritable } from '../policy';
import { id, parseInput, text } from '../validation';
import { gridConnections } from './anomalies';
import { monthPeakOf } from './month-peak';

/** The price zone the day-ahead prices are stored under. */
const PRICE_ZONE = 'BE';

/**
 * The Flemish grid operator areas by postal code, as far as a postal code tells (decision 131). ASSUMPTION: areas
 * follow the province ranges (Fluvius Antwerpen, Halle-Vilvoorde, Zenne-Dijle/Iverlek for Flemish Brabant east,
 * Limburg, West, and Imewo for East Flanders); a municipality served otherwise is set by its installer on the site.
 */
export function gridAreaOfPostalCode(postalCode: string): string | null {
  const n = Number.parseInt(postalCode, 10);
  if (!Number.isFinite(n)) return null;
  if (n >= 1500 && n <= 1999) return 'fluvius-halle-vilvoorde';
  if (n >= 2000 && n <= 2999) return 'fluvius-antwerpen';
  if (n >= 3000 && n <= 3499) return 'fluvius-iverlek';
  if (n >= 3500 && n <= 3999) return 'fluvius-limburg';
  if (n >= 8000 && n <= 8999) return 'fluvius-west';
  if (n >= 9000 && n <= 9999) return 'fluvius-imewo';
  return null;
}

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
const siteInput = z.object({ siteId: id() });
const monthInput = z.object({ siteId: id(), month: localMonthSchema.optional() });

export interface SiteBillInputs {
  contracts: Contract[];
  rates: NetworkRates[];
  area: string | null;
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
    let canEdit = true;
    try {
      requirePermission(actor, 'capacityRates.manage');
    } catch {
      canEdit = false;
    }
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
      canEdit: canEdit && !(actor.type === 'user' && actor.readOnly),
    };
  }

  /** Saves an area's rates from a day (admins; audited). */
  async saveRates(actor: Actor, input: unknown): Promise<void> {
    requireWritable(actor);
    requirePermission(actor, 'capacityRates.manage');
    const { name, rates } = parseInput(rateSaveInput, input);
    const { area, effectiveFrom, ...values } = rates;
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('network_rates')
        .selectAll()
        .where('area', '=', area)
        .where('effective_from', '=', effectiveFrom)
        .forUpdate()
        .executeTakeFirst();
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

  /** A month's bill for a home, as the supplier's and grid operator's lines read together. */
  async month(actor: Actor, input: unknown): Promise<{ month: string; area: string | null; bill: Bill }> {
    const q = parseInput(monthInput, input);
    await requireSite(this.deps.db, actor, q.siteId, 'site.data');
    const month = q.month ?? localMonth(this.deps.clock.now());
    const inputs = await this.inputsOf(q.siteId);
    const bill = await this.billOfSiteMonth(q.siteId, month, inputs);
    return { month, area: inputs.area, bill };
  }

  /** What a site's bill is computed from: contracts (or the simple tariff), its area and that area's rates. */
  async inputsOf(siteId: number): Promise<SiteBillInputs> {
    const site = await this.deps.db
      .selectFrom('sites')
      .select(['postal_code', 'grid_area'])
      .where('id', '=', siteId)
      .executeTakeFirstOrThrow();
    const area = site.grid_area ?? gridAreaOfPostalCode(site.postal_code);
    const stored = await this.storedContracts(siteId);
    const contracts: Contract[] = stored.length > 0 ? stored : await this.simpleTariffContracts(siteId);
    const rateRows = area
      ? await this.deps.db
          .selectFrom('network_rates')
          .select(['area', 'effective_from', 'rates'])
          .where('area', '=', area)
          .orderBy('effective_from')
          .execute()
      : [];
    const rates = rateRows.map((r) =>
      networkRatesSchema.parse({
        ...(readJson<object>(r.rates) ?? {}),
        area: r.area,
        effectiveFrom: r.effective_from,
      }),
    );
    return { contracts, rates, area };
  }

  private async storedContracts(siteId: number): Promise<Contract[]> {
    const rows = await this.deps.db
      .selectFrom('supply_contracts')
      .select(['effective_from', 'kind', 'terms'])
      .where('site_id', '=', siteId)
      .orderBy('effective_from')
      .execute();
    return rows.map((r) =>
      contractSchema.parse({
        ...(readJson<object>(r.terms) ?? {}),
        kind: r.kind,
        effectiveFrom: r.effective_from,
      }),
    );
  }

  /** The manual's simple tariff as single-rate contracts without a fixed fee (the quick way in). */
  private async simpleTariffContracts(siteId: number): Promise<Contract[]> {
    const rows = await this.deps.db
      .selectFrom('tariffs')
      .select(['effective_from', 'import_eur_per_kwh', 'export_eur_per_kwh'])
      .where('site_id', '=', siteId)
      .orderBy('effective_from')
      .execute();
    return rows.map((t) => ({
      kind: 'single' as const,
      effectiveFrom: t.effective_from,
      fixedEurPerYear: '0',
      importEurPerKwh: t.import_eur_per_kwh,
      exportEurPerKwh: t.export_eur_per_kwh,
    }));
  }

  /** The bill of a site's month from what is stored. */
  async billOfSiteMonth(siteId: number, month: string, inputs: SiteBillInputs): Promise<Bill> {
    const db = this.deps.db;
    const range = monthRange(`${month}-01`);
    const from = new Date(range.start);
    const to = new Date(range.end);
    const window = rollingMonths(month);
    const [qh, counters, prices, monthRows, connections] = await Promise.all([
      db
        .selectFrom('energy_qh')
        .select(['ts', 'import_wh', 'export_wh'])
        .where('site_id', '=', siteId)
        .where('ts', '>=', from)
        .where('ts', '<', to)
        .execute(),
      db
        .selectFrom('energy_counters')
        .select(['ts', 'counters'])
        .where('site_id', '=', siteId)
        .where('ts', '>=', from)
        .where('ts', '<=', to)
        .orderBy('ts')
        .execute(),
      inputs.contracts.some((c) => c.kind === 'dynamic')
        ? db
            .selectFrom('day_ahead_prices')
            .select(['slots'])
            .where('zone', '=', PRICE_ZONE)
            .where('day', '>=', range.firstDay)
            .where('day', '<=', range.lastDay)
            .execute()
        : Promise.resolve([]),
      db
        .selectFrom('energy_month')
        .select(['month', 'qh_peak_w', 'qh_peak_at', 'meter_peak_w', 'meter_peak_at'])
        .where('site_id', '=', siteId)
        .where('month', '>=', `${window[0]}-01`)
        .where('month', '<=', `${month}-01`)
        .execute(),
      gridConnections(db, [siteId]),
    ]);
    // The register that ran in a quarter, from the meter's day and night counters at its two ends.
    const registers = new Map<number, 1 | 2>();
    let previous: { ts: number; t1: number; t2: number } | null = null;
    for (const c of counters) {
      const meter = readJson<{ meter?: { importT1Wh: number; importT2Wh: number } }>(c.counters)?.meter;
      if (!meter) {
        previous = null;
        continue;
      }
      const now = { ts: c.ts.getTime(), t1: meter.importT1Wh, t2: meter.importT2Wh };
      if (previous && now.ts - previous.ts === 15 * 60_000) {
        const d1 = now.t1 - previous.t1;
        const d2 = now.t2 - previous.t2;
        if (d1 > 0 || d2 > 0) registers.set(previous.ts, d2 > d1 ? 2 : 1);
      }
      previous = now;
    }
    const quarters: BillQuarter[] = qh.map((r) => {
      const start = r.ts.getTime();
      const register = registers.get(start);
      return {
        start,
        importWh: Number(r.import_wh ?? 0),
        exportWh: Number(r.export_wh ?? 0),
        ...(register ? { register } : {}),
      };
    });
    const slots = prices.flatMap((p) =>
      (readJson<Array<{ start: string; minutes: number; eurPerMwh: number }>>(p.slots) ?? []).map((s) => ({
        start: Date.parse(s.start),
        minutes: s.minutes,
        eurPerMwh: s.eurPerMwh,
      })),
    );
    const connection = connections.get(siteId) ?? null;
    const peaks = new Map<string, number>();
    for (const r of monthRows) {
      const m = r.month.slice(0, 7);
      const p = monthPeakOf(r, connection, m);
      if (p) peaks.set(m, p.w);
    }
    const capacityW = rollingCapacity(peaks, month).averageW;
    return billOfMonth(
      {
        contracts: inputs.contracts,
        rates: inputs.rates,
        quarters,
        dayAhead: dayAheadIndex(slots),
        capacityW: () => capacityW,
      },
      month,
    );
  }
}
