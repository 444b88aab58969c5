import { isDuplicateKey, sql } from '@ilumen/db';
import { z } from 'zod';
import type { Actor } from '../actor';
import { diff, recordAudit } from '../audit/record';
import type { ServiceDeps } from '../deps';
import { conflict, forbidden, notFound } from '../errors';
import { canOnOrg, requireOrg, requirePermission, requireWritable } from '../policy';
import { bool, email, id, listQuery, optionalText, parseInput, text } from '../validation';

const vat = () =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.replace(/[\s.]/g, '').toUpperCase() || undefined : v),
    z
      .string()
      .refine((v) => /^BE[01]\d{9}$/.test(v), 'validation.vat')
      .optional(),
  );

export const organizationInput = z.object({
  name: text(200),
  vatNumber: vat(),
  email: z.preprocess((v) => (v === '' ? undefined : v), email().optional()),
  phone: optionalText(40),
});

export const organizationUpdateInput = organizationInput.extend({ organizationId: id() });
export const organizationIdInput = z.object({ organizationId: id() });
export const organizationListInput = listQuery({
  includeInactive: bool().default(true),
});

export class OrganizationService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Installer companies (and the operator) with their counts of sites and users. */
  async list(actor: Actor, input: unknown = {}) {
    requirePermission(actor, 'tenants.read');
    const { includeInactive } = parseInput(organizationListInput, input);
    let q = this.deps.db
      .selectFrom('organizations as o')
      .select((eb) => [
        'o.id',
        'o.kind',
        'o.name',
        'o.vat_number',
        'o.email',
        'o.phone',
        'o.active',
        'o.created_at',
        eb
          .selectFrom('sites')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('sites.organization_id', '=', 'o.id')
          .as('siteCount'),
        eb
          .selectFrom('memberships')
          .select(sql<number>`count(*)`.as('n'))
          .whereRef('memberships.organization_id', '=', 'o.id')
          .as('userCount'),
      ])
      .orderBy('o.kind', 'desc')
      .orderBy('o.name');
    if (!includeInactive) q = q.where('o.active', '=', true);
    const rows = await q.execute();
    return rows.map((r) => ({ ...r, siteCount: Number(r.siteCount), userCount: Number(r.userCount) }));
  }

  async get(actor: Actor, input: unknown) {
    const { organizationId } = parseInput(organizationIdInput, input);
    requireOrg(actor, organizationId, 'org.read');
    const org = await this.deps.db
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', organizationId)
      .executeTakeFirst();
    if (!org) throw notFound();
    return org;
  }

  /** Organizations an actor may pick from when creating a site or inviting someone (for selects). */
  async options(actor: Actor) {
    if (actor.type !== 'user' && actor.type !== 'system') return [];
    const rows = await this.deps.db
      .selectFrom('organizations')
      .select(['id', 'name', 'kind', 'active'])
      .where('active', '=', true)
      .orderBy('name')
      .execute();
    return rows.filter((o) => canOnOrg(actor, o.id, 'org.read'));
  }

  async create(actor: Actor, input: unknown) {
    requireWritable(actor);
    requirePermission(actor, 'tenants.manage');
    const data = parseInput(organizationInput, input);
    try {
      return await this.deps.db.transaction().execute(async (trx) => {
        const values = {
          kind: 'installer' as const,
          name: data.name,
          vat_number: data.vatNumber ?? null,
          email: data.email ?? null,
          phone: data.phone ?? null,
        };
        const res = await trx.insertInto('organizations').values(values).executeTakeFirstOrThrow();
        const organizationId = Number(res.insertId);
        await recordAudit(trx, actor, {
          action: 'organization.create',
          entityType: 'organization',
          entityId: organizationId,
          organizationId,
          after: values,
        });
        return { id: organizationId };
      });
    } catch (error) {
      if (isDuplicateKey(error, 'organizations_name_uq'))
        throw conflict('error.organization.duplicate', 'name');
      throw error;
    }
  }

  async update(actor: Actor, input: unknown) {
    requireWritable(actor);
    requirePermission(actor, 'tenants.manage');
    const data = parseInput(organizationUpdateInput, input);
    try {
      await this.deps.db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('organizations')
          .selectAll()
          .where('id', '=', data.organizationId)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw notFound();
        const after = {
          name: data.name,
          vat_number: data.vatNumber ?? null,
          email: data.email ?? null,
          phone: data.phone ?? null,
        };
        await trx
          .updateTable('organizations')
          .set({ ...after, updated_at: this.deps.clock.now() })
          .where('id', '=', before.id)
          .execute();
        await recordAudit(trx, actor, {
          action: 'organization.update',
          entityType: 'organization',
          entityId: before.id,
          organizationId: before.id,
          ...diff(before, after),
        });
      });
    } catch (error) {
      if (isDuplicateKey(error, 'organizations_name_uq'))
        throw conflict('error.organization.duplicate', 'name');
      throw error;
    }
  }

  /** Deactivating a tenant keeps its data but its memberships grant nothing until it is reactivated. */
  async setActive(actor: Actor, input: unknown) {
    requireWritable(actor);
    requirePermission(actor, 'tenants.manage');
    const data = parseInput(organizationIdInput.extend({ active: bool() }), input);
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('organizations')
        .selectAll()
        .where('id', '=', data.organizationId)
        .forUpdate()
        .executeTakeFirst();
      if (!before || before.kind === 'operator') throw notFound();
      if (before.active === data.active) return;
      await trx
        .updateTable('organizations')
        .set({ active: data.active, updated_at: this.deps.clock.now() })
        .where('id', '=', before.id)
        .execute();
      await recordAudit(trx, actor, {
        action: data.active ? 'organization.reactivate' : 'organization.deactivate',
        entityType: 'organization',
        entityId: before.id,
        organizationId: before.id,
        before: { active: before.active },
        after: { active: data.active },
      });
    });
  }

  /** The operator organization (iLumen itself); created once on a new install by trusted code. */
  async ensureOperator(actor: Actor, name = 'iLumen'): Promise<{ id: number }> {
    if (actor.type !== 'system') throw forbidden();
    const existing = await this.deps.db
      .selectFrom('organizations')
      .select('id')
      .where('kind', '=', 'operator')
      .executeTakeFirst();
    if (existing) return existing;
    const res = await this.deps.db
      .insertInto('organizations')
      .values({ kind: 'operator', name })
      .executeTakeFirstOrThrow();
    await recordAudit(this.deps.db, actor, {
      action: 'organization.create',
      entityType: 'organization',
      entityId: Number(res.insertId),
      organizationId: Number(res.insertId),
      after: { kind: 'operator', name },
    });
    return { id: Number(res.insertId) };
  }

  /** Finds an installer organization by name, or creates it (seeds). */
  async ensureInstaller(actor: Actor, input: unknown): Promise<{ id: number }> {
    if (actor.type !== 'system') throw forbidden();
    const data = parseInput(organizationInput, input);
    const existing = await this.deps.db
      .selectFrom('organizations')
      .select('id')
      .where('name', '=', data.name)
      .executeTakeFirst();
    return existing ?? this.create(actor, input);
  }
}
