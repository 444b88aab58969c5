/** Calls one tRPC procedure over HTTP as the browser or the app would: a query by GET, a mutation by POST. */
export function callTrpc(
  baseUrl: string,
  name: string,
  type: 'query' | 'mutation',
  input: unknown,
  headers: Record<string, string>,
): Promise<Response> {
  return type === 'query'
    ? fetch(`${baseUrl}/api/trpc/${name}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
    : fetch(`${baseUrl}/api/trpc/${name}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
}
