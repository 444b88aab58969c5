import type { useLoaderData } from '@remix-run/react';
import type { loader } from '~/routes/console.sites.$siteId.troubleshoot';

/** What the troubleshooting page's loader gives its panels. */
export type TroubleshootData = ReturnType<typeof useLoaderData<typeof loader>>;
