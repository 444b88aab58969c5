import {
  alarmAssignInput,
  alarmCommentInput,
  alarmIdInput,
  alarmListInput,
  alarmResolveInput,
  alarmSettingsInput,
  siteIdInput,
} from '@ilumen/services';
import { input, procedure, router } from '../init';

/** Alarms for the support desk and installers: the list is cut to the caller, everything else checks the alarm. */
export const alarmsRouter = router({
  list: procedure
    .meta({ tenantList: true })
    .input(input(alarmListInput).optional())
    .query(({ ctx, input }) => ctx.services.alarms.list(ctx.actor, input ?? {})),
  counts: procedure.meta({ tenantList: true }).query(({ ctx }) => ctx.services.alarms.counts(ctx.actor)),
  forSite: procedure
    .input(input(siteIdInput))
    .query(({ ctx, input }) => ctx.services.alarms.forSite(ctx.actor, input)),
  get: procedure
    .input(input(alarmIdInput))
    .query(({ ctx, input }) => ctx.services.alarms.get(ctx.actor, input)),
  acknowledge: procedure.input(input(alarmIdInput)).mutation(async ({ ctx, input }) => {
    await ctx.services.alarms.acknowledge(ctx.actor, input);
    return { ok: true };
  }),
  assign: procedure.input(input(alarmAssignInput)).mutation(async ({ ctx, input }) => {
    await ctx.services.alarms.assign(ctx.actor, input);
    return { ok: true };
  }),
  comment: procedure.input(input(alarmCommentInput)).mutation(async ({ ctx, input }) => {
    await ctx.services.alarms.comment(ctx.actor, input);
    return { ok: true };
  }),
  /** Closes an open alarm by hand, with what was done. */
  resolve: procedure.input(input(alarmResolveInput)).mutation(async ({ ctx, input }) => {
    await ctx.services.alarms.resolve(ctx.actor, input);
    return { ok: true };
  }),
  /** The caller's own digest setting. */
  settings: procedure.meta({ tenantList: true }).query(({ ctx }) => ctx.services.alarms.settings(ctx.actor)),
  saveSettings: procedure
    .meta({ tenantList: true })
    .input(input(alarmSettingsInput))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.alarms.saveSettings(ctx.actor, input);
      return { ok: true };
    }),
});
