import { Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { LiveChecks } from '~/components/console/commissioning/live-step';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = {
  i18n: [
    'commissioning',
    'config',
    'device',
    'devices',
    'fault',
    'fleet',
    'mandate',
    'modules',
    'refusal',
    'rollouts',
    'sites',
    'troubleshoot',
  ],
};

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.commissioningReport')];

export const loader = load(async (ctx, { params }) =>
  ctx.services.commissioning.report(ctx.actor, { siteId: params.siteId }),
);

// The console's header and navigation stay off paper.
const PRINT_CSS =
  '@media print { header, nav, .mantine-AppShell-header, .mantine-AppShell-navbar, .no-print { display: none !important; } .mantine-AppShell-main { padding: 0 !important; } }';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text>{children}</Text>
    </div>
  );
}

export default function CommissioningReport() {
  const r = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  return (
    <Stack>
      <style>{PRINT_CSS}</style>
      <Group justify="space-between" className="no-print">
        <Button component={Link} to={`/console/commissioning/${r.siteId}`} variant="subtle">
          ← {t('commissioning.title')}
        </Button>
        <Group>
          <Button onClick={() => window.print()} variant="light">
            {t('commissioning.report.print')}
          </Button>
          <Button component="a" href={`/console/commissioning/${r.siteId}/report.pdf`}>
            {t('commissioning.report.pdf')}
          </Button>
        </Group>
      </Group>
      <div>
        <Text fw={800} c="orange.7" size="xl">
          iLumen
        </Text>
        <Title order={1} size="h2">
          {t('commissioning.report.title')}
        </Title>
        <Text c="dimmed">{r.address}</Text>
      </div>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('commissioning.report.site')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Field label={t('sites.installer')}>{r.organization}</Field>
          <Field label={t('commissioning.report.technician')}>
            {r.installer ? `${r.installer.name} (${r.installer.email})` : '—'}
          </Field>
          <Field label={t('commissioning.report.owner')}>
            {r.owner.email ? `${r.owner.name ?? ''} ${r.owner.email}`.trim() : '—'}
          </Field>
          <Field label={t('sites.grid')}>
            {t(`sites.gridPhases.${r.grid.phases}`)} · {r.grid.mainFuseA} A
          </Field>
          <Field label="EAN">{r.ean ?? '—'}</Field>
          <Field label={t('commissioning.report.mandate')}>
            {r.mandate ? t(`mandate.status.${r.mandate.status}`) : t('commissioning.report.mandateLater')}
          </Field>
        </SimpleGrid>
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('commissioning.report.gateway')}
        </Title>
        {r.gateway ? (
          <SimpleGrid cols={{ base: 1, sm: 4 }}>
            <Field label={t('commissioning.report.serial')}>{r.gateway.serial}</Field>
            <Field label={t('commissioning.report.firmware')}>
              {[r.gateway.firmware, r.gateway.hardware].filter(Boolean).join(' · ') || '—'}
            </Field>
            <Field label={t('commissioning.report.lastSeen')}>
              {r.gateway.lastSeenAt ? f.dateTime(r.gateway.lastSeenAt) : '—'}
            </Field>
            <Field label={t('commissioning.report.config')}>
              {r.config
                ? `v${r.config.version} · ${t(`config.status.${r.config.state}`, { reason: '' })}`
                : '—'}
            </Field>
          </SimpleGrid>
        ) : (
          <Text c="dimmed">—</Text>
        )}
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('commissioning.report.devices')}
        </Title>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('fleet.col.type')}</Table.Th>
              <Table.Th>{t('fleet.col.model')}</Table.Th>
              <Table.Th>{t('fleet.col.serial')}</Table.Th>
              <Table.Th>{t('commissioning.devices.endpoint')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.devices.map((d) => (
              <Table.Tr key={`${d.type}-${d.serial}`}>
                <Table.Td>{t(`devices.type.${d.type}`)}</Table.Td>
                <Table.Td>{[d.manufacturer, d.model].filter(Boolean).join(' ')}</Table.Td>
                <Table.Td>{d.serial}</Table.Td>
                <Table.Td>{d.endpoint ? `${d.endpoint} #${d.unitId} (${d.driver})` : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      <Card withBorder>
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4">
            {t('commissioning.report.liveCheck')}
          </Title>
          {r.live ? (
            <Badge color={r.live.ok ? 'green' : 'red'}>
              {r.live.ok ? t('commissioning.live.passed') : t('commissioning.live.failed')}
            </Badge>
          ) : null}
        </Group>
        {r.live ? (
          <LiveChecks live={r.live} />
        ) : (
          <Text c="dimmed">{t('commissioning.report.noLiveCheck')}</Text>
        )}
      </Card>
      <Text size="sm" c="dimmed">
        {t('commissioning.report.started')}: {f.date(r.startedAt)}
        {r.completedAt ? ` · ${t('commissioning.report.completed')}: ${f.date(r.completedAt)}` : ''} ·{' '}
        {t('commissioning.report.generated')}: {f.dateTime(r.generatedAt)}
      </Text>
    </Stack>
  );
}
