import {
  acceptNewUserInput,
  invitationIdInput,
  organizationIdInput,
  orgInvitationInput,
  siteIdInput,
  siteInvitationInput,
} from '@ilumen/services';
import { z } from 'zod';
import { input, procedure, router } from '../init';

export const invitationsRouter = router({
  inspect: procedure
    .input(z.object({ token: z.string().max(200) }))
    .query(({ ctx, input }) => ctx.services.invitations.inspect(input.token)),
  accept: procedure
    .input(z.object({ token: z.string().max(200), details: input(acceptNewUserInput).optional() }))
    .mutation(({ ctx, input }) =>
      ctx.services.invitations.accept(ctx.actor, input.token, input.details ?? {}),
    ),
  inviteToOrganization: procedure
    .input(input(orgInvitationInput))
    .mutation(({ ctx, input }) => ctx.services.invitations.inviteToOrganization(ctx.actor, input)),
  inviteToSite: procedure
    .input(input(siteInvitationInput))
    .mutation(({ ctx, input }) => ctx.services.invitations.inviteToSite(ctx.actor, input)),
  revoke: procedure
    .input(input(invitationIdInput))
    .mutation(({ ctx, input }) => ctx.services.invitations.revoke(ctx.actor, input)),
  pendingForOrganization: procedure
    .input(input(organizationIdInput))
    .query(({ ctx, input }) => ctx.services.invitations.listPendingForOrganization(ctx.actor, input)),
  pendingForSite: procedure
    .input(input(siteIdInput))
    .query(({ ctx, input }) => ctx.services.invitations.listPendingForSite(ctx.actor, input)),
});
