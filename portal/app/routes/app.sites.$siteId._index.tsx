import { Box } from '@mantine/core';
import { useLoaderData } from '@remix-run/react';
import { ControlDashboardCard } from '~/components/control/control-links';
import { dashboardData } from '~/components/home/home.server';
import { HomeError } from '~/components/home/home-error';
import { SiteDashboard } from '~/components/home/site-dashboard';
import { DEVICE_CODES } from '~/lib/i18n-namespaces';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = {
  i18n: [...DEVICE_CODES, 'bill', 'control', 'devices', 'energy', 'settings'],
};

/** The dashboard of one address. */
export const loader = load(async (ctx, { params }) => dashboardData(ctx, params.siteId));

export default function SiteDashboardPage() {
  const { site, energy, live } = useLoaderData<typeof loader>();
  return (
    <>
      <SiteDashboard site={site} energy={energy} latest={live} />
      <Box mt="lg">
        <ControlDashboardCard siteId={site.id} />
      </Box>
    </>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
