import {
  acceptNewUserInput,
  auditListInput,
  deviceCreateInput,
  deviceRemoveInput,
  deviceUpdateInput,
  invitationIdInput,
  loginInput,
  memberRemoveInput,
  organizationIdInput,
  organizationInput,
  organizationUpdateInput,
  orgInvitationInput,
  orgUsersInput,
  resetInput,
  resetRequestInput,
  setRoleInput,
  setUserActiveInput,
  siteCreateInput,
  siteIdInput,
  siteInvitationInput,
  siteListInput,
  siteUpdateInput,
} from '@ilumen/services';
import { z } from 'zod';
import { procedure, router } from './init';

/**
 * Typed input without a second parse: the service parses (and translates its errors) exactly as it does for forms.
 */
const input = <S extends z.ZodType>(_schema: S) => z.custom<z.input<S>>(() => true);

/**
 * The API for typed clients (the mobile app). Every procedure is one service call with the caller's Actor; none checks
 * roles itself. The tenant-isolation suite walks this router, so a new procedure is covered without edits.
 */
export const appRouter = router({
  auth: router({
    /** Returns a bearer token (the session id) for the mobile app; browsers use the cookie from the login form. */
    login: procedure.input(input(loginInput)).mutation(async ({ ctx, input }) => {
      const { session, actor } = await ctx.services.auth.login(input, { ip: ctx.ip, userAgent: ctx.userAgent, requestId: ctx.requestId });
      return { token: session.id, expiresAt: session.expiresAt.toISOString(), user: { id: actor.userId, email: actor.email, name: actor.name, locale: actor.locale } };
    }),
    logout: procedure.mutation(async ({ ctx }) => {
      await ctx.services.auth.logout(ctx.actor);
      return { ok: true };
    }),
    logoutEverywhere: procedure.mutation(async ({ ctx }) => {
      await ctx.services.auth.logoutEverywhere(ctx.actor);
      return { ok: true };
    }),
    me: procedure.query(({ ctx }) => {
      if (ctx.actor.type !== 'user') return null;
      const { userId, email, name, locale, memberships, readOnly } = ctx.actor;
      return { userId, email, name, locale, memberships, readOnly };
    }),
    requestPasswordReset: procedure.input(input(resetRequestInput)).mutation(async ({ ctx, input }) => {
      await ctx.services.auth.requestPasswordReset(input, { ip: ctx.ip });
      return { ok: true };
    }),
    resetPassword: procedure.input(input(resetInput)).mutation(async ({ ctx, input }) => {
      await ctx.services.auth.resetPassword(input);
      return { ok: true };
    }),
  }),
  invitations: router({
    inspect: procedure.input(z.object({ token: z.string().max(200) })).query(({ ctx, input }) => ctx.services.invitations.inspect(input.token)),
    accept: procedure
      .input(z.object({ token: z.string().max(200), details: input(acceptNewUserInput).optional() }))
      .mutation(({ ctx, input }) => ctx.services.invitations.accept(ctx.actor, input.token, input.details ?? {})),
    inviteToOrganization: procedure.input(input(orgInvitationInput)).mutation(({ ctx, input }) => ctx.services.invitations.inviteToOrganization(ctx.actor, input)),
    inviteToSite: procedure.input(input(siteInvitationInput)).mutation(({ ctx, input }) => ctx.services.invitations.inviteToSite(ctx.actor, input)),
    revoke: procedure.input(input(invitationIdInput)).mutation(({ ctx, input }) => ctx.services.invitations.revoke(ctx.actor, input)),
    pendingForOrganization: procedure.input(input(organizationIdInput)).query(({ ctx, input }) => ctx.services.invitations.listPendingForOrganization(ctx.actor, input)),
    pendingForSite: procedure.input(input(siteIdInput)).query(({ ctx, input }) => ctx.services.invitations.listPendingForSite(ctx.actor, input)),
  }),
  organizations: router({
    list: procedure.meta({ tenantList: true }).query(({ ctx }) => ctx.services.organizations.list(ctx.actor)),
    get: procedure.input(input(organizationIdInput)).query(({ ctx, input }) => ctx.services.organizations.get(ctx.actor, input)),
    create: procedure.input(input(organizationInput)).mutation(({ ctx, input }) => ctx.services.organizations.create(ctx.actor, input)),
    update: procedure.input(input(organizationUpdateInput)).mutation(({ ctx, input }) => ctx.services.organizations.update(ctx.actor, input)),
    setActive: procedure
      .input(input(organizationIdInput.extend({ active: z.boolean() })))
      .mutation(({ ctx, input }) => ctx.services.organizations.setActive(ctx.actor, input)),
  }),
  users: router({
    listForOrganization: procedure.input(input(orgUsersInput)).query(({ ctx, input }) => ctx.services.users.listForOrganization(ctx.actor, input)),
    setRole: procedure.input(input(setRoleInput)).mutation(({ ctx, input }) => ctx.services.users.setRole(ctx.actor, input)),
    setActive: procedure.input(input(setUserActiveInput)).mutation(({ ctx, input }) => ctx.services.users.setActive(ctx.actor, input)),
  }),
  sites: router({
    list: procedure.meta({ tenantList: true }).input(input(siteListInput).optional()).query(({ ctx, input }) => ctx.services.sites.list(ctx.actor, input ?? {})),
    get: procedure.input(input(siteIdInput)).query(({ ctx, input }) => ctx.services.sites.get(ctx.actor, input)),
    create: procedure.input(input(siteCreateInput)).mutation(({ ctx, input }) => ctx.services.sites.create(ctx.actor, input)),
    update: procedure.input(input(siteUpdateInput)).mutation(({ ctx, input }) => ctx.services.sites.update(ctx.actor, input)),
    audit: procedure
      .input(input(siteIdInput.extend(auditListInput.shape)))
      .query(({ ctx, input }) => ctx.services.audit.listForSite(ctx.actor, input)),
  }),
  devices: router({
    list: procedure.input(input(siteIdInput)).query(({ ctx, input }) => ctx.services.devices.list(ctx.actor, input)),
    create: procedure.input(input(deviceCreateInput)).mutation(({ ctx, input }) => ctx.services.devices.create(ctx.actor, input)),
    update: procedure.input(input(deviceUpdateInput)).mutation(({ ctx, input }) => ctx.services.devices.update(ctx.actor, input)),
    remove: procedure.input(input(deviceRemoveInput)).mutation(({ ctx, input }) => ctx.services.devices.remove(ctx.actor, input)),
  }),
  members: router({
    list: procedure.input(input(siteIdInput)).query(({ ctx, input }) => ctx.services.members.list(ctx.actor, input)),
    remove: procedure.input(input(memberRemoveInput)).mutation(({ ctx, input }) => ctx.services.members.remove(ctx.actor, input)),
  }),
  audit: router({
    list: procedure.meta({ tenantList: true }).input(input(auditListInput).optional()).query(({ ctx, input }) => ctx.services.audit.list(ctx.actor, input ?? {})),
  }),
});

export type AppRouter = typeof appRouter;
