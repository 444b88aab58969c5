import { loginInput, resetInput, resetRequestInput } from '@ilumen/services';
import { input, procedure, router } from '../init';

export const authRouter = router({
  /** Returns a bearer token (the session id) for the mobile app; browsers use the cookie from the login form. */
  login: procedure.input(input(loginInput)).mutation(async ({ ctx, input }) => {
    const { session, actor } = await ctx.services.auth.login(input, {
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      requestId: ctx.requestId,
    });
    return {
      token: session.id,
      expiresAt: session.expiresAt.toISOString(),
      user: { id: actor.userId, email: actor.email, name: actor.name, locale: actor.locale },
    };
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
});
