import { commandIdInput, diagnosticCommandInput } from '@ilumen/services';
import { z } from 'zod';
import { input, procedure, router } from '../init';

export const gatewaysRouter = router({
  diagnose: procedure
    .input(input(diagnosticCommandInput))
    .mutation(({ ctx, input }) => ctx.services.commands.diagnose(ctx.actor, input)),
  command: procedure
    .input(input(commandIdInput))
    .query(({ ctx, input }) => ctx.services.commands.get(ctx.actor, input)),
  commands: procedure
    .input(input(z.object({ siteId: z.number(), limit: z.number().optional() })))
    .query(({ ctx, input }) => ctx.services.commands.listForSite(ctx.actor, input)),
  configStatus: procedure
    .input(input(z.object({ siteId: z.number() })))
    .query(({ ctx, input }) => ctx.services.gatewayConfig.status(ctx.actor, input)),
});
