import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useFormat, useT } from '~/lib/i18n';
import { maintenanceReasonText } from './decision-text';

export interface MaintenanceItem {
  id: number;
  battery: string;
  status: string;
  windowStart: string;
  windowEnd: string;
  lastFullAt: string | null;
  finalSocPct: number | null;
  reason: string | null;
}

const COLORS: Record<string, string> = {
  planned: 'blue',
  running: 'orange',
  completed: 'green',
  aborted: 'red',
  missed: 'gray',
  cancelled: 'gray',
};

/** "Onderhoudsmodus AC-batterij": the planned and past maintenance charges of an address. */
export function MaintenanceList({ items }: { items: MaintenanceItem[] }) {
  const t = useT();
  const f = useFormat();
  return (
    <Card withBorder data-testid="maintenance">
      <Title order={2} size="h5" mb={4}>
        {t('control.maintenance.title')}
      </Title>
      <Text size="sm" mb="xs">
        {t('control.maintenance.intro')}
      </Text>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('control.maintenance.none')}
        </Text>
      ) : (
        <Stack gap="xs">
          {items.map((m) => (
            <Group key={m.id} justify="space-between" wrap="nowrap" align="flex-start">
              <div>
                <Text size="sm" fw={600}>
                  {t('control.maintenance.window', {
                    day: f.date(m.windowStart),
                    from: f.time(m.windowStart).slice(0, 5),
                    to: f.time(m.windowEnd).slice(0, 5),
                  })}
                </Text>
                <Text size="xs" c="dimmed">
                  {m.battery}
                  {m.lastFullAt
                    ? ` · ${t('control.maintenance.lastFull', { date: f.date(m.lastFullAt) })}`
                    : ''}
                  {m.finalSocPct !== null ? ` · ${f.number(m.finalSocPct, 0)} %` : ''}
                  {m.reason ? ` · ${maintenanceReasonText(t, m.reason)}` : ''}
                </Text>
              </div>
              <Badge color={COLORS[m.status] ?? 'gray'} variant="light">
                {t(`control.maintenance.status.${m.status}`)}
              </Badge>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}
