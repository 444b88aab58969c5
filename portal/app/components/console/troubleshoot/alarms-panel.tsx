import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { alarmText } from '~/components/console/alarm-text';
import { ConsoleLink } from '~/components/console/console-links';
import { SeverityBadge } from '~/components/console/severity-badge';
import { useFormat, useT } from '~/lib/i18n';
import type { TroubleshootData as Data } from './data';

/** The site's open and recent alarms, each linked where its reader may open it. */
export function AlarmsPanel({ data }: { data: Data }) {
  const t = useT();
  const f = useFormat();
  if (data.alarms.length === 0) return null;
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="sm">
        {t('troubleshoot.alarms')}
      </Title>
      <Stack gap={6}>
        {data.alarms.map((a) => (
          <Group key={a.id} gap="xs" wrap="nowrap">
            <SeverityBadge severity={a.severity} />
            <Badge variant="light" color={a.status === 'open' ? 'red' : 'green'}>
              {t(`alarms.status.${a.status}`)}
            </Badge>
            <ConsoleLink target="alarm" to={`/console/alarms/${a.id}`} size="sm">
              {t(`alarms.kind.${a.kind}`)}: {alarmText(t, a)}
            </ConsoleLink>
            <Text size="xs" c="dimmed">
              {f.dateTime(a.raisedAt)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
