import { formatAddress } from '@ilumen/services';
import { Anchor, Stack } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { csvPreview, importCsv, uploadCsv } from '~/components/fluvius/csv-import.server';
import { type CsvActionData, CsvImportPanel } from '~/components/fluvius/csv-import-panel';
import { PageHeader } from '~/components/page-header';
import { useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['csv', 'csvImport'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.import')];

/** A Mijn Fluvius export imported from the console (an installer with the customer's file): upload, preview, import. */
export const loader = load(async (ctx, { params, request }) => {
  const site = await ctx.services.sites.get(ctx.actor, { siteId: params.siteId });
  const preview = await csvPreview(ctx, params.siteId, request);
  return { site: { id: site.id, address: formatAddress(site) }, preview };
});

export const action = intentAction({
  'csv.upload': (ctx, { params, form }) =>
    uploadCsv(ctx, {
      siteId: params.siteId,
      form,
      basePath: `/console/sites/${params.siteId}/mandates/import`,
    }),
  'csv.import': (ctx, { fields }) => importCsv(ctx, fields),
});

export default function ConsoleCsvImport() {
  const { site, preview } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as CsvActionData;
  const t = useT();
  return (
    <Stack>
      <Anchor component={Link} to={`/console/sites/${site.id}/mandates`} size="sm">
        ← {site.address}
      </Anchor>
      <PageHeader title={t('csvImport.title')} />
      <CsvImportPanel
        preview={preview}
        actionData={actionData}
        basePath={`/console/sites/${site.id}/mandates/import`}
      />
    </Stack>
  );
}
