import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { MaintenanceList } from '~/components/control/maintenance-list';
import { TimelineList } from '~/components/control/timeline-list';
import { HomeError } from '~/components/home/home-error';
import { SettingsHeader } from '~/components/home/settings-menu';
import { useT } from '~/lib/i18n';
import { DEVICE_CODES } from '~/lib/i18n-namespaces';
import { pageTitle } from '~/lib/meta';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = {
  i18n: [...DEVICE_CODES, 'control', 'settings'],
};

export const meta: MetaFunction = ({ matches }) => [
  pageTitle(matches, 'title.timeline', { brand: 'iLusmart' }),
];

/** The timeline: every decision of the iLusmart with its reason; the battery's maintenance charges above it. */
export const loader = load(async (ctx, { params, request }) => {
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  const q = new URL(request.url).searchParams;
  const show = q.get('show') === 'all' ? 'all' : 'decisions';
  const [timeline, maintenance] = await Promise.all([
    ctx.services.timeline.list(ctx.actor, { siteId: site.id, show, cursor: q.get('cursor') ?? undefined }),
    ctx.services.maintenance.list(ctx.actor, { siteId: site.id }),
  ]);
  return {
    site: { id: site.id, address: site.address },
    timeline,
    maintenance,
    show: show as 'decisions' | 'all',
  };
});

export default function Timeline() {
  const { site, timeline, maintenance, show } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <SettingsHeader
        title={t('control.timeline.title')}
        address={site.address}
        back={{ to: `/app/sites/${site.id}`, label: t('home.menu.dashboard') }}
      />
      {maintenance.length > 0 ? <MaintenanceList items={maintenance} /> : null}
      <div style={{ height: 12 }} />
      <TimelineList data={timeline} devices={timeline.devices} show={show} />
    </>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
