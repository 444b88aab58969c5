import { capacityInput, historyInput } from '@ilumen/services';
import { z } from 'zod';
import { input, procedure, router } from '../init';

export const energyRouter = router({
  history: procedure
    .input(input(historyInput))
    .query(({ ctx, input }) => ctx.services.history.series(ctx.actor, input)),
  yesterday: procedure
    .input(input(z.object({ siteId: z.number() })))
    .query(({ ctx, input }) => ctx.services.history.yesterday(ctx.actor, input)),
  monthlyNet: procedure
    .input(input(z.object({ siteId: z.number(), months: z.number().optional() })))
    .query(({ ctx, input }) => ctx.services.history.monthlyNet(ctx.actor, input)),
  capacity: procedure
    .input(input(capacityInput))
    .query(({ ctx, input }) => ctx.services.history.capacity(ctx.actor, input)),
  live: procedure
    .meta({ chargers: true })
    .input(input(z.object({ siteId: z.number() })))
    .query(({ ctx, input }) => ctx.services.live.latest(ctx.actor, input)),
});
