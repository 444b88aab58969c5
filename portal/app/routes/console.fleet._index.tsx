import { policy } from '@ilumen/services';
import { Anchor, Badge, Button, Group, NativeSelect, Paper, Stack, Text, TextInput } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';
import { FleetTabs } from '~/components/console/fleet-tabs';
import { type ServerColumn, ServerTable } from '~/components/data-table';
import { ListFilterForm } from '~/components/list-filter-form';
import { PageHeader } from '~/components/page-header';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['fleet', 'sites', 'tenants'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.fleet')];

export const loader = load(async (ctx, { request }) => {
  const url = new URL(request.url);
  const params = Object.fromEntries(url.searchParams);
  const [result, firmware, organizations] = await Promise.all([
    ctx.services.fleet.gateways(ctx.actor, params),
    ctx.services.fleet.firmwareVersions(ctx.actor),
    policy.can(ctx.actor, 'tenants.read') ? ctx.services.organizations.options(ctx.actor) : [],
  ]);
  return {
    ...result,
    firmware,
    organizations: organizations
      .filter((o) => o.kind === 'installer')
      .map((o) => ({ value: String(o.id), label: o.name })),
    filters: {
      search: params.search ?? '',
      online: params.online ?? '',
      claimed: params.claimed ?? '',
      alarms: params.alarms ?? '',
      firmware: params.firmware ?? '',
      organizationId: params.organizationId ?? '',
    },
    query: url.searchParams.toString(),
  };
});

type Row = Awaited<ReturnType<typeof loader>>['rows'][number];

export default function FleetGateways() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const columns = useMemo<ServerColumn<Row>[]>(
    () => [
      {
        id: 'serial',
        header: t('fleet.col.serial'),
        enableSorting: true,
        cell: ({ row }) =>
          row.original.site_id ? (
            <Anchor component={Link} to={`/console/sites/${row.original.site_id}/troubleshoot`}>
              {row.original.serial}
            </Anchor>
          ) : (
            row.original.serial
          ),
      },
      {
        id: 'firmware_version',
        header: t('fleet.col.firmware'),
        enableSorting: true,
        cell: ({ row }) => row.original.firmware_version ?? '—',
      },
      {
        id: 'online',
        header: t('fleet.col.online'),
        enableSorting: true,
        cell: ({ row }) => (
          <Badge color={row.original.online ? 'green' : 'gray'} variant="light">
            {row.original.online ? t('fleet.online') : t('fleet.offline')}
          </Badge>
        ),
      },
      {
        id: 'last_seen_at',
        header: t('fleet.col.lastSeen'),
        enableSorting: true,
        cell: ({ row }) =>
          row.original.last_seen_at ? f.dateTime(row.original.last_seen_at) : t('fleet.never'),
      },
      {
        id: 'open_alarms',
        header: t('fleet.col.openAlarms'),
        enableSorting: true,
        cell: ({ row }) =>
          row.original.open_alarms > 0 ? (
            <Badge color="red" variant="light">
              {f.number(row.original.open_alarms)}
            </Badge>
          ) : (
            '0'
          ),
      },
      {
        id: 'address',
        header: t('fleet.col.address'),
        enableSorting: false,
        cell: ({ row }) => (
          <Stack gap={0}>
            <Text size="sm">{row.original.address ?? t('fleet.unclaimed')}</Text>
            <Text size="xs" c="dimmed">
              {row.original.organization_name ?? ''}
            </Text>
          </Stack>
        ),
      },
    ],
    [t, f],
  );
  const { filters } = data;
  return (
    <>
      <PageHeader title={t('fleet.title')}>
        <FleetTabs active="gateways" />
        <Button component="a" href={`/console/fleet/export?view=gateways&${data.query}`} variant="light">
          {t('fleet.export')}
        </Button>
      </PageHeader>
      <Paper withBorder p="md">
        <ListFilterForm>
          <Group align="end" mb="md" wrap="wrap">
            <TextInput
              name="search"
              type="search"
              label={t('common.search')}
              placeholder={t('fleet.searchPlaceholder')}
              defaultValue={filters.search}
              w={220}
            />
            <NativeSelect
              name="online"
              label={t('fleet.filter.connection')}
              defaultValue={filters.online}
              data={[
                { value: '', label: t('common.all') },
                { value: 'online', label: t('fleet.online') },
                { value: 'offline', label: t('fleet.offline') },
              ]}
              w={140}
            />
            <NativeSelect
              name="claimed"
              label={t('fleet.filter.use')}
              defaultValue={filters.claimed}
              data={[
                { value: '', label: t('common.all') },
                { value: 'yes', label: t('fleet.claimed') },
                { value: 'no', label: t('fleet.unclaimed') },
              ]}
              w={150}
            />
            <NativeSelect
              name="alarms"
              label={t('fleet.filter.alarms')}
              defaultValue={filters.alarms}
              data={[
                { value: '', label: t('common.all') },
                { value: 'yes', label: t('fleet.withAlarms') },
              ]}
              w={190}
            />
            <NativeSelect
              name="firmware"
              label={t('fleet.filter.firmware')}
              defaultValue={filters.firmware}
              data={[
                { value: '', label: t('common.all') },
                ...data.firmware.map((v) => ({ value: v, label: v })),
              ]}
              w={150}
            />
            {data.organizations.length > 0 ? (
              <NativeSelect
                name="organizationId"
                label={t('sites.installer')}
                defaultValue={filters.organizationId}
                data={[{ value: '', label: t('common.all') }, ...data.organizations]}
                w={200}
              />
            ) : null}
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
          caption={t('fleet.gateways')}
          emptyText={t('common.noResults')}
          getRowId={(r) => String(r.id)}
        />
      </Paper>
    </>
  );
}
