import '@mantine/charts/styles.css';
import { Anchor, Stack, Text, Title } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useLiveStream } from '~/components/energy/live-circles';
import { HomeError } from '~/components/home/home-error';
import { BatteryView } from '~/components/modules/battery-view';
import { useT } from '~/lib/i18n';
import { loader as load } from '~/server/route.server';

export const meta: MetaFunction = () => [{ title: 'iLubat · iLusmart' }];

/** The iLubat page of an address (manual 3B), opened from its dashboard tile. */
export const loader = load(async (ctx, { params, request }) => {
  const search = new URL(request.url).searchParams;
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  const battery = await ctx.services.modules.battery(ctx.actor, { siteId: site.id, period: search.get('period') ?? 'day', date: search.get('date') ?? undefined });
  return { site: { id: site.id, address: site.address, hasGateway: site.hasGateway }, battery };
});

export default function BatteryPage() {
  const { site, battery } = useLoaderData<typeof loader>();
  const t = useT();
  const live = useLiveStream(site.id, site.hasGateway);
  return (
    <Stack>
      <Anchor component={Link} to={`/app/sites/${site.id}`} size="sm">
        ← {t('common.back')}
      </Anchor>
      <div>
        <Title order={1} size="h3">
          {t('modules.battery.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {site.address}
        </Text>
      </div>
      <BatteryView data={battery} live={live.snapshot} />
    </Stack>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
