import { notFound } from '@ilumen/services';
import { Anchor, Stack, Text } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { createEmbedLink, EMBED_LINK_MINUTES } from '~/components/embed/embed-link.server';
import { EmbedLinkMaker } from '~/components/embed/embed-link-maker';
import { PageHeader } from '~/components/page-header';
import { useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['embed', 'settings'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.embed')];

/**
 * "Insluiten" on a site's console page (decision 142): the installer who manages the site makes a single-use link to
 * the home's view, read-only, for their own app or website, to copy or to scan. Only the site's installer finds it.
 */
export const loader = load(async (ctx, { params }) => {
  const site = await ctx.services.sites.get(ctx.actor, { siteId: params.siteId });
  if (!(await ctx.services.embed.mayCreateLink(ctx.actor, site.id))) throw notFound();
  return {
    site: { id: site.id, address: `${site.street} ${site.house_number}, ${site.postal_code} ${site.city}` },
    minutes: EMBED_LINK_MINUTES,
  };
});

export const action = intentAction({
  'embed.create': async (ctx, { fields }) => {
    // the console's page: who has no console page of the site finds no page, nor makes a link here
    await ctx.services.sites.get(ctx.actor, { siteId: fields.siteId });
    return createEmbedLink(ctx, fields.siteId);
  },
});

export default function ConsoleEmbedLink() {
  const { site, minutes } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <Stack maw={720}>
      <Anchor component={Link} to={`/console/sites/${site.id}`} size="sm">
        ← {site.address}
      </Anchor>
      <PageHeader title={t('settings.embed')} />
      <Text fw={600}>{site.address}</Text>
      <EmbedLinkMaker siteId={site.id} minutes={minutes} intro={t('embed.console.intro', { minutes })} />
    </Stack>
  );
}
