import { refusalText } from '@ilumen/i18n';
import { Badge, Card, Group, SimpleGrid, Text, Title } from '@mantine/core';
import { useFormat, useT } from '~/lib/i18n';
import type { TroubleshootData as Data } from './data';
import { Field } from './parts';

export function GatewayCard({ data }: { data: Data }) {
  const t = useT();
  const f = useFormat();
  const g = data.gateway;
  if (!g)
    return (
      <Card withBorder>
        <Text c="dimmed">{t('troubleshoot.noGateway')}</Text>
      </Card>
    );
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('troubleshoot.gateway')} {g.serial}
        </Title>
        <Badge color={g.online ? 'green' : 'red'} size="lg" variant="light" data-testid="gateway-online">
          {g.online ? t('troubleshoot.online') : t('troubleshoot.offline')}
          {g.online_changed_at
            ? ` · ${t('troubleshoot.since', { time: f.dateTime(g.online_changed_at) })}`
            : ''}
        </Badge>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        <Field label={t('troubleshoot.firmware')}>{g.firmware_version ?? '—'}</Field>
        <Field label={t('troubleshoot.hardware')}>{g.hardware_revision ?? '—'}</Field>
        <Field label={t('troubleshoot.lastSeen')}>
          {g.last_seen_at ? f.dateTime(g.last_seen_at) : t('fleet.never')}
        </Field>
        <Field label={t('troubleshoot.uptime')}>
          {g.uptime_s !== null ? `${f.number(g.uptime_s / 3600, 1)} h` : '—'}
        </Field>
        <Field label={t('troubleshoot.config')}>
          {data.config
            ? `v${data.config.version} · ${t(`config.status.${data.config.state}`, { reason: refusalText(t, data.config.error) })}`
            : '—'}
        </Field>
      </SimpleGrid>
    </Card>
  );
}
