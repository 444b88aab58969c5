import { notificationIdInput, notificationListInput } from '@ilumen/services';
import { input, procedure, router } from '../init';

/** One's own notifications: cut to the caller (and to the site of an embed session). */
export const notificationsRouter = router({
  list: procedure
    .meta({ tenantList: true })
    .input(input(notificationListInput).optional())
    .query(({ ctx, input }) => ctx.services.notifications.list(ctx.actor, input ?? {})),
  unreadCount: procedure
    .meta({ tenantList: true })
    .query(({ ctx }) => ctx.services.notifications.unreadCount(ctx.actor)),
  markRead: procedure.input(input(notificationIdInput)).mutation(async ({ ctx, input }) => {
    await ctx.services.notifications.markRead(ctx.actor, input);
    return { ok: true };
  }),
  // Acts on the caller's own notifications only: "tenantList" tells the isolation suite to check it for leaks
  // rather than expect a refusal.
  markAllRead: procedure
    .meta({ tenantList: true })
    .mutation(async ({ ctx }) => ({ updated: await ctx.services.notifications.markAllRead(ctx.actor) })),
});
