import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { CapacityReportView } from '~/components/control/capacity-report-view';
import { HomeError } from '~/components/home/home-error';
import { SettingsHeader } from '~/components/home/settings-menu';
import { useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['control', 'settings'] };

export const meta: MetaFunction = ({ matches }) => [
  pageTitle(matches, 'title.capacity', { brand: 'iLusmart' }),
];

/** The capacity report: 12 monthly peaks, the billed average, the year's cost, and each peak explained. */
export const loader = load(async (ctx, { params, request }) => {
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  const month = new URL(request.url).searchParams.get('month') ?? undefined;
  const report = await ctx.services.capacityReport.report(ctx.actor, { siteId: site.id, month });
  return { site: { id: site.id, address: site.address }, report };
});

export default function Capacity() {
  const { site, report } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <SettingsHeader
        title={t('control.capacity.title')}
        address={site.address}
        back={{ to: `/app/sites/${site.id}`, label: t('home.menu.dashboard') }}
      />
      <CapacityReportView data={report} />
    </>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
