import {
  capacityRateSaveInput,
  capacityReportInput,
  controlSiteInput,
  dynamicChargingSaveInput,
  loadBalancingSaveInput,
  moduleGrantInput,
  peakShavingSaveInput,
  siteRateInput,
  timelineInput,
} from '@ilumen/services';
import { z } from 'zod';
import { input, procedure, router } from '../init';

/**
 * Energy control (decisions 050–055) for typed clients: iLuStore modules, the peak-shaving, dynamic-charging and load-balancing
 * settings, the capacity report and rates, day-ahead prices with the planned hours, maintenance charges and the
 * timeline of explained decisions. The services decide who may do what.
 */
export const controlRouter = router({
  modules: procedure
    .input(input(controlSiteInput))
    .query(({ ctx, input }) => ctx.services.storeModules.list(ctx.actor, input)),
  grantModule: procedure
    .input(input(moduleGrantInput))
    .mutation(({ ctx, input }) => ctx.services.storeModules.grant(ctx.actor, input)),
  revokeModule: procedure
    .input(input(moduleGrantInput))
    .mutation(({ ctx, input }) => ctx.services.storeModules.revoke(ctx.actor, input)),
  peakShaving: procedure
    .input(input(controlSiteInput))
    .query(({ ctx, input }) => ctx.services.peakShaving.view(ctx.actor, input)),
  savePeakShaving: procedure
    .input(input(peakShavingSaveInput))
    .mutation(({ ctx, input }) => ctx.services.peakShaving.save(ctx.actor, input)),
  dynamicCharging: procedure
    .input(input(controlSiteInput))
    .query(({ ctx, input }) => ctx.services.dynamicCharging.view(ctx.actor, input)),
  saveDynamicCharging: procedure
    .input(input(dynamicChargingSaveInput))
    .mutation(({ ctx, input }) => ctx.services.dynamicCharging.save(ctx.actor, input)),
  loadBalancing: procedure
    .input(input(controlSiteInput))
    .query(({ ctx, input }) => ctx.services.loadBalancing.view(ctx.actor, input)),
  saveLoadBalancing: procedure
    .input(input(loadBalancingSaveInput))
    .mutation(({ ctx, input }) => ctx.services.loadBalancing.save(ctx.actor, input)),
  capacityReport: procedure
    .input(input(capacityReportInput))
    .query(({ ctx, input }) => ctx.services.capacityReport.report(ctx.actor, input)),
  setSiteRate: procedure
    .input(input(siteRateInput))
    .mutation(({ ctx, input }) => ctx.services.capacityReport.setSiteRate(ctx.actor, input)),
  capacityRates: procedure
    .input(input(z.object({})))
    .query(({ ctx }) => ctx.services.capacityRates.list(ctx.actor)),
  saveCapacityRate: procedure
    .input(input(capacityRateSaveInput))
    .mutation(({ ctx, input }) => ctx.services.capacityRates.save(ctx.actor, input)),
  maintenance: procedure
    .input(input(controlSiteInput))
    .query(({ ctx, input }) => ctx.services.maintenance.list(ctx.actor, input)),
  timeline: procedure
    .input(input(timelineInput))
    .query(({ ctx, input }) => ctx.services.timeline.list(ctx.actor, input)),
});
