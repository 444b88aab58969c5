import { Stack, Text, Title } from '@mantine/core';
import { redirect } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { AddAddressButton } from '~/components/home/dashboard';
import { dashboardData } from '~/components/home/home.server';
import { HomeError } from '~/components/home/home-error';
import { SiteDashboard } from '~/components/home/site-dashboard';
import { useT } from '~/lib/i18n';
import { DEVICE_CODES } from '~/lib/i18n-namespaces';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = {
  i18n: [...DEVICE_CODES, 'bill', 'devices', 'energy'],
};

/**
 * /app: the dashboard of the person's first address (the same page as /app/sites/:siteId, so a link to /app lands
 * without a hop). Someone who may only use chargers goes to the charger pages.
 */
export const loader = load(async (ctx) => {
  const sites = await ctx.services.homeowner.sites(ctx.actor);
  const first = sites.find((s) => s.data);
  if (!first) {
    if (sites.length > 0) throw redirect('/app/chargers');
    return { site: null, energy: null, live: null };
  }
  return dashboardData(ctx, first.id);
});

export default function HomeStart() {
  const { site, energy, live } = useLoaderData<typeof loader>();
  const t = useT();
  if (!site || !energy) {
    return (
      <Stack>
        <Title order={1} size="h3">
          {t('home.noSites.title')}
        </Title>
        <Text>{t('home.noSites.text')}</Text>
        <AddAddressButton />
      </Stack>
    );
  }
  return <SiteDashboard site={site} energy={energy} latest={live} />;
}

export function ErrorBoundary() {
  return <HomeError />;
}
