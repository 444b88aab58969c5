import { policy } from '@ilumen/services';
import type { RequestContext } from './context';

/** The installer organizations a list filters on, for whoever may read tenants (none: the filter is not shown). */
export async function installerOptions(ctx: RequestContext): Promise<{ value: string; label: string }[]> {
  if (!policy.can(ctx.actor, 'tenants.read')) return [];
  const organizations = await ctx.services.organizations.options(ctx.actor);
  return organizations
    .filter((o) => o.kind === 'installer')
    .map((o) => ({ value: String(o.id), label: o.name }));
}
