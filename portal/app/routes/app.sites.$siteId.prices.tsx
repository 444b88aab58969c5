import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { PricesPanel } from '~/components/control/prices-panel';
import { HomeError } from '~/components/home/home-error';
import { SettingsHeader } from '~/components/home/settings-menu';
import { useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['control', 'settings'] };

export const meta: MetaFunction = ({ matches }) => [
  pageTitle(matches, 'title.prices', { brand: 'iLusmart' }),
];

/** Today's and tomorrow's day-ahead prices, with the hours dynamic charging planned. */
export const loader = load(async (ctx, { params }) => {
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  const prices = await ctx.services.dynamicCharging.view(ctx.actor, { siteId: site.id });
  return { site: { id: site.id, address: site.address }, prices };
});

export default function Prices() {
  const { site, prices } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <SettingsHeader
        title={t('control.prices.title')}
        address={site.address}
        back={{ to: `/app/sites/${site.id}`, label: t('home.menu.dashboard') }}
      />
      <PricesPanel data={prices} />
    </>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
