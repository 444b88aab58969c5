import { orgUsersInput, setRoleInput, setUserActiveInput } from '@ilumen/services';
import { input, procedure, router } from '../init';

export const usersRouter = router({
  listForOrganization: procedure
    .input(input(orgUsersInput))
    .query(({ ctx, input }) => ctx.services.users.listForOrganization(ctx.actor, input)),
  setRole: procedure
    .input(input(setRoleInput))
    .mutation(({ ctx, input }) => ctx.services.users.setRole(ctx.actor, input)),
  setActive: procedure
    .input(input(setUserActiveInput))
    .mutation(({ ctx, input }) => ctx.services.users.setActive(ctx.actor, input)),
});
