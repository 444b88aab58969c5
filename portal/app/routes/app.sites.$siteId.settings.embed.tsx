import { notFound } from '@ilumen/services';
import { useLoaderData } from '@remix-run/react';
import { createEmbedLink, EMBED_LINK_MINUTES } from '~/components/embed/embed-link.server';
import { EmbedLinkMaker } from '~/components/embed/embed-link-maker';
import { HomeError } from '~/components/home/home-error';
import { SettingsHeader } from '~/components/home/settings-menu';
import { useT } from '~/lib/i18n';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['embed', 'settings'] };

/**
 * "Insluiten" in an address's settings: its main user or an "Alle data" user (a partner) makes a single-use link
 * (decision 010) that opens this address's dashboard in the app's webview or a website's frame, to copy or to scan.
 */
export const loader = load(async (ctx, { params }) => {
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  if (!(await ctx.services.embed.mayCreateLink(ctx.actor, site.id))) throw notFound();
  return { site: { id: site.id, address: site.address }, minutes: EMBED_LINK_MINUTES };
});

export const action = intentAction({
  'embed.create': async (ctx, { fields }) => {
    // the homeowner's page: who has no home view of the address finds no page, nor makes a link here
    await ctx.services.homeowner.site(ctx.actor, { siteId: fields.siteId });
    return createEmbedLink(ctx, fields.siteId);
  },
});

export default function EmbedLink() {
  const { site, minutes } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <SettingsHeader
        title={t('settings.embed')}
        address={site.address}
        back={{ to: `/app/sites/${site.id}/settings`, label: t('settings.title') }}
      />
      <EmbedLinkMaker siteId={site.id} minutes={minutes} />
    </>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
