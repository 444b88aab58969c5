import { readJson, writeJson } from '@ilumen/db';
import { type Contract, contractSchema } from '@ilumen/energy';
import { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/record';
import type { ServiceDeps } from '../deps';
import { notFound } from '../errors';
import { can, requirePermission, requireWritable } from '../policy';
import { id, parseInput, text } from '../validation';
import { commaToPoint } from './bill';

/** An offer has no day of its own: it is priced over whichever period a home's comparison covers (decision 191). */
const OFFER_FROM = '2000-01-01';

export const offerSaveInput = z.object({
  name: text(100),
  contract: z.preprocess(
    (v) => (v && typeof v === 'object' ? { ...(commaToPoint(v) as object), effectiveFrom: OFFER_FROM } : v),
    contractSchema,
  ),
});
export const offerRetireInput = z.object({ offerId: id() });

export interface ContractOfferView {
  id: number;
  name: string;
  contract: Contract;
  updatedAt: string;
}

/**
 * The contract offers a home's year is compared under (decisions 191, 303): staff read them, iLumen's admins add one,
 * change one by saving its name again, and retire one (no longer compared; saving its name again brings it back).
 * Every change is audited.
 */
export class ContractOffersService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(actor: Actor): Promise<{ offers: ContractOfferView[]; canEdit: boolean }> {
    requirePermission(actor, 'contractOffers.read');
    const rows = await this.deps.db
      .selectFrom('contract_offers')
      .select(['id', 'name', 'kind', 'terms', 'updated_at'])
      .where('retired_at', 'is', null)
      .orderBy('name')
      .execute();
    const offers: ContractOfferView[] = [];
    for (const r of rows) {
      const parsed = contractSchema.safeParse({
        ...(readJson<object>(r.terms) ?? {}),
        kind: r.kind,
        effectiveFrom: OFFER_FROM,
      });
      if (parsed.success)
        offers.push({ id: r.id, name: r.name, contract: parsed.data, updatedAt: r.updated_at.toISOString() });
    }
    return {
      offers,
      canEdit: can(actor, 'contractOffers.manage') && !(actor.type === 'user' && actor.readOnly),
    };
  }

  /** Adds an offer, or replaces the terms of the offer of that name (a retired one comes back). */
  async save(actor: Actor, input: unknown): Promise<{ id: number }> {
    requireWritable(actor);
    requirePermission(actor, 'contractOffers.manage');
    const { name, contract } = parseInput(offerSaveInput, input);
    const { effectiveFrom: _from, kind, ...terms } = contract;
    return this.deps.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('contract_offers')
        .select(['id', 'kind', 'terms', 'retired_at'])
        .where('name', '=', name)
        .forUpdate()
        .executeTakeFirst();
      // The form has no monthly prices (they are kept month by month): saving a variable offer again keeps those it had
      // rather than leaving every month unpriced.
      const kept =
        kind === 'variable' &&
        before?.kind === 'variable' &&
        Object.keys((terms as { monthlyEurPerKwh?: object }).monthlyEurPerKwh ?? {}).length === 0
          ? {
              monthlyEurPerKwh: readJson<{ monthlyEurPerKwh?: object }>(before.terms)?.monthlyEurPerKwh ?? {},
            }
          : {};
      const values = {
        kind,
        terms: writeJson({ ...terms, ...kept })!,
        retired_at: null,
        updated_by_user_id: actor.type === 'user' ? actor.userId : null,
        updated_at: this.deps.clock.now(),
      };
      let offerId: number;
      if (before) {
        await trx.updateTable('contract_offers').set(values).where('id', '=', before.id).execute();
        offerId = before.id;
      } else {
        const res = await trx
          .insertInto('contract_offers')
          .values({ name, ...values })
          .executeTakeFirstOrThrow();
        offerId = Number(res.insertId);
      }
      await recordAudit(trx, actor, {
        action: 'contract_offer.save',
        entityType: 'contract_offer',
        entityId: offerId,
        before: before
          ? {
              kind: before.kind,
              ...(readJson<object>(before.terms) ?? {}),
              retired: before.retired_at !== null,
            }
          : null,
        after: { name, kind, ...terms },
      });
      return { id: offerId };
    });
  }

  /** Retires an offer: homes' comparisons no longer show it. */
  async retire(actor: Actor, input: unknown): Promise<void> {
    requireWritable(actor);
    requirePermission(actor, 'contractOffers.manage');
    const { offerId } = parseInput(offerRetireInput, input);
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('contract_offers')
        .select(['name', 'kind'])
        .where('id', '=', offerId)
        .where('retired_at', 'is', null)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw notFound();
      await trx
        .updateTable('contract_offers')
        .set({
          retired_at: this.deps.clock.now(),
          updated_by_user_id: actor.type === 'user' ? actor.userId : null,
        })
        .where('id', '=', offerId)
        .execute();
      await recordAudit(trx, actor, {
        action: 'contract_offer.retire',
        entityType: 'contract_offer',
        entityId: offerId,
        before: { name: before.name, kind: before.kind },
      });
    });
  }
}
