import { MANDATE_FILTER_STATUSES, type MandateView } from '@ilumen/services';
import { Anchor, Checkbox, Paper, Text } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';
import type { ServerColumn } from '~/components/data-table';
import { MandateStatus } from '~/components/fluvius/mandate-status';
import { InstallerFilter, ListFilters, ListTable, SelectFilter } from '~/components/list-page';
import { PageHeader } from '~/components/page-header';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { installerOptions } from '~/server/installer-options.server';
import { listParams } from '~/server/list-params.server';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['consoleMandates', 'mandate', 'mandates'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.fluvius')];

/** Support's view of every mandate it may see: status, last sync and error, renewal and end, filtered on the server. */
export const loader = load(async (ctx, { request }) => {
  const { params, filters, filtered } = listParams(request, {
    search: '',
    status: '',
    organizationId: '',
    problems: '',
    renewal: '',
  });
  const [result, organizations] = await Promise.all([
    ctx.services.mandates.list(ctx.actor, params),
    installerOptions(ctx),
  ]);
  return {
    ...result,
    filters,
    filtered,
    organizations,
    // From the loader, so the page's bundle does not import the service layer.
    statuses: MANDATE_FILTER_STATUSES,
  };
});

type Row = MandateView & { organizationName: string | null };

export default function ConsoleMandates() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();

  const columns = useMemo<ServerColumn<Row>[]>(
    () => [
      {
        id: 'site',
        header: t('consoleMandates.site'),
        enableSorting: false,
        cell: ({ row }) =>
          row.original.siteId ? (
            <Anchor component={Link} to={`/console/sites/${row.original.siteId}/mandates`}>
              {row.original.address}
            </Anchor>
          ) : (
            <Text size="sm" c="dimmed">
              {t('mandates.notLinked')}
            </Text>
          ),
      },
      {
        id: 'ean',
        header: t('mandates.ean'),
        enableSorting: true,
        cell: ({ row }) => (
          <Text ff="monospace" size="sm">
            {row.original.ean}
          </Text>
        ),
      },
      {
        id: 'status',
        header: t('common.status'),
        enableSorting: true,
        cell: ({ row }) => (
          <MandateStatus status={row.original.status} renewalStatus={row.original.renewalStatus} />
        ),
      },
      {
        id: 'expires_at',
        header: t('consoleMandates.expires'),
        enableSorting: true,
        cell: ({ row }) => (row.original.endsOn ? f.date(row.original.endsOn) : '—'),
      },
      {
        id: 'last_sync_at',
        header: t('consoleMandates.lastSync'),
        enableSorting: true,
        cell: ({ row }) => (row.original.lastSyncAt ? f.dateTime(row.original.lastSyncAt) : '—'),
      },
      {
        id: 'synced_through',
        header: t('consoleMandates.syncedThrough'),
        enableSorting: true,
        cell: ({ row }) => (row.original.syncedThrough ? f.date(row.original.syncedThrough) : '—'),
      },
      {
        id: 'last_error',
        header: t('consoleMandates.lastError'),
        enableSorting: false,
        cell: ({ row }) =>
          row.original.lastError ? (
            <Text size="xs" c="red.8" title={row.original.lastError} lineClamp={2} maw={260}>
              {row.original.lastErrorAt ? `${f.dateTime(row.original.lastErrorAt)}: ` : ''}
              {row.original.lastError}
            </Text>
          ) : (
            '—'
          ),
      },
      {
        id: 'installer',
        header: t('consoleMandates.installer'),
        enableSorting: false,
        cell: ({ row }) => row.original.organizationName ?? '—',
      },
      {
        id: 'created_at',
        header: t('common.createdAt'),
        enableSorting: true,
        cell: ({ row }) => f.date(row.original.requestedAt),
      },
    ],
    [t, f],
  );

  const { filters } = data;
  return (
    <>
      <PageHeader title={t('consoleMandates.title')} />
      <Paper withBorder p="md">
        <ListFilters
          search={{ defaultValue: filters.search, placeholder: t('consoleMandates.searchPlaceholder') }}
        >
          <SelectFilter
            name="status"
            label={t('common.status')}
            options={data.statuses.map((s) => ({ value: s, label: t(`mandate.status.${s}`) }))}
            defaultValue={filters.status}
            w={220}
          />
          <InstallerFilter
            options={data.organizations}
            defaultValue={filters.organizationId}
            label={t('consoleMandates.installer')}
          />
          <Checkbox
            name="problems"
            value="1"
            label={t('consoleMandates.problems')}
            defaultChecked={filters.problems === '1'}
          />
          <Checkbox
            name="renewal"
            value="1"
            label={t('consoleMandates.renewalFilter')}
            defaultChecked={filters.renewal === '1'}
          />
        </ListFilters>
        <ListTable
          list={data}
          columns={columns}
          caption={t('consoleMandates.title')}
          emptyText={t('consoleMandates.empty')}
          filtered={data.filtered}
        />
      </Paper>
    </>
  );
}
