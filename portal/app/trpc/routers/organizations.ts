import { organizationIdInput, organizationInput, organizationUpdateInput } from '@ilumen/services';
import { z } from 'zod';
import { input, procedure, router } from '../init';

export const organizationsRouter = router({
  list: procedure.meta({ tenantList: true }).query(({ ctx }) => ctx.services.organizations.list(ctx.actor)),
  get: procedure
    .input(input(organizationIdInput))
    .query(({ ctx, input }) => ctx.services.organizations.get(ctx.actor, input)),
  create: procedure
    .input(input(organizationInput))
    .mutation(({ ctx, input }) => ctx.services.organizations.create(ctx.actor, input)),
  update: procedure
    .input(input(organizationUpdateInput))
    .mutation(({ ctx, input }) => ctx.services.organizations.update(ctx.actor, input)),
  setActive: procedure
    .input(input(organizationIdInput.extend({ active: z.boolean() })))
    .mutation(({ ctx, input }) => ctx.services.organizations.setActive(ctx.actor, input)),
});
