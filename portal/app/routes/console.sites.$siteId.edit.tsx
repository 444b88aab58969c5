import type { MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { PageHeader } from '~/components/page-header';
import { SiteForm } from '~/components/site-form';
import { useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { redirectWithFlash } from '~/server/flash.server';
import { formObject, loader as load, action as wrap } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['sites'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.siteEdit')];

export const loader = load(async (ctx, { params }) => {
  const site = await ctx.services.sites.get(ctx.actor, { siteId: params.siteId });
  return { site };
});

export const action = wrap(async (ctx, { form, params }) => {
  await ctx.services.sites.update(ctx.actor, { ...formObject(form), siteId: params.siteId });
  return redirectWithFlash(`/console/sites/${params.siteId}`, { key: 'sites.updated' });
});

export default function EditSite() {
  const { site } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <PageHeader title={t('sites.edit')} />
      <SiteForm
        values={site}
        result={result}
        submitLabel={t('common.save')}
        cancelTo={`/console/sites/${site.id}`}
      />
    </>
  );
}
