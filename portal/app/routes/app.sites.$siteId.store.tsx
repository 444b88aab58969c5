import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { StorePanel } from '~/components/control/store-panel';
import { HomeError } from '~/components/home/home-error';
import { SettingsHeader } from '~/components/home/settings-menu';
import { useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['control', 'settings'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.store', { brand: 'iLusmart' })];

/** iLuStore (manual): the modules of this address, active or not, and what each does. */
export const loader = load(async (ctx, { params }) => {
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  const modules = await ctx.services.storeModules.list(ctx.actor, { siteId: site.id });
  return { site: { id: site.id, address: site.address }, modules };
});

export default function Store() {
  const { site, modules } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <SettingsHeader
        title={t('control.store.title')}
        address={site.address}
        back={{ to: `/app/sites/${site.id}/settings`, label: t('settings.title') }}
      />
      <StorePanel data={modules} />
    </>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
