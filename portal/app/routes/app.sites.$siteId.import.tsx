import { useActionData, useLoaderData } from '@remix-run/react';
import { csvPreview, importCsv, uploadCsv } from '~/components/fluvius/csv-import.server';
import { type CsvActionData, CsvImportPanel } from '~/components/fluvius/csv-import-panel';
import { HomeError } from '~/components/home/home-error';
import { SettingsHeader } from '~/components/home/settings-menu';
import { useT } from '~/lib/i18n';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['csv', 'csvImport', 'mandates', 'settings'] };

/** The homeowner's import of a Mijn Fluvius quarter-hour export into one address: upload, preview, import. */
export const loader = load(async (ctx, { params, request }) => {
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  const preview = await csvPreview(ctx, params.siteId, request);
  return { site: { id: site.id, address: site.address }, preview };
});

export const action = intentAction({
  'csv.upload': (ctx, { params, form }) =>
    uploadCsv(ctx, { siteId: params.siteId, form, basePath: `/app/sites/${params.siteId}/import` }),
  'csv.import': (ctx, { fields }) => importCsv(ctx, fields),
});

export default function HomeCsvImport() {
  const { site, preview } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as CsvActionData;
  const t = useT();
  return (
    <>
      <SettingsHeader
        title={t('csvImport.title')}
        address={site.address}
        back={{ to: '/app/mandates', label: t('mandates.title') }}
      />
      <CsvImportPanel preview={preview} actionData={actionData} basePath={`/app/sites/${site.id}/import`} />
    </>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
