import { embedLinkInput, homeSiteInput, revokeShareInput, shareInput, unshareInput } from '@ilumen/services';
import { input, procedure, router } from '../init';

/** The homeowner view for the mobile app: addresses, devices, the iLusmart page, chargers, sharing, embed links. */
export const homeownerRouter = router({
  sites: procedure.meta({ tenantList: true }).query(({ ctx }) => ctx.services.homeowner.sites(ctx.actor)),
  chargers: procedure
    .meta({ tenantList: true })
    .query(({ ctx }) => ctx.services.homeowner.chargers(ctx.actor)),
  site: procedure
    .input(input(homeSiteInput))
    .query(({ ctx, input }) => ctx.services.homeowner.site(ctx.actor, input)),
  installations: procedure
    .input(input(homeSiteInput))
    .query(({ ctx, input }) => ctx.services.homeowner.installations(ctx.actor, input)),
  ilusmart: procedure
    .input(input(homeSiteInput))
    .query(({ ctx, input }) => ctx.services.homeowner.ilusmart(ctx.actor, input)),
  shares: procedure
    .input(input(homeSiteInput))
    .query(({ ctx, input }) => ctx.services.homeowner.shares(ctx.actor, input)),
  share: procedure
    .input(input(shareInput))
    .mutation(({ ctx, input }) => ctx.services.homeowner.share(ctx.actor, input)),
  unshare: procedure.input(input(unshareInput)).mutation(async ({ ctx, input }) => {
    await ctx.services.homeowner.unshare(ctx.actor, input);
    return { ok: true };
  }),
  revokeShare: procedure.input(input(revokeShareInput)).mutation(async ({ ctx, input }) => {
    await ctx.services.homeowner.revokeShare(ctx.actor, input);
    return { ok: true };
  }),
  /**
   * A single-use link (5 minutes) that opens this homeowner's view of one of their sites in a webview or a partner's
   * iframe, in a session kept to that site. Called with the homeowner's bearer token.
   */
  embedLink: procedure.input(input(embedLinkInput)).mutation(async ({ ctx, input }) => {
    const { url, expiresAt } = await ctx.services.embed.createLink(ctx.actor, input);
    return { url, expiresAt: expiresAt.toISOString() };
  }),
});
