import { useMatches, useParams } from '@remix-run/react';

/**
 * A page under /app whose path names no address but which belongs to one (a charger's page) says which in its
 * `handle`, so the header shows that address and not the person's first one.
 */
export interface HomeHandle {
  siteIdOf: (data: unknown) => number | null;
  /** A chargers-only member may use the page on their own site (the isolation suite reads it, decision 009). */
  chargers?: boolean;
  /** The message namespaces the page uses (decision 171). */
  i18n?: readonly string[];
}

/** The address the page shows: the one in its path, else the one its handle names. */
export function useCurrentSiteId(): number | null {
  const params = useParams();
  const matches = useMatches();
  if (params.siteId) return Number(params.siteId);
  for (const m of [...matches].reverse()) {
    const handle = m.handle as Partial<HomeHandle> | undefined;
    const id = handle?.siteIdOf?.(m.data);
    if (id) return id;
  }
  return null;
}
