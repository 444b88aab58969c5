/**
 * A list page's URL, read once for its loader: `params` for the service (which parses page, page size, sort and the
 * filters itself), `filters` for the filter form (each named filter's value, or its default when the URL has none),
 * whether any filter differs from its default (an empty table then says "no results" rather than "none yet"), and the
 * query as it came (for an export link of the same list).
 */
export function listParams<const D extends Record<string, string>>(request: Request, defaults: D) {
  const url = new URL(request.url);
  const params: Record<string, string> = Object.fromEntries(url.searchParams);
  const filters = Object.fromEntries(Object.entries(defaults).map(([k, d]) => [k, params[k] ?? d])) as {
    [K in keyof D]: string;
  };
  const filtered = Object.entries(defaults).some(([k, d]) => (params[k] ?? d) !== d);
  return { params, filters, filtered, query: url.searchParams.toString() };
}
