import { policy } from '@ilumen/services';
import { Anchor, Badge, Button, Group, NativeSelect, Paper, TextInput } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';
import { type ServerColumn, ServerTable } from '~/components/data-table';
import { ListFilterForm } from '~/components/list-filter-form';
import { PageHeader } from '~/components/page-header';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['sites', 'tenants'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.sites')];

export const loader = load(async (ctx, { request }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const result = await ctx.services.sites.list(ctx.actor, params);
  const organizations = policy.can(ctx.actor, 'tenants.read')
    ? await ctx.services.organizations.options(ctx.actor)
    : [];
  return {
    ...result,
    search: params.search ?? '',
    status: params.status ?? '',
    organizationId: params.organizationId ?? '',
    organizations: organizations
      .filter((o) => o.kind === 'installer')
      .map((o) => ({ value: String(o.id), label: o.name })),
    canCreate: policy.can(ctx.actor, 'sites.create'),
  };
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

  const filtered = Boolean(data.search || data.status || data.organizationId);
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
        <ListFilterForm>
          <Group align="end" mb="md" wrap="wrap">
            <TextInput
              name="search"
              type="search"
              label={t('common.search')}
              placeholder={t('sites.searchPlaceholder')}
              defaultValue={data.search}
              w={{ base: '100%', sm: 360 }}
            />
            <NativeSelect
              name="status"
              label={t('common.status')}
              data={[
                { value: '', label: t('common.all') },
                { value: 'active', label: t('sites.status.active') },
                { value: 'draft', label: t('sites.status.draft') },
                { value: 'inactive', label: t('sites.status.inactive') },
              ]}
              defaultValue={data.status}
              w={160}
            />
            {data.organizations.length > 0 ? (
              <NativeSelect
                name="organizationId"
                label={t('sites.installer')}
                data={[{ value: '', label: t('common.all') }, ...data.organizations]}
                defaultValue={data.organizationId}
                w={220}
              />
            ) : null}
            <Button type="submit" variant="light">
              {t('common.filter')}
            </Button>
          </Group>
        </ListFilterForm>
        <ServerTable
          columns={columns}
          rows={data.rows}
          total={data.total}
          more={data.more}
          page={data.page}
          pageSize={data.pageSize}
          sort={data.sort}
          desc={data.desc}
          caption={t('sites.title')}
          emptyText={filtered ? t('common.noResults') : t('sites.empty')}
          getRowId={(r) => String(r.id)}
        />
      </Paper>
    </>
  );
}
