import { auditListInput } from '@ilumen/services';
import { input, procedure, router } from '../init';

export const auditRouter = router({
  list: procedure
    .meta({ tenantList: true })
    .input(input(auditListInput).optional())
    .query(({ ctx, input }) => ctx.services.audit.list(ctx.actor, input ?? {})),
});
