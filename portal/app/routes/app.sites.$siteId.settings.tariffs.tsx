import { formatDate } from '@ilumen/i18n';
import { useLoaderData } from '@remix-run/react';
import { HomeError } from '~/components/home/home-error';
import { SettingsHeader } from '~/components/home/settings-menu';
import { TariffsPanel } from '~/components/home/tariffs-panel';
import { useT } from '~/lib/i18n';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

export const loader = load(async (ctx, { params }) => {
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  const tariffs = await ctx.services.tariffs.list(ctx.actor, { siteId: site.id });
  return { site: { id: site.id, address: site.address }, tariffs };
});

export const action = intentAction({
  'tariffs.save': async (ctx, { fields }) => {
    const { effectiveFrom } = await ctx.services.tariffs.save(ctx.actor, fields);
    return done(ctx, 'tariffs.saved', { date: formatDate(ctx.locale, effectiveFrom) });
  },
});

export default function Tariffs() {
  const { site, tariffs } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <SettingsHeader
        title={t('tariffs.title')}
        address={site.address}
        back={{ to: `/app/sites/${site.id}/settings`, label: t('settings.title') }}
      />
      <TariffsPanel data={tariffs} />
    </>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
