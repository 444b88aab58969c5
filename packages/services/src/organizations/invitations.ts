import { type Database, type InvitationsTable, isDuplicateKey, type Transaction } from '@ilumen/db';
import type { mailTemplates } from '@ilumen/jobs';
import { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/record';
import { hashPassword } from '../auth/passwords';
import { hashToken, newToken } from '../auth/tokens';
import type { ServiceDeps } from '../deps';
import { AppError, conflict, forbidden, notFound } from '../errors';
import { notify } from '../homeowner/notifications';
import {
  assignableRoles,
  canOnSite,
  requireOrg,
  requireSite,
  requireSiteUsers,
  requireUser,
  requireWritable,
} from '../policy';
import { formatAddress } from '../sites/address';
import { refreshSiteSearch } from '../sites/site-search';
import { email, id, parseInput, password, text } from '../validation';

const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

export const orgInvitationInput = z.object({
  organizationId: id(),
  email: email(),
  role: z.enum(['admin', 'support', 'fleet', 'installer_admin', 'technician']),
});
export const siteInvitationInput = z.object({
  siteId: id(),
  email: email(),
  role: z.enum(['owner', 'member']),
  scope: z.enum(['all', 'chargers']).default('all'),
});
export const invitationIdInput = z.object({ invitationId: id() });
export const acceptNewUserInput = z
  .object({ name: text(200), password: password(), passwordRepeat: z.string() })
  .superRefine((v, ctx) => {
    if (v.password !== v.passwordRepeat)
      ctx.addIssue({ code: 'custom', path: ['passwordRepeat'], message: 'validation.passwordMismatch' });
  });

type Trx = Transaction<Database>;

export class InvitationService {
  constructor(private readonly deps: ServiceDeps) {}

  private expiry(): Date {
    return new Date(this.deps.clock.now().getTime() + INVITATION_TTL_MS);
  }

  private inviterName(actor: Actor): string {
    return actor.type === 'user' ? actor.name : 'iLumen';
  }

  async inviteToOrganization(actor: Actor, input: unknown) {
    requireWritable(actor);
    const data = parseInput(orgInvitationInput, input);
    requireOrg(actor, data.organizationId, 'org.users.manage');
    const org = await this.deps.db
      .selectFrom('organizations')
      .select(['id', 'name', 'kind', 'active'])
      .where('id', '=', data.organizationId)
      .executeTakeFirst();
    if (!org) throw notFound();
    if (!org.active) throw new AppError('conflict', 'error.organization.inactive');
    if (!assignableRoles(actor, org.kind).includes(data.role)) {
      throw new AppError('validation', 'validation.form', {}, { role: { key: 'validation.choice' } });
    }
    const already = await this.deps.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select('memberships.id')
      .where('users.email', '=', data.email)
      .where('memberships.organization_id', '=', org.id)
      .executeTakeFirst();
    if (already) throw conflict('error.member.duplicate', 'email');

    return this.issue(actor, {
      email: data.email,
      pending: { organizationId: org.id },
      values: { kind: 'organization', organization_id: org.id, role: data.role },
      audit: { organizationId: org.id, after: { email: data.email, role: data.role } },
      target: { kind: 'organization', organization: org.name, role: data.role },
    });
  }

  /** Invites someone to a site: its main user (installers, staff) or a shared user (also the main user). */
  async inviteToSite(actor: Actor, input: unknown) {
    requireWritable(actor);
    // Who may act on the site is decided before the rest of the form is looked at.
    const { siteId } = parseInput(z.object({ siteId: id() }), input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.data');
    if (!canOnSite(access, 'site.manage') && !canOnSite(access, 'site.owner')) throw forbidden();
    const data = parseInput(siteInvitationInput, input);
    if (data.role === 'owner' && !canOnSite(access, 'site.manage')) throw forbidden();
    const site = await this.deps.db
      .selectFrom('sites')
      .selectAll()
      .where('id', '=', data.siteId)
      .executeTakeFirstOrThrow();

    const members = await this.deps.db
      .selectFrom('site_members')
      .innerJoin('users', 'users.id', 'site_members.user_id')
      .select(['users.email', 'site_members.role'])
      .where('site_members.site_id', '=', site.id)
      .execute();
    if (members.some((m) => m.email === data.email)) throw conflict('error.member.duplicate', 'email');
    if (data.role === 'owner' && members.some((m) => m.role === 'owner'))
      throw conflict('error.member.ownerExists', 'role');

    const scope = data.role === 'owner' ? 'all' : data.scope;
    return this.issue(actor, {
      email: data.email,
      pending: { siteId: site.id },
      values: {
        kind: 'site',
        organization_id: site.organization_id,
        site_id: site.id,
        site_role: data.role,
        site_scope: scope,
      },
      audit: {
        organizationId: site.organization_id,
        siteId: site.id,
        after: { email: data.email, role: data.role, scope },
      },
      target: { kind: 'site', address: formatAddress(site), scope: data.role === 'owner' ? 'owner' : scope },
    });
  }

  /**
   * Sends an invitation, to an organization or a site alike: replaces the address's pending one for the same place,
   * records it with its audit entry in one transaction, then mails the link (valid for 7 days) after commit.
   */
  private async issue(
    actor: Actor,
    invitation: {
      email: string;
      pending: { organizationId?: number; siteId?: number };
      values:
        | { kind: 'organization'; organization_id: number; role: NonNullable<InvitationsTable['role']> }
        | {
            kind: 'site';
            organization_id: number | null;
            site_id: number;
            site_role: NonNullable<InvitationsTable['site_role']>;
            site_scope: NonNullable<InvitationsTable['site_scope']>;
          };
      audit: { organizationId: number | null; siteId?: number; after: Record<string, unknown> };
      target: z.infer<(typeof mailTemplates)['invitation']>['target'];
    },
  ): Promise<{ id: number }> {
    const token = newToken();
    const invitationId = await this.deps.db.transaction().execute(async (trx) => {
      await this.revokePending(trx, { email: invitation.email, ...invitation.pending });
      const res = await trx
        .insertInto('invitations')
        .values({
          ...invitation.values,
          token_hash: hashToken(token),
          email: invitation.email,
          invited_by_user_id: actor.type === 'user' ? actor.userId : null,
          expires_at: this.expiry(),
        })
        .executeTakeFirstOrThrow();
      const invitationId = Number(res.insertId);
      await recordAudit(trx, actor, {
        action: 'invitation.create',
        entityType: 'invitation',
        entityId: invitationId,
        ...invitation.audit,
      });
      return invitationId;
    });
    await this.deps.jobs.add(
      'mail',
      'send',
      {
        template: 'invitation',
        to: invitation.email,
        locale: actor.type === 'user' ? actor.locale : 'nl',
        params: {
          inviter: this.inviterName(actor),
          url: `${this.deps.publicUrl}/invite/${token}`,
          target: invitation.target,
        },
      },
      { jobId: `invitation-${invitationId}` },
    );
    return { id: invitationId };
  }

  private async revokePending(trx: Trx, where: { email: string; organizationId?: number; siteId?: number }) {
    let q = trx
      .updateTable('invitations')
      .set({ revoked_at: this.deps.clock.now() })
      .where('email', '=', where.email)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null);
    q = where.siteId
      ? q.where('site_id', '=', where.siteId)
      : q.where('organization_id', '=', where.organizationId!).where('kind', '=', 'organization');
    await q.execute();
  }

  async listPendingForOrganization(actor: Actor, input: unknown) {
    const { organizationId } = parseInput(z.object({ organizationId: id() }), input);
    requireOrg(actor, organizationId, 'org.users.read');
    return this.pending()
      .select(['id', 'email', 'role', 'expires_at', 'created_at'])
      .where('organization_id', '=', organizationId)
      .where('kind', '=', 'organization')
      .execute();
  }

  async listPendingForSite(actor: Actor, input: unknown) {
    const { siteId } = parseInput(z.object({ siteId: id() }), input);
    await requireSiteUsers(this.deps.db, actor, siteId);
    return this.pending()
      .select(['id', 'email', 'site_role', 'site_scope', 'expires_at', 'created_at'])
      .where('site_id', '=', siteId)
      .execute();
  }

  /** The invitations still open (not accepted, revoked or expired), newest first: an organization's or a site's. */
  private pending() {
    return this.deps.db
      .selectFrom('invitations')
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', this.deps.clock.now())
      .orderBy('created_at', 'desc');
  }

  async revoke(actor: Actor, input: unknown) {
    requireWritable(actor);
    const { invitationId } = parseInput(invitationIdInput, input);
    const inv = await this.deps.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', invitationId)
      .executeTakeFirst();
    if (!inv) throw notFound();
    if (inv.kind === 'site' && inv.site_id) {
      const access = await requireSite(this.deps.db, actor, inv.site_id, 'site.data');
      if (!canOnSite(access, 'site.manage') && !canOnSite(access, 'site.owner')) throw forbidden();
    } else if (inv.organization_id) {
      requireOrg(actor, inv.organization_id, 'org.users.manage');
    } else {
      throw notFound();
    }
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('invitations')
        .set({ revoked_at: this.deps.clock.now() })
        .where('id', '=', inv.id)
        .where('revoked_at', 'is', null)
        .execute();
      await recordAudit(trx, actor, {
        action: 'invitation.revoke',
        entityType: 'invitation',
        entityId: inv.id,
        organizationId: inv.organization_id,
        siteId: inv.site_id,
        before: { email: inv.email },
      });
    });
  }

  /** What the invitation page shows; null when the link cannot be used (unknown, used, revoked or expired). */
  async inspect(token: string) {
    const inv = await this.deps.db
      .selectFrom('invitations as i')
      .leftJoin('users as inviter', 'inviter.id', 'i.invited_by_user_id')
      .leftJoin('organizations as o', 'o.id', 'i.organization_id')
      .leftJoin('sites as s', 's.id', 'i.site_id')
      .select([
        'i.id',
        'i.email',
        'i.kind',
        'i.role',
        'i.site_role',
        'i.site_scope',
        'inviter.name as inviterName',
        'o.name as organizationName',
        's.street',
        's.house_number',
        's.postal_code',
        's.city',
      ])
      .where('i.token_hash', '=', hashToken(token))
      .where('i.accepted_at', 'is', null)
      .where('i.revoked_at', 'is', null)
      .where('i.expires_at', '>', this.deps.clock.now())
      .executeTakeFirst();
    if (!inv) return null;
    const existing = await this.deps.db
      .selectFrom('users')
      .select(['id', 'active'])
      .where('email', '=', inv.email)
      .executeTakeFirst();
    return {
      email: inv.email,
      kind: inv.kind,
      role: inv.role,
      siteRole: inv.site_role,
      siteScope: inv.site_scope,
      inviterName: inv.inviterName ?? 'iLumen',
      organizationName: inv.organizationName,
      address: inv.street
        ? formatAddress({
            street: inv.street,
            house_number: inv.house_number!,
            postal_code: inv.postal_code!,
            city: inv.city!,
          })
        : null,
      userExists: Boolean(existing),
    };
  }

  /**
   * Accepts an invitation. A new address sets its name and password here (the mail proved the address); an
   * existing account must be logged in as that address. Returns the user's id, so the caller can open a session.
   */
  async accept(actor: Actor, token: string, input: unknown): Promise<{ userId: number; created: boolean }> {
    const now = this.deps.clock.now();
    const existing = await this.peekEmail(token);
    if (!existing) throw new AppError('not_found', 'auth.invite.invalid');
    const user = await this.deps.db
      .selectFrom('users')
      .select(['id', 'email', 'active'])
      .where('email', '=', existing)
      .executeTakeFirst();
    let newUser: { name: string; passwordHash: string } | null = null;
    if (user) {
      const me = requireUser(actor);
      if (me.userId !== user.id)
        throw new AppError('forbidden', 'auth.invite.wrongUser', { email: user.email });
    } else {
      const data = parseInput(acceptNewUserInput, input);
      newUser = { name: data.name, passwordHash: await hashPassword(data.password) };
    }

    try {
      return await this.deps.db.transaction().execute(async (trx) => {
        const inv = await trx
          .selectFrom('invitations')
          .selectAll()
          .where('token_hash', '=', hashToken(token))
          .where('accepted_at', 'is', null)
          .where('revoked_at', 'is', null)
          .where('expires_at', '>', now)
          .forUpdate()
          .executeTakeFirst();
        if (!inv) throw new AppError('not_found', 'auth.invite.invalid');

        let userId = user?.id;
        if (!userId) {
          const res = await trx
            .insertInto('users')
            .values({
              email: inv.email,
              name: newUser!.name,
              password_hash: newUser!.passwordHash,
              locale: actor.type === 'user' ? actor.locale : 'nl',
              email_verified_at: now,
            })
            .executeTakeFirstOrThrow();
          userId = Number(res.insertId);
        }
        const joiner = {
          ...actor,
          type: 'user' as const,
          userId,
          email: inv.email,
          name: newUser?.name ?? (actor.type === 'user' ? actor.name : inv.email),
          locale: 'nl' as const,
          memberships: [],
          readOnly: false,
          sessionId: null,
          ip: actor.ip,
          requestId: actor.requestId,
        };

        if (inv.kind === 'organization') {
          await trx
            .insertInto('memberships')
            .values({ user_id: userId, organization_id: inv.organization_id!, role: inv.role! })
            .onDuplicateKeyUpdate({ role: inv.role! })
            .execute();
        } else {
          if (inv.site_role === 'owner') {
            const owner = await trx
              .selectFrom('site_members')
              .select('id')
              .where('site_id', '=', inv.site_id!)
              .where('role', '=', 'owner')
              .forUpdate()
              .executeTakeFirst();
            if (owner) throw conflict('error.member.ownerExists');
          }
          await trx
            .insertInto('site_members')
            .values({
              site_id: inv.site_id!,
              user_id: userId,
              role: inv.site_role!,
              scope: inv.site_scope ?? 'all',
            })
            .execute();
          if (inv.site_role === 'owner') await refreshSiteSearch(trx, inv.site_id!);
          if (inv.site_role === 'member' && inv.invited_by_user_id && inv.invited_by_user_id !== userId) {
            await notifyShareAccepted(
              trx,
              inv.invited_by_user_id,
              inv.site_id!,
              newUser?.name ?? (actor.type === 'user' ? actor.name : inv.email),
              inv.site_scope ?? 'all',
            );
          }
        }
        await trx.updateTable('invitations').set({ accepted_at: now }).where('id', '=', inv.id).execute();
        await recordAudit(trx, joiner, {
          action: 'invitation.accept',
          entityType: 'invitation',
          entityId: inv.id,
          organizationId: inv.organization_id,
          siteId: inv.site_id,
          after: { userId, role: inv.role ?? inv.site_role, scope: inv.site_scope },
        });
        return { userId, created: !user };
      });
    } catch (error) {
      if (isDuplicateKey(error, 'users_email_uq')) throw conflict('error.email.duplicate', 'email');
      if (isDuplicateKey(error, 'site_members_site_user_uq')) throw conflict('error.member.duplicate');
      throw error;
    }
  }

  private async peekEmail(token: string): Promise<string | null> {
    const row = await this.deps.db
      .selectFrom('invitations')
      .select('email')
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirst();
    return row?.email ?? null;
  }
}

/** Tells whoever shared a site that the invitation was accepted (the homeowner view's notifications). */
async function notifyShareAccepted(
  trx: Trx,
  inviterId: number,
  siteId: number,
  name: string,
  scope: 'all' | 'chargers',
) {
  const site = await trx
    .selectFrom('sites')
    .select(['street', 'house_number', 'postal_code', 'city'])
    .where('id', '=', siteId)
    .executeTakeFirstOrThrow();
  await notify(trx, {
    userId: inviterId,
    siteId,
    kind: 'share.accepted',
    titleKey: 'notification.share.accepted.title',
    bodyKey: 'notification.share.accepted.body',
    params: { name, address: formatAddress(site), scopeKey: `siteScope.${scope}` },
  });
}
