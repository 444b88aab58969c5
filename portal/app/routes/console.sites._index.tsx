import { policy } from '@ilumen/services';
import { Anchor, Badge, Button, Paper } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';
import type { ServerColumn } from '~/components/data-table';
import { InstallerFilter, ListFilters, ListTable, SelectFilter } from '~/components/list-page';
import { PageHeader } from '~/components/page-header';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { installerOptions } from '~/server/installer-options.server';
import { listParams } from '~/server/list-params.server';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['sites'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.sites')];

export const loader = load(async (ctx, { request }) => {
  const { params, filters, filtered } = listParams(request, { search: '', status: '', organizationId: '' });
  const [result, organizations] = await Promise.all([
    ctx.services.sites.list(ctx.actor, params),
    installerOptions(ctx),
  ]);
  return { ...result, filters, filtered, organizations, canCreate: policy.can(ctx.actor, 'sites.create') };
});

type SiteRow = Awaited<ReturnType<typeof loader>>['rows'][number];

export default function SitesIndex() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();

  const columns = useMemo<ServerColumn<SiteRow>[]>(
    () => [
      {
        id: 'street',
        header: t('sites.address'),
        enableSorting: true,
        cell: ({ row }) => (
          <Anchor component={Link} to={`/console/sites/${row.original.id}`}>
            {row.original.street} {row.original.house_number}
            {row.original.name ? ` · ${row.original.name}` : ''}
          </Anchor>
        ),
      },
      {
        id: 'postal_code',
        header: t('sites.postalCode'),
        enableSorting: true,
        cell: ({ row }) => row.original.postal_code,
      },
      { id: 'city', header: t('sites.city'), enableSorting: true, cell: ({ row }) => row.original.city },
      // who lives there only for whoever may see a site's people (not fleet staff, decision 081)
      ...(data.people
        ? [
            {
              id: 'owner',
              header: t('sites.owner'),
              enableSorting: false,
              cell: ({ row }: { row: { original: SiteRow } }) => row.original.owner_email ?? '—',
            },
          ]
        : []),
      {
        id: 'installer',
        header: t('sites.installer'),
        enableSorting: false,
        cell: ({ row }) => row.original.organization_name,
      },
      {
        id: 'status',
        header: t('common.status'),
        enableSorting: true,
        cell: ({ row }) => (
          <Badge
            variant="light"
            color={
              row.original.status === 'active' ? 'green' : row.original.status === 'draft' ? 'blue' : 'gray'
            }
          >
            {t(`sites.status.${row.original.status}`)}
          </Badge>
        ),
      },
      {
        id: 'created_at',
        header: t('common.createdAt'),
        enableSorting: true,
        cell: ({ row }) => f.date(row.original.created_at),
      },
    ],
    [t, f, data.people],
  );

  const { filters } = data;
  return (
    <>
      <PageHeader title={t('sites.title')}>
        {data.canCreate ? (
          <Button component={Link} to="/console/sites/new">
            {t('sites.new')}
          </Button>
        ) : null}
      </PageHeader>
      <Paper withBorder p="md">
        <ListFilters
          search={{
            defaultValue: filters.search,
            placeholder: t('sites.searchPlaceholder'),
            w: { base: '100%', sm: 360 },
          }}
        >
          <SelectFilter
            name="status"
            label={t('common.status')}
            options={[
              { value: 'active', label: t('sites.status.active') },
              { value: 'draft', label: t('sites.status.draft') },
              { value: 'inactive', label: t('sites.status.inactive') },
            ]}
            defaultValue={filters.status}
            w={160}
          />
          <InstallerFilter
            label={t('sites.installer')}
            options={data.organizations}
            defaultValue={filters.organizationId}
            w={220}
          />
        </ListFilters>
        <ListTable
          list={data}
          columns={columns}
          caption={t('sites.title')}
          emptyText={t('sites.empty')}
          filtered={data.filtered}
        />
      </Paper>
    </>
  );
}
