import { MANDATE_FILTER_STATUSES, type MandateView, policy } from '@ilumen/services';
import { Anchor, Button, Checkbox, Group, NativeSelect, Paper, Text, TextInput } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';
import { type ServerColumn, ServerTable } from '~/components/data-table';
import { MandateStatus } from '~/components/fluvius/mandate-status';
import { ListFilterForm } from '~/components/list-filter-form';
import { PageHeader } from '~/components/page-header';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['consoleMandates', 'mandate', 'mandates', 'tenants'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.fluvius')];

/** Support's view of every mandate it may see: status, last sync and error, renewal and end, filtered on the server. */
export const loader = load(async (ctx, { request }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const result = await ctx.services.mandates.list(ctx.actor, params);
  const organizations = policy.can(ctx.actor, 'tenants.read')
    ? await ctx.services.organizations.options(ctx.actor)
    : [];
  return {
    ...result,
    search: params.search ?? '',
    status: params.status ?? '',
    organizationId: params.organizationId ?? '',
    problems: params.problems === '1',
    renewal: params.renewal === '1',
    organizations: organizations
      .filter((o) => o.kind === 'installer')
      .map((o) => ({ value: String(o.id), label: o.name })),
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

  const filtered = Boolean(
    data.search || data.status || data.organizationId || data.problems || data.renewal,
  );
  return (
    <>
      <PageHeader title={t('consoleMandates.title')} />
      <Paper withBorder p="md">
        <ListFilterForm>
          <Group align="end" mb="md" wrap="wrap">
            <TextInput
              name="search"
              type="search"
              label={t('common.search')}
              placeholder={t('consoleMandates.searchPlaceholder')}
              defaultValue={data.search}
              w={{ base: '100%', sm: 300 }}
            />
            <NativeSelect
              name="status"
              label={t('common.status')}
              data={[
                { value: '', label: t('common.all') },
                ...data.statuses.map((s) => ({ value: s, label: t(`mandate.status.${s}`) })),
              ]}
              defaultValue={data.status}
              w={220}
            />
            {data.organizations.length > 0 ? (
              <NativeSelect
                name="organizationId"
                label={t('consoleMandates.installer')}
                data={[{ value: '', label: t('common.all') }, ...data.organizations]}
                defaultValue={data.organizationId}
                w={200}
              />
            ) : null}
            <Checkbox
              name="problems"
              value="1"
              label={t('consoleMandates.problems')}
              defaultChecked={data.problems}
            />
            <Checkbox
              name="renewal"
              value="1"
              label={t('consoleMandates.renewalFilter')}
              defaultChecked={data.renewal}
            />
            <Button type="submit" variant="light">
              {t('common.filter')}
            </Button>
          </Group>
        </ListFilterForm>
        <ServerTable
          columns={columns}
          rows={data.rows}
          total={data.total}
          page={data.page}
          pageSize={data.pageSize}
          sort={data.sort}
          desc={data.desc}
          caption={t('consoleMandates.title')}
          emptyText={filtered ? t('common.noResults') : t('consoleMandates.empty')}
          getRowId={(r) => String(r.id)}
        />
      </Paper>
    </>
  );
}
