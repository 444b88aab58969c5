import { deviceStatusText, faultText } from '@ilumen/i18n';
import { DEVICE_TYPES } from '@ilumen/services/constants';
import { Anchor, Badge, Button, Paper, Stack, Text } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';
import { FleetTabs } from '~/components/console/fleet-tabs';
import type { ServerColumn } from '~/components/data-table';
import { ListFilters, ListTable, SelectFilter } from '~/components/list-page';
import { PageHeader } from '~/components/page-header';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { listParams } from '~/server/list-params.server';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = {
  i18n: ['device', 'devices', 'fault', 'fleet', 'modules', 'refusal', 'rollouts', 'troubleshoot'],
};

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.fleetDevices')];

export const loader = load(async (ctx, { request }) => {
  const { params, filters, query } = listParams(request, { search: '', type: '', status: '' });
  const result = await ctx.services.fleet.devices(ctx.actor, params);
  return { ...result, filters, query };
});

type Row = Awaited<ReturnType<typeof loader>>['rows'][number];

export default function FleetDevices() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const columns = useMemo<ServerColumn<Row>[]>(
    () => [
      {
        id: 'type',
        header: t('fleet.col.type'),
        enableSorting: true,
        cell: ({ row }) => t(`devices.type.${row.original.type}`),
      },
      {
        id: 'model',
        header: t('fleet.col.model'),
        enableSorting: true,
        cell: ({ row }) => [row.original.manufacturer, row.original.model].filter(Boolean).join(' '),
      },
      {
        id: 'serial',
        header: t('fleet.col.serial'),
        enableSorting: true,
        cell: ({ row }) => row.original.serial,
      },
      {
        id: 'status',
        header: t('fleet.col.status'),
        enableSorting: true,
        cell: ({ row }) =>
          row.original.status ? (
            <Stack gap={0}>
              <Badge color={row.original.status === 'Fout' ? 'red' : 'gray'} variant="light">
                {deviceStatusText(t, row.original.type, row.original.status)}
              </Badge>
              {row.original.status_code ? (
                <Text size="xs" c="red.8">
                  {row.original.status_code}{' '}
                  {faultText(t, row.original.status_code, row.original.status_text)}
                </Text>
              ) : null}
            </Stack>
          ) : (
            '—'
          ),
      },
      {
        id: 'status_changed_at',
        header: t('fleet.col.statusSince'),
        enableSorting: true,
        cell: ({ row }) =>
          row.original.status_changed_at ? f.dateTime(row.original.status_changed_at) : '—',
      },
      {
        id: 'site',
        header: t('fleet.col.address'),
        enableSorting: false,
        cell: ({ row }) => (
          <Stack gap={0}>
            <Anchor component={Link} to={`/console/sites/${row.original.site_id}/troubleshoot`} size="sm">
              {row.original.address}
            </Anchor>
            <Text size="xs" c="dimmed">
              {row.original.organization_name}
              {row.original.gateway_serial ? ` · ${row.original.gateway_serial}` : ''}
            </Text>
          </Stack>
        ),
      },
    ],
    [t, f],
  );
  const statuses = data.statuses.filter((s) => s.status !== null);
  return (
    <>
      <PageHeader title={t('fleet.title')}>
        <FleetTabs active="devices" />
        <Button component="a" href={`/console/fleet/export?view=devices&${data.query}`} variant="light">
          {t('fleet.export')}
        </Button>
      </PageHeader>
      <Paper withBorder p="md">
        <ListFilters
          search={{
            defaultValue: data.filters.search,
            placeholder: t('fleet.devicesSearchPlaceholder'),
            w: 240,
          }}
          submit={false}
        >
          <SelectFilter
            name="type"
            label={t('fleet.filter.type')}
            defaultValue={data.filters.type}
            options={DEVICE_TYPES.map((v) => ({ value: v, label: t(`devices.type.${v}`) }))}
            w={170}
          />
          <SelectFilter
            name="status"
            label={t('fleet.filter.status')}
            defaultValue={data.filters.status}
            options={[
              ...statuses.map((s) => ({
                value: s.status!,
                label: `${deviceStatusText(t, null, s.status)} (${f.number(s.count)})`,
              })),
              { value: 'none', label: t('fleet.status.none') },
            ]}
            w={200}
          />
        </ListFilters>
        <ListTable list={data} columns={columns} caption={t('fleet.devices')} />
      </Paper>
    </>
  );
}
