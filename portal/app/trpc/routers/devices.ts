import { deviceCreateInput, deviceRemoveInput, deviceUpdateInput, siteIdInput } from '@ilumen/services';
import { input, procedure, router } from '../init';

export const devicesRouter = router({
  list: procedure
    .input(input(siteIdInput))
    .query(({ ctx, input }) => ctx.services.devices.list(ctx.actor, input)),
  create: procedure
    .input(input(deviceCreateInput))
    .mutation(({ ctx, input }) => ctx.services.devices.create(ctx.actor, input)),
  update: procedure
    .input(input(deviceUpdateInput))
    .mutation(({ ctx, input }) => ctx.services.devices.update(ctx.actor, input)),
  remove: procedure
    .input(input(deviceRemoveInput))
    .mutation(({ ctx, input }) => ctx.services.devices.remove(ctx.actor, input)),
});
