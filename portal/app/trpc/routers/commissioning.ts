import {
  commissioningActivateInput,
  commissioningClaimInput,
  commissioningDevicesInput,
  commissioningEanInput,
  commissioningGridInput,
  commissioningSaveSiteInput,
  commissioningScanInput,
  commissioningSiteInput,
  commissioningStartInput,
  gatewayRegisterInput,
} from '@ilumen/services';
import { z } from 'zod';
import { input, procedure, router } from '../init';

/**
 * The commissioning wizard for typed clients (an installer's tablet app could drive it), and gateway registration.
 * Each step is one service call; the service checks the site before it reads the rest of the input.
 */
export const commissioningRouter = router({
  /** Commissionings in progress (or done), cut to the caller's organizations. */
  list: procedure
    .meta({ tenantList: true })
    .input(input(z.object({ done: z.boolean().optional() })).optional())
    .query(({ ctx, input }) => ctx.services.commissioning.list(ctx.actor, input ?? {})),
  get: procedure
    .input(input(commissioningSiteInput))
    .query(({ ctx, input }) => ctx.services.commissioning.get(ctx.actor, input)),
  start: procedure
    .input(input(commissioningStartInput))
    .mutation(({ ctx, input }) => ctx.services.commissioning.start(ctx.actor, input)),
  open: procedure
    .input(input(commissioningSiteInput))
    .mutation(({ ctx, input }) => ctx.services.commissioning.open(ctx.actor, input)),
  saveSite: procedure
    .input(input(commissioningSaveSiteInput))
    .mutation(({ ctx, input }) => ctx.services.commissioning.saveSite(ctx.actor, input)),
  saveGrid: procedure
    .input(input(commissioningGridInput))
    .mutation(({ ctx, input }) => ctx.services.commissioning.saveGrid(ctx.actor, input)),
  saveEan: procedure
    .input(input(commissioningEanInput))
    .mutation(({ ctx, input }) => ctx.services.commissioning.saveEan(ctx.actor, input)),
  claim: procedure
    .input(input(commissioningClaimInput))
    .mutation(({ ctx, input }) => ctx.services.commissioning.claim(ctx.actor, input)),
  scan: procedure
    .input(input(commissioningScanInput))
    .mutation(({ ctx, input }) => ctx.services.commissioning.scan(ctx.actor, input)),
  confirmDevices: procedure
    .input(input(commissioningDevicesInput))
    .mutation(({ ctx, input }) => ctx.services.commissioning.confirmDevices(ctx.actor, input)),
  liveCheck: procedure
    .input(input(commissioningSiteInput))
    .mutation(({ ctx, input }) => ctx.services.commissioning.liveCheck(ctx.actor, input)),
  report: procedure
    .input(input(commissioningSiteInput))
    .query(({ ctx, input }) => ctx.services.commissioning.report(ctx.actor, input)),
  activate: procedure
    .input(input(commissioningActivateInput))
    .mutation(({ ctx, input }) => ctx.services.commissioning.activate(ctx.actor, input)),
  /** Staff: register gateways with their claim codes (a pasted or uploaded list). */
  registerGateways: procedure
    .input(input(gatewayRegisterInput))
    .mutation(({ ctx, input }) => ctx.services.gateways.register(ctx.actor, input)),
});
