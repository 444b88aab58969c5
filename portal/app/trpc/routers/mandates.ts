import {
  csvUploadInput,
  mandateIdInput,
  mandateLinkInput,
  mandateListInput,
  mandateSiteInput,
  mandateStartInput,
} from '@ilumen/services';
import { input, procedure, router } from '../init';

/**
 * Fluvius mandates for typed clients (the mobile app's "+"): start one (the answer is where to send the person),
 * follow it, link it, and the console's lists. The CSV upload itself is a form post (multipart), not a procedure.
 */
export const mandatesRouter = router({
  /** The caller's own mandates and the addresses they may link a meter to. */
  mine: procedure.meta({ tenantList: true }).query(({ ctx }) => ctx.services.mandates.mine(ctx.actor)),
  get: procedure
    .input(input(mandateIdInput))
    .query(({ ctx, input }) => ctx.services.mandates.get(ctx.actor, input)),
  forSite: procedure
    .input(input(mandateSiteInput))
    .query(({ ctx, input }) => ctx.services.mandates.forSite(ctx.actor, input)),
  /** The fleet's mandates, cut to the caller's sites. */
  list: procedure
    .meta({ tenantList: true })
    .input(input(mandateListInput).optional())
    .query(({ ctx, input }) => ctx.services.mandates.list(ctx.actor, input ?? {})),
  start: procedure
    .input(input(mandateStartInput))
    .mutation(({ ctx, input }) => ctx.services.mandates.start(ctx.actor, input)),
  link: procedure
    .input(input(mandateLinkInput))
    .mutation(({ ctx, input }) => ctx.services.mandates.link(ctx.actor, input)),
  cancel: procedure
    .input(input(mandateIdInput))
    .mutation(({ ctx, input }) => ctx.services.mandates.cancel(ctx.actor, input)),
  checkNow: procedure.input(input(mandateIdInput)).mutation(async ({ ctx, input }) => {
    await ctx.services.mandates.checkNow(ctx.actor, input);
    return { ok: true };
  }),
  csvPreview: procedure
    .input(input(csvUploadInput))
    .query(({ ctx, input }) => ctx.services.csvImport.preview(ctx.actor, input)),
  csvImport: procedure
    .input(input(csvUploadInput))
    .mutation(({ ctx, input }) => ctx.services.csvImport.import(ctx.actor, input)),
});
