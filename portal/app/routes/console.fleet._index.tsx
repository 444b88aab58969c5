import { Anchor, Badge, Button, Paper, Stack, Text } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';
import { FleetTabs } from '~/components/console/fleet-tabs';
import type { ServerColumn } from '~/components/data-table';
import { InstallerFilter, ListFilters, ListTable, SelectFilter } from '~/components/list-page';
import { PageHeader } from '~/components/page-header';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { installerOptions } from '~/server/installer-options.server';
import { listParams } from '~/server/list-params.server';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['fleet', 'sites'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.fleet')];

export const loader = load(async (ctx, { request }) => {
  const { params, filters, query } = listParams(request, {
    search: '',
    online: '',
    claimed: '',
    alarms: '',
    firmware: '',
    organizationId: '',
  });
  const [result, firmware, organizations] = await Promise.all([
    ctx.services.fleet.gateways(ctx.actor, params),
    ctx.services.fleet.firmwareVersions(ctx.actor),
    installerOptions(ctx),
  ]);
  return { ...result, firmware, organizations, filters, query };
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
          <Badge
            color={row.original.online ? 'green' : 'gray'}
            variant={row.original.last_seen_at ? 'light' : 'outline'}
          >
            {row.original.online
              ? t('fleet.online')
              : // a box on the shelf that never spoke is not 'offline': it was never there
                row.original.last_seen_at
                ? t('fleet.offline')
                : t('fleet.neverConnected')}
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
        <ListFilters
          search={{ defaultValue: filters.search, placeholder: t('fleet.searchPlaceholder'), w: 220 }}
          submit={false}
        >
          <SelectFilter
            name="online"
            label={t('fleet.filter.connection')}
            defaultValue={filters.online}
            options={[
              { value: 'online', label: t('fleet.online') },
              { value: 'offline', label: t('fleet.offline') },
            ]}
            w={140}
          />
          <SelectFilter
            name="claimed"
            label={t('fleet.filter.use')}
            defaultValue={filters.claimed}
            options={[
              { value: 'yes', label: t('fleet.claimed') },
              { value: 'no', label: t('fleet.unclaimed') },
            ]}
            w={150}
          />
          <SelectFilter
            name="alarms"
            label={t('fleet.filter.alarms')}
            defaultValue={filters.alarms}
            options={[{ value: 'yes', label: t('fleet.withAlarms') }]}
            w={190}
          />
          <SelectFilter
            name="firmware"
            label={t('fleet.filter.firmware')}
            defaultValue={filters.firmware}
            options={data.firmware.map((v) => ({ value: v, label: v }))}
            w={150}
          />
          <InstallerFilter
            label={t('sites.installer')}
            options={data.organizations}
            defaultValue={filters.organizationId}
          />
        </ListFilters>
        <ListTable list={data} columns={columns} caption={t('fleet.gateways')} />
      </Paper>
    </>
  );
}
