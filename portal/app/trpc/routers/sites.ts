import {
  auditListInput,
  siteCreateInput,
  siteIdInput,
  siteListInput,
  siteUpdateInput,
} from '@ilumen/services';
import { input, procedure, router } from '../init';

export const sitesRouter = router({
  list: procedure
    .meta({ tenantList: true })
    .input(input(siteListInput).optional())
    .query(({ ctx, input }) => ctx.services.sites.list(ctx.actor, input ?? {})),
  get: procedure
    .input(input(siteIdInput))
    .query(({ ctx, input }) => ctx.services.sites.get(ctx.actor, input)),
  create: procedure
    .input(input(siteCreateInput))
    .mutation(({ ctx, input }) => ctx.services.sites.create(ctx.actor, input)),
  update: procedure
    .input(input(siteUpdateInput))
    .mutation(({ ctx, input }) => ctx.services.sites.update(ctx.actor, input)),
  audit: procedure
    .input(input(siteIdInput.extend(auditListInput.shape)))
    .query(({ ctx, input }) => ctx.services.audit.listForSite(ctx.actor, input)),
});
