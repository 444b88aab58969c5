import {
  emailChangeInput,
  emailChangeTokenInput,
  passwordChangeInput,
  profileUpdateInput,
} from '@ilumen/services';
import { input, procedure, router } from '../init';

/**
 * One's own account. Every procedure acts on the caller alone (never on an id it is given), so they carry
 * `tenantList`: the isolation suite checks them for leaks and for unchanged victims instead of expecting a refusal.
 */
const self = procedure.meta({ tenantList: true });

export const profileRouter = router({
  get: self.query(({ ctx }) => ctx.services.profile.get(ctx.actor)),
  update: self.input(input(profileUpdateInput)).mutation(async ({ ctx, input }) => {
    await ctx.services.profile.update(ctx.actor, input);
    return { ok: true };
  }),
  changePassword: self
    .input(input(passwordChangeInput))
    .mutation(({ ctx, input }) => ctx.services.profile.changePassword(ctx.actor, input)),
  /** Mails a link to the new address; nothing changes until it is followed. */
  requestEmailChange: self
    .input(input(emailChangeInput))
    .mutation(({ ctx, input }) => ctx.services.profile.requestEmailChange(ctx.actor, input)),
  confirmEmailChange: self.input(input(emailChangeTokenInput)).mutation(async ({ ctx, input }) => {
    const { email } = await ctx.services.profile.confirmEmailChange(ctx.actor, input);
    return { email };
  }),
});
