import { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/record';
import type { ServiceDeps } from '../deps';
import { AppError, forbidden, notFound } from '../errors';
import { canOnSite, requireSiteUsers, requireWritable } from '../policy';
import { id, parseInput } from '../validation';
import { refreshSiteSearch } from './site-search';

export const memberRemoveInput = z.object({ siteId: id(), userId: id() });

export class SiteMemberService {
  constructor(private readonly deps: ServiceDeps) {}

  /** The site's main user and shared users, for whoever may see them (`requireSiteUsers`). */
  async list(actor: Actor, input: unknown) {
    const { siteId } = parseInput(z.object({ siteId: id() }), input);
    await requireSiteUsers(this.deps.db, actor, siteId);
    return this.deps.db
      .selectFrom('site_members as sm')
      .innerJoin('users as u', 'u.id', 'sm.user_id')
      .select(['u.id as userId', 'u.email', 'u.name', 'sm.role', 'sm.scope', 'sm.created_at'])
      .where('sm.site_id', '=', siteId)
      .orderBy('sm.role', 'desc')
      .orderBy('u.name')
      .execute();
  }

  /** Removes someone's access. The main user cannot be removed while the site has no other main user. */
  async remove(actor: Actor, input: unknown) {
    requireWritable(actor);
    const data = parseInput(memberRemoveInput, input);
    const access = await requireSiteUsers(this.deps.db, actor, data.siteId);
    if (!canOnSite(access, 'site.members') && !canOnSite(access, 'site.owner')) throw forbidden();
    await this.deps.db.transaction().execute(async (trx) => {
      const member = await trx
        .selectFrom('site_members as sm')
        .innerJoin('users as u', 'u.id', 'sm.user_id')
        .select(['sm.id', 'sm.role', 'sm.scope', 'u.email'])
        .where('sm.site_id', '=', data.siteId)
        .where('sm.user_id', '=', data.userId)
        .forUpdate()
        .executeTakeFirst();
      if (!member) throw notFound();
      // A main user may share and unshare, but only installers and staff can take the main user away.
      if (member.role === 'owner' && !canOnSite(access, 'site.members'))
        throw new AppError('conflict', 'error.member.lastOwner');
      await trx.deleteFrom('site_members').where('id', '=', member.id).execute();
      if (member.role === 'owner') await refreshSiteSearch(trx, data.siteId);
      await recordAudit(trx, actor, {
        action: 'site_member.remove',
        entityType: 'site_member',
        entityId: data.userId,
        organizationId: access.organizationId,
        siteId: data.siteId,
        before: { email: member.email, role: member.role, scope: member.scope },
      });
    });
  }

  /** Adds a member directly: only for trusted code (seeds). People join a site through an invitation. */
  async provision(actor: Actor, input: unknown) {
    if (actor.type !== 'system') throw forbidden();
    const data = parseInput(
      z.object({
        siteId: id(),
        userId: id(),
        role: z.enum(['owner', 'member']),
        scope: z.enum(['all', 'chargers']).default('all'),
      }),
      input,
    );
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('site_members')
        .values({
          site_id: data.siteId,
          user_id: data.userId,
          role: data.role,
          scope: data.role === 'owner' ? 'all' : data.scope,
        })
        .onDuplicateKeyUpdate({ role: data.role, scope: data.role === 'owner' ? 'all' : data.scope })
        .execute();
      await refreshSiteSearch(trx, data.siteId);
      await recordAudit(trx, actor, {
        action: 'site_member.provision',
        entityType: 'site_member',
        entityId: data.userId,
        siteId: data.siteId,
        after: data,
      });
    });
  }
}
