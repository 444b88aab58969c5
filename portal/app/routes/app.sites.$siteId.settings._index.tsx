import { useLoaderData } from '@remix-run/react';
import { ControlMenuRows } from '~/components/control/control-links';
import { HomeError } from '~/components/home/home-error';
import { SettingsHeader, SettingsMenu } from '~/components/home/settings-menu';
import { useT } from '~/lib/i18n';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['control', 'settings'] };

/** The cog next to an address: its settings. */
export const loader = load(async (ctx, { params }) => {
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  return {
    site: {
      id: site.id,
      address: site.address,
      owner: site.permissions.includes('site.owner'),
      embed:
        site.permissions.includes('site.embed') &&
        (await ctx.services.embed.mayCreateLink(ctx.actor, site.id)),
    },
  };
});

export default function SiteSettings() {
  const { site } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <SettingsHeader
        title={t('settings.title')}
        address={site.address}
        back={{ to: `/app/sites/${site.id}`, label: t('home.menu.dashboard') }}
      />
      <SettingsMenu siteId={site.id} owner={site.owner} embed={site.embed}>
        <ControlMenuRows siteId={site.id} />
      </SettingsMenu>
    </>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
