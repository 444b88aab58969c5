import {
  chargeCommandInput,
  chargerChartInput,
  chargerInput,
  chargerSettingsInput,
  chargeStartInput,
  exportChargerInput,
  exportOwnerInput,
  exportSiteInput,
  modulePeriodInput,
  timerAddInput,
  timerRemoveInput,
  timersSiteInput,
} from '@ilumen/services';
import { input, procedure, router } from '../init';

/**
 * The product modules for the mobile app (decisions 030–034): the iLubat and iLuheat pages, the iLucharge pages (start, stop,
 * the command's answer, settings, charts), charge-session exports by mail, battery charge timers. Charger calls are
 * open to "iLuCharges" members on their own site (`chargers`); the services decide the rest.
 */
export const modulesRouter = router({
  battery: procedure
    .input(input(modulePeriodInput))
    .query(({ ctx, input }) => ctx.services.modules.battery(ctx.actor, input)),
  heat: procedure
    .input(input(modulePeriodInput))
    .query(({ ctx, input }) => ctx.services.modules.heat(ctx.actor, input)),
  charger: procedure
    .meta({ chargers: true })
    .input(input(chargerInput))
    .query(({ ctx, input }) => ctx.services.charging.detail(ctx.actor, input)),
  chargerChart: procedure
    .meta({ chargers: true })
    .input(input(chargerChartInput))
    .query(({ ctx, input }) => ctx.services.charging.chart(ctx.actor, input)),
  chargeStart: procedure
    .meta({ chargers: true })
    .input(input(chargeStartInput))
    .mutation(({ ctx, input }) => ctx.services.charging.start(ctx.actor, input)),
  chargeStop: procedure
    .meta({ chargers: true })
    .input(input(chargerInput))
    .mutation(({ ctx, input }) => ctx.services.charging.stop(ctx.actor, input)),
  chargeCommand: procedure
    .meta({ chargers: true })
    .input(input(chargeCommandInput))
    .query(({ ctx, input }) => ctx.services.charging.command(ctx.actor, input)),
  chargerSettings: procedure
    .meta({ chargers: true })
    .input(input(chargerSettingsInput))
    .mutation(({ ctx, input }) => ctx.services.charging.saveSettings(ctx.actor, input)),
  exportCharger: procedure
    .meta({ chargers: true })
    .input(input(exportChargerInput))
    .mutation(({ ctx, input }) => ctx.services.chargeExports.requestCharger(ctx.actor, input)),
  exportSite: procedure
    .input(input(exportSiteInput))
    .mutation(({ ctx, input }) => ctx.services.chargeExports.requestSite(ctx.actor, input)),
  /** The caller's own addresses only. */
  exportOwner: procedure
    .meta({ tenantList: true })
    .input(input(exportOwnerInput))
    .mutation(({ ctx, input }) => ctx.services.chargeExports.requestOwner(ctx.actor, input)),
  exports: procedure
    .meta({ tenantList: true })
    .query(({ ctx }) => ctx.services.chargeExports.list(ctx.actor)),
  timers: procedure
    .input(input(timersSiteInput))
    .query(({ ctx, input }) => ctx.services.chargeTimers.list(ctx.actor, input)),
  timerAdd: procedure
    .input(input(timerAddInput))
    .mutation(({ ctx, input }) => ctx.services.chargeTimers.add(ctx.actor, input)),
  timerRemove: procedure.input(input(timerRemoveInput)).mutation(async ({ ctx, input }) => {
    await ctx.services.chargeTimers.remove(ctx.actor, input);
    return { ok: true };
  }),
});
