import {
  fleetDevicesInput,
  fleetGatewaysInput,
  globalSearchInput,
  registerReadInput,
  siteIdInput,
  troubleshootEventsInput,
} from '@ilumen/services';
import { input, procedure, router } from '../init';

/** Fleet tables, the global search and the troubleshooting page for typed clients. */
export const fleetRouter = router({
  gateways: procedure
    .meta({ tenantList: true })
    .input(input(fleetGatewaysInput).optional())
    .query(({ ctx, input }) => ctx.services.fleet.gateways(ctx.actor, input ?? {})),
  devices: procedure
    .meta({ tenantList: true })
    .input(input(fleetDevicesInput).optional())
    .query(({ ctx, input }) => ctx.services.fleet.devices(ctx.actor, input ?? {})),
  search: procedure
    .meta({ tenantList: true })
    .input(input(globalSearchInput))
    .query(({ ctx, input }) => ctx.services.search.global(ctx.actor, input)),
  troubleshoot: procedure
    .input(input(siteIdInput))
    .query(({ ctx, input }) => ctx.services.troubleshooting.overview(ctx.actor, input)),
  events: procedure
    .input(input(troubleshootEventsInput))
    .query(({ ctx, input }) => ctx.services.troubleshooting.events(ctx.actor, input)),
  readRegisters: procedure
    .input(input(registerReadInput))
    .mutation(({ ctx, input }) => ctx.services.troubleshooting.readRegisters(ctx.actor, input)),
  requestTelegram: procedure
    .input(input(siteIdInput))
    .mutation(({ ctx, input }) => ctx.services.troubleshooting.requestTelegram(ctx.actor, input)),
});
