import '@mantine/charts/styles.css';
import { Anchor, Stack, Title } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { Overview } from '~/components/energy/overview';
import { HomeError } from '~/components/home/home-error';
import { useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['energy'] };

export const meta: MetaFunction = ({ matches }) => [
  pageTitle(matches, 'title.overview', { brand: 'iLusmart' }),
];

/** "Overzicht": the history charts of one address (manual chapter 2). */
export const loader = load(async (ctx, { params, request }) => {
  const search = new URL(request.url).searchParams;
  // a page of the home's own people, as the dashboard it belongs to (staff and installers have the console)
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  const series = await ctx.services.history.series(ctx.actor, {
    siteId: site.id,
    period: search.get('period') ?? 'day',
    date: search.get('date') ?? undefined,
  });
  return { series };
});

export default function SiteOverview() {
  const { series } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <Stack>
      <Anchor component={Link} to={`/app/sites/${series.siteId}`} size="sm">
        ← {t('common.back')}
      </Anchor>
      <Title order={1} size="h3">
        {t('energy.overview.title')}
      </Title>
      <Overview data={series} basePath={`/app/sites/${series.siteId}/overview`} />
    </Stack>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
