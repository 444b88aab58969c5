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

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.siteNew')];

export const loader = load(async (ctx) => {
  const organizations = await ctx.services.organizations.options(ctx.actor);
  return {
    organizations: organizations
      .filter((o) => o.kind === 'installer')
      .map((o) => ({ value: String(o.id), label: o.name })),
  };
});

export const action = wrap(async (ctx, { form }) => {
  const { id } = await ctx.services.sites.create(ctx.actor, formObject(form));
  return redirectWithFlash(`/console/sites/${id}`, { key: 'sites.created' });
});

export default function NewSite() {
  const { organizations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <PageHeader title={t('sites.new')} />
      <SiteForm
        organizations={organizations}
        result={result}
        submitLabel={t('common.create')}
        cancelTo="/console/sites"
      />
    </>
  );
}
