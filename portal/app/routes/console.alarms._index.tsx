import { ALARM_KINDS, ALARM_SEVERITIES } from '@ilumen/services';
import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  Paper,
  Stack,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';
import { alarmText } from '~/components/console/alarm-text';
import { IntentForm } from '~/components/console/intent-form';
import { SeverityBadge } from '~/components/console/severity-badge';
import type { ServerColumn } from '~/components/data-table';
import { InstallerFilter, ListFilters, ListTable, SelectFilter } from '~/components/list-page';
import { PageHeader } from '~/components/page-header';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { installerOptions } from '~/server/installer-options.server';
import { done } from '~/server/intents.server';
import { listParams } from '~/server/list-params.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = {
  i18n: [
    'alarms',
    'device',
    'devices',
    'fault',
    'modules',
    'refusal',
    'rollouts',
    'settings',
    'sites',
    'troubleshoot',
  ],
};

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.alarms')];

export const loader = load(async (ctx, { request }) => {
  const { params, filters } = listParams(request, {
    status: 'open',
    severity: '',
    kind: '',
    assigned: '',
    organizationId: '',
    unacknowledged: '',
    search: '',
  });
  const [result, counts, settings, organizations] = await Promise.all([
    ctx.services.alarms.list(ctx.actor, params),
    ctx.services.alarms.counts(ctx.actor),
    ctx.services.alarms.settings(ctx.actor),
    installerOptions(ctx),
  ]);
  return {
    ...result,
    counts,
    settings,
    organizations,
    // Sent as data: importing the lists into the page would pull the service layer into the browser bundle.
    kinds: [...ALARM_KINDS],
    severities: [...ALARM_SEVERITIES],
    filters,
  };
});

export const action = intentAction({
  'settings.save': async (ctx, { fields }) => {
    await ctx.services.alarms.saveSettings(ctx.actor, fields);
    return done(ctx, 'alarms.settings.saved');
  },
  acknowledge: async (ctx, { fields }) => {
    await ctx.services.alarms.acknowledge(ctx.actor, fields);
    return done(ctx, 'alarms.acked');
  },
});

type Row = Awaited<ReturnType<typeof loader>>['rows'][number];

function Settings({
  settings,
  severities,
}: {
  settings: { frequency: string; minSeverity: string };
  severities: string[];
}) {
  const t = useT();
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button variant="default" onClick={open}>
        {t('alarms.settings.title')}
      </Button>
      <Modal opened={opened} onClose={close} title={t('alarms.settings.title')} centered>
        <Text size="sm" c="dimmed" mb="sm">
          {t('alarms.settings.help')}
        </Text>
        <IntentForm intent="settings.save" submitLabel={t('common.save')}>
          {(errors) => (
            <Group>
              <NativeSelect
                label={t('alarms.settings.frequency')}
                name="frequency"
                defaultValue={settings.frequency}
                data={['off', 'hourly', 'daily'].map((v) => ({ value: v, label: t(`alarms.settings.${v}`) }))}
                error={errors.frequency}
              />
              <NativeSelect
                label={t('alarms.settings.minSeverity')}
                name="minSeverity"
                defaultValue={settings.minSeverity}
                data={severities.map((v) => ({ value: v, label: t(`alarms.severity.${v}`) }))}
                error={errors.minSeverity}
              />
            </Group>
          )}
        </IntentForm>
      </Modal>
    </>
  );
}

export default function Alarms() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const columns = useMemo<ServerColumn<Row>[]>(
    () => [
      {
        id: 'severity',
        header: t('alarms.col.severity'),
        enableSorting: true,
        cell: ({ row }) => <SeverityBadge severity={row.original.severity} />,
      },
      {
        id: 'kind',
        header: t('alarms.col.what'),
        enableSorting: true,
        cell: ({ row }) => (
          <Stack gap={0}>
            <Anchor component={Link} to={`/console/alarms/${row.original.id}`} fw={600} size="sm">
              {t(`alarms.kind.${row.original.kind}`)}
            </Anchor>
            <Text size="xs" c="dimmed">
              {alarmText(t, row.original)}
            </Text>
          </Stack>
        ),
      },
      {
        id: 'site',
        header: t('alarms.col.site'),
        enableSorting: false,
        cell: ({ row }) =>
          row.original.siteId ? (
            <Stack gap={0}>
              <Anchor component={Link} to={`/console/sites/${row.original.siteId}/troubleshoot`} size="sm">
                {row.original.address ?? '—'}
              </Anchor>
              <Text size="xs" c="dimmed">
                {row.original.organizationName}
              </Text>
            </Stack>
          ) : (
            '—'
          ),
      },
      {
        id: 'raised_at',
        header: t('alarms.col.raised'),
        enableSorting: true,
        cell: ({ row }) => (
          <Stack gap={0}>
            <Text size="sm">{f.dateTime(row.original.raisedAt)}</Text>
            <Text size="xs" c="dimmed">
              {t('alarms.col.since')} {f.dateTime(row.original.since)}
            </Text>
          </Stack>
        ),
      },
      {
        id: 'status',
        header: t('common.status'),
        enableSorting: true,
        cell: ({ row }) => (
          <Group gap={4}>
            <Badge
              variant="light"
              color={row.original.status === 'open' ? (row.original.clearing ? 'yellow' : 'red') : 'green'}
            >
              {row.original.clearing ? t('alarms.clearing') : t(`alarms.status.${row.original.status}`)}
            </Badge>
            {row.original.acknowledgedAt ? (
              <Badge variant="outline" color="gray">
                {t('alarms.acknowledged')}
              </Badge>
            ) : null}
            {row.original.assigneeName ? (
              <Text size="xs" c="dimmed">
                → {row.original.assigneeName}
              </Text>
            ) : null}
          </Group>
        ),
      },
    ],
    [t, f],
  );
  const { filters } = data;
  return (
    <>
      <PageHeader title={t('alarms.title')}>
        <Badge color="red" size="lg" variant="light">
          {t('alarms.severity.critical')}: {data.counts.critical}
        </Badge>
        <Badge color="orange" size="lg" variant="light">
          {t('alarms.severity.warning')}: {data.counts.warning}
        </Badge>
        <Settings settings={data.settings} severities={data.severities} />
      </PageHeader>
      <Paper withBorder p="md">
        <ListFilters
          search={{
            defaultValue: filters.search,
            placeholder: t('alarms.searchPlaceholder'),
            w: { base: '100%', sm: 260 },
          }}
          submit={false}
        >
          <NativeSelect
            name="status"
            label={t('common.status')}
            defaultValue={filters.status}
            data={['open', 'cleared', 'all'].map((v) => ({ value: v, label: t(`alarms.status.${v}`) }))}
            w={130}
          />
          <SelectFilter
            name="severity"
            label={t('alarms.col.severity')}
            defaultValue={filters.severity}
            options={data.severities.map((v) => ({ value: v, label: t(`alarms.severity.${v}`) }))}
            w={150}
          />
          <SelectFilter
            name="kind"
            label={t('alarms.col.kind')}
            defaultValue={filters.kind}
            options={data.kinds.map((v) => ({ value: v, label: t(`alarms.kind.${v}`) }))}
            w={210}
          />
          <SelectFilter
            name="assigned"
            label={t('alarms.filter.assigned')}
            defaultValue={filters.assigned}
            options={[
              { value: 'me', label: t('alarms.filter.me') },
              { value: 'none', label: t('alarms.filter.none') },
            ]}
            w={140}
          />
          <InstallerFilter
            label={t('sites.installer')}
            options={data.organizations}
            defaultValue={filters.organizationId}
          />
          <Checkbox
            name="unacknowledged"
            value="1"
            defaultChecked={filters.unacknowledged === '1'}
            label={t('alarms.filter.unacknowledged')}
            mb={8}
          />
        </ListFilters>
        <ListTable
          list={data}
          columns={columns}
          caption={t('alarms.title')}
          emptyText={t('alarms.empty')}
          filtered={false}
        />
      </Paper>
    </>
  );
}
