import { useLoaderData } from '@remix-run/react';
import { HomeError } from '~/components/home/home-error';
import { ilusmartData } from '~/components/home/ilusmart.server';
import { IlusmartPanel } from '~/components/home/installations-panel';
import { SettingsHeader } from '~/components/home/settings-menu';
import { useT } from '~/lib/i18n';
import { loader as load } from '~/server/route.server';

/** The ">" next to the iLusmart: its technical page with the meter's data and the capacity tariff. */
export const loader = load(async (ctx, { params }) => {
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  return { site: { id: site.id, address: site.address }, ilusmart: await ilusmartData(ctx, ctx.actor, site.id) };
});

export default function Ilusmart() {
  const { site, ilusmart } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <SettingsHeader title={t('ilusmart.title')} address={site.address} back={{ to: `/app/sites/${site.id}/settings/installations`, label: t('installations.title') }} />
      <IlusmartPanel data={ilusmart} />
    </>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
