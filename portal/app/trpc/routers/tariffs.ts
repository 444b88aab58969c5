import { tariffSaveInput, tariffSiteInput } from '@ilumen/services';
import { input, procedure, router } from '../init';

export const tariffsRouter = router({
  /** The tariff in force, the one coming, and every change ("historiek"). */
  list: procedure
    .input(input(tariffSiteInput))
    .query(({ ctx, input }) => ctx.services.tariffs.list(ctx.actor, input)),
  /** Saves new tariffs (€/kWh, decimal comma or point, 5 decimals); they apply from tomorrow, Brussels time. */
  save: procedure
    .input(input(tariffSaveInput))
    .mutation(({ ctx, input }) => ctx.services.tariffs.save(ctx.actor, input)),
});
