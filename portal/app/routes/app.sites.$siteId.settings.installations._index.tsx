import { useLoaderData } from '@remix-run/react';
import { HomeError } from '~/components/home/home-error';
import { InstallationsPanel } from '~/components/home/installations-panel';
import { SettingsHeader } from '~/components/home/settings-menu';
import { useT } from '~/lib/i18n';
import { DEVICE_CODES } from '~/lib/i18n-namespaces';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = {
  i18n: [...DEVICE_CODES, 'devices', 'ilusmart', 'installations', 'settings', 'sites'],
};

export const loader = load(async (ctx, { params }) => {
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  const installations = await ctx.services.homeowner.installations(ctx.actor, { siteId: site.id });
  return { site: { id: site.id, address: site.address }, installations };
});

export default function Installations() {
  const { site, installations } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <SettingsHeader
        title={t('installations.title')}
        address={site.address}
        back={{ to: `/app/sites/${site.id}/settings`, label: t('settings.title') }}
      />
      <InstallationsPanel
        data={installations}
        ilusmartHref={`/app/sites/${site.id}/settings/installations/ilusmart`}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
