import { memberRemoveInput, siteIdInput } from '@ilumen/services';
import { input, procedure, router } from '../init';

export const membersRouter = router({
  list: procedure
    .input(input(siteIdInput))
    .query(({ ctx, input }) => ctx.services.members.list(ctx.actor, input)),
  remove: procedure
    .input(input(memberRemoveInput))
    .mutation(({ ctx, input }) => ctx.services.members.remove(ctx.actor, input)),
});
