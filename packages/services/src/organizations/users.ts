import { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/record';
import { hashPassword } from '../auth/passwords';
import type { ServiceDeps } from '../deps';
import { AppError, forbidden, notFound } from '../errors';
import { assignableRoles, canOnOrg, requireOrg, requireWritable } from '../policy';
import { bool, email, id, parseInput, password, text } from '../validation';

export const orgUsersInput = z.object({ organizationId: id() });
export const setRoleInput = z.object({
  organizationId: id(),
  userId: id(),
  role: z.enum(['admin', 'support', 'fleet', 'installer_admin', 'technician']),
});
export const setUserActiveInput = z.object({ organizationId: id(), userId: id(), active: bool() });

export const provisionInput = z.object({
  email: email(),
  name: text(200),
  password: password(),
  locale: z.enum(['nl', 'fr', 'en']).default('nl'),
  membership: z.object({ organizationId: id(), role: setRoleInput.shape.role }).optional(),
});

export class UserService {
  constructor(private readonly deps: ServiceDeps) {}

  /** The people of one organization, with their role. */
  async listForOrganization(actor: Actor, input: unknown) {
    const { organizationId } = parseInput(orgUsersInput, input);
    requireOrg(actor, organizationId, 'org.users.read');
    return this.deps.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select([
        'u.id',
        'u.email',
        'u.name',
        'u.active',
        'u.last_login_at',
        'u.locale',
        'm.role',
        'm.created_at',
      ])
      .where('m.organization_id', '=', organizationId)
      .orderBy('u.name')
      .execute();
  }

  async setRole(actor: Actor, input: unknown) {
    requireWritable(actor);
    const data = parseInput(setRoleInput, input);
    requireOrg(actor, data.organizationId, 'org.users.manage');
    await this.deps.db.transaction().execute(async (trx) => {
      const org = await trx
        .selectFrom('organizations')
        .select(['id', 'kind'])
        .where('id', '=', data.organizationId)
        .executeTakeFirst();
      if (!org) throw notFound();
      if (!assignableRoles(actor, org.kind).includes(data.role)) {
        throw new AppError('validation', 'validation.form', {}, { role: { key: 'validation.choice' } });
      }
      const membership = await trx
        .selectFrom('memberships')
        .select(['id', 'role'])
        .where('organization_id', '=', data.organizationId)
        .where('user_id', '=', data.userId)
        .forUpdate()
        .executeTakeFirst();
      if (!membership) throw notFound();
      if (membership.role === data.role) return;
      await trx.updateTable('memberships').set({ role: data.role }).where('id', '=', membership.id).execute();
      await recordAudit(trx, actor, {
        action: 'membership.role',
        entityType: 'user',
        entityId: data.userId,
        organizationId: data.organizationId,
        before: { role: membership.role },
        after: { role: data.role },
      });
    });
  }

  /**
   * Deactivation stops the person logging in and ends their sessions, but keeps their history. Only someone who may
   * manage every organization the user belongs to can do it.
   */
  async setActive(actor: Actor, input: unknown) {
    requireWritable(actor);
    const data = parseInput(setUserActiveInput, input);
    requireOrg(actor, data.organizationId, 'org.users.manage');
    if (actor.type === 'user' && actor.userId === data.userId) throw forbidden('error.self.deactivate');
    await this.deps.db.transaction().execute(async (trx) => {
      const memberships = await trx
        .selectFrom('memberships')
        .select('organization_id')
        .where('user_id', '=', data.userId)
        .execute();
      if (!memberships.some((m) => m.organization_id === data.organizationId)) throw notFound();
      if (!memberships.every((m) => canOnOrg(actor, m.organization_id, 'org.users.manage')))
        throw forbidden();
      const user = await trx
        .selectFrom('users')
        .select(['id', 'active'])
        .where('id', '=', data.userId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (user.active === data.active) return;
      await trx
        .updateTable('users')
        .set({ active: data.active, updated_at: this.deps.clock.now() })
        .where('id', '=', user.id)
        .execute();
      if (!data.active) await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
      await recordAudit(trx, actor, {
        action: data.active ? 'user.reactivate' : 'user.deactivate',
        entityType: 'user',
        entityId: user.id,
        organizationId: data.organizationId,
        before: { active: user.active },
        after: { active: data.active },
      });
    });
  }

  /** A person's own language choice. */
  async setOwnLocale(actor: Actor, input: unknown) {
    requireWritable(actor);
    if (actor.type !== 'user') throw forbidden();
    const { locale } = parseInput(z.object({ locale: z.enum(['nl', 'fr', 'en']) }), input);
    await this.deps.db
      .updateTable('users')
      .set({ locale, updated_at: this.deps.clock.now() })
      .where('id', '=', actor.userId)
      .execute();
  }

  /**
   * Creates an account with a password directly: only for trusted code (seeds, the first admin on a new install).
   * People always join through an invitation. Idempotent on the e-mail address.
   */
  async provision(actor: Actor, input: unknown): Promise<{ id: number; created: boolean }> {
    if (actor.type !== 'system') throw forbidden();
    const data = parseInput(provisionInput, input);
    return this.deps.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('users')
        .select('id')
        .where('email', '=', data.email)
        .executeTakeFirst();
      let userId = existing?.id;
      if (!userId) {
        const res = await trx
          .insertInto('users')
          .values({
            email: data.email,
            name: data.name,
            password_hash: await hashPassword(data.password),
            locale: data.locale,
            email_verified_at: this.deps.clock.now(),
          })
          .executeTakeFirstOrThrow();
        userId = Number(res.insertId);
        await recordAudit(trx, actor, {
          action: 'user.provision',
          entityType: 'user',
          entityId: userId,
          after: { email: data.email },
        });
      }
      if (data.membership) {
        await trx
          .insertInto('memberships')
          .values({
            user_id: userId,
            organization_id: data.membership.organizationId,
            role: data.membership.role,
          })
          .onDuplicateKeyUpdate({ role: data.membership.role })
          .execute();
      }
      return { id: userId, created: !existing };
    });
  }
}
