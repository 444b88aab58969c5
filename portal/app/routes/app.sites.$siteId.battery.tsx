import '@mantine/charts/styles.css';
import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { lastLiveValues } from '~/components/energy/live.server';
import { useLiveStream } from '~/components/energy/live-circles';
import { HomeError } from '~/components/home/home-error';
import { BatteryView } from '~/components/modules/battery-view';
import { ModulePage } from '~/components/modules/module-page';
import { useT } from '~/lib/i18n';
import { DEVICE_CODES } from '~/lib/i18n-namespaces';
import { pageTitle } from '~/lib/meta';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = {
  i18n: [...DEVICE_CODES, 'energy', 'settings'],
};

export const meta: MetaFunction = ({ matches }) => [
  pageTitle(matches, 'title.battery', { brand: 'iLusmart' }),
];

/** The iLubat page of an address (manual 3B), opened from its dashboard tile. */
export const loader = load(async (ctx, { params, request }) => {
  const search = new URL(request.url).searchParams;
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  const battery = await ctx.services.modules.battery(ctx.actor, {
    siteId: site.id,
    period: search.get('period') ?? 'day',
    date: search.get('date') ?? undefined,
  });
  // the last known live values, shown from the first paint until the stream speaks
  const live = site.hasGateway ? await lastLiveValues(ctx, site.id) : null;
  return { site: { id: site.id, address: site.address, hasGateway: site.hasGateway }, battery, live };
});

export default function BatteryPage() {
  const { site, battery, live: latest } = useLoaderData<typeof loader>();
  const t = useT();
  const live = useLiveStream(site.id, site.hasGateway, latest);
  return (
    <ModulePage siteId={site.id} address={site.address} title={t('modules.battery.title')}>
      <BatteryView data={battery} live={live.snapshot} />
    </ModulePage>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
