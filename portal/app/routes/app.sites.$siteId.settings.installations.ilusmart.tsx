import { Stack } from '@mantine/core';
import { useLoaderData } from '@remix-run/react';
import {
  DynamicChargingCard,
  LoadBalancingCard,
  PeakShavingCard,
} from '~/components/control/ilusmart-control';
import { ilusmartControlData } from '~/components/control/ilusmart-control.server';
import { useLiveStream } from '~/components/energy/live-circles';
import { HomeError } from '~/components/home/home-error';
import { ilusmartData } from '~/components/home/ilusmart.server';
import { IlusmartPanel } from '~/components/home/installations-panel';
import { SettingsHeader } from '~/components/home/settings-menu';
import { useT } from '~/lib/i18n';
import { DEVICE_CODES } from '~/lib/i18n-namespaces';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = {
  i18n: [...DEVICE_CODES, 'control', 'devices', 'energy', 'ilusmart', 'installations', 'settings', 'sites'],
};

/** The ">" next to the iLusmart: its technical page with the meter's data and the capacity tariff. */
export const loader = load(async (ctx, { params }) => {
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  const [ilusmart, control] = await Promise.all([
    ilusmartData(ctx, ctx.actor, site.id),
    ilusmartControlData(ctx, ctx.actor, site.id),
  ]);
  return { site: { id: site.id, address: site.address, hasGateway: site.hasGateway }, ilusmart, control };
});

/** The "Piektarief", "Dynamisch laden" and load-balancing settings of this page (decisions 050–055). */
export const action = intentAction({
  'peak.save': async (ctx, { fields }) => {
    await ctx.services.peakShaving.save(ctx.actor, fields);
    return done(ctx, 'control.saved');
  },
  'dynamic.save': async (ctx, { fields }) => {
    await ctx.services.dynamicCharging.save(ctx.actor, fields);
    return done(ctx, 'control.saved');
  },
  'lb.save': async (ctx, { fields }) => {
    await ctx.services.loadBalancing.save(ctx.actor, fields);
    return done(ctx, 'control.saved');
  },
});

export default function Ilusmart() {
  const { site, ilusmart, control } = useLoaderData<typeof loader>();
  const t = useT();
  // the 15-minute value follows the live values: it starts at zero every quarter and climbs
  const live = useLiveStream(site.id, site.hasGateway);
  const liveGrid = live.snapshot?.live as { grid?: { quarterAverageW?: number } } | undefined;
  const quarterAverageW = liveGrid?.grid?.quarterAverageW ?? ilusmart.quarterAverageW;
  return (
    <>
      <SettingsHeader
        title={t('ilusmart.title')}
        address={site.address}
        back={{ to: `/app/sites/${site.id}/settings/installations`, label: t('installations.title') }}
      />
      <IlusmartPanel data={{ ...ilusmart, quarterAverageW }} />
      <Stack mt="md">
        <PeakShavingCard
          siteId={site.id}
          data={control.peak}
          hasGateway={site.hasGateway}
          showFacts={false}
        />
        <DynamicChargingCard siteId={site.id} data={control.dynamic} />
        <LoadBalancingCard siteId={site.id} data={control.balancing} />
      </Stack>
    </>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
