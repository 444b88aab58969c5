import { policy } from '@ilumen/services';
import type { RequestContext } from './context';

/**
 * A list page's URL, read once for its loader: `params` for the service (which parses page, page size, sort and the
 * filters itself), `filters` for the filter form (each named filter's value, or its default when the URL has none),
 * whether any filter differs from its default (an empty table then says "no results" rather than "none yet"), and the
 * query as it came (for an export link of the same list).
 */
export function listQuery<const D extends Record<string, string>>(request: Request, defaults: D) {
  const url = new URL(request.url);
  const params: Record<string, string> = Object.fromEntries(url.searchParams);
  const filters = Object.fromEntries(Object.entries(defaults).map(([k, d]) => [k, params[k] ?? d])) as {
    [K in keyof D]: string;
  };
  const filtered = Object.entries(defaults).some(([k, d]) => (params[k] ?? d) !== d);
  return { params, filters, filtered, query: url.searchParams.toString() };
}

/** The installer organizations a list filters on, for whoever may read tenants (none: the filter is not shown). */
export async function installerOptions(ctx: RequestContext): Promise<{ value: string; label: string }[]> {
  if (!policy.can(ctx.actor, 'tenants.read')) return [];
  const organizations = await ctx.services.organizations.options(ctx.actor);
  return organizations
    .filter((o) => o.kind === 'installer')
    .map((o) => ({ value: String(o.id), label: o.name }));
}
