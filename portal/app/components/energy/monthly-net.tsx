import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { useFormat, useLocale, useT } from '~/lib/i18n';

export interface MonthNet {
  month: string;
  netWh: number;
  netEur: string;
  hasData: boolean;
  daysWithoutTariff: number;
}

/** "Historische data netto-afname": per month the net import (+ more taken than fed in, − the reverse) and its cost. */
export function MonthlyNet({ months }: { months: MonthNet[] }) {
  const t = useT();
  const f = useFormat();
  const locale = useLocale();
  const withData = months.filter((m) => m.hasData);
  const monthName = (m: string) =>
    new Intl.DateTimeFormat({ nl: 'nl-BE', fr: 'fr-BE', en: 'en-BE' }[locale], {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(`${m}-15T12:00:00Z`));
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb={4}>
        {t('energy.monthly.title')}
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        {t('energy.monthly.hint')}
      </Text>
      {withData.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('energy.monthly.none')}
        </Text>
      ) : (
        <Stack gap={6}>
          {withData.map((m) => (
            <Group key={m.month} justify="space-between" wrap="nowrap">
              <Text size="sm" tt="capitalize">
                {monthName(m.month)}
              </Text>
              <Group gap="md" wrap="nowrap">
                <Text size="sm" fw={600} c={m.netWh > 0 ? 'red.7' : 'green.7'}>
                  {m.netWh > 0 ? '+' : m.netWh < 0 ? '−' : ''}
                  {f.kwh(Math.abs(m.netWh))}
                </Text>
                <Text
                  size="sm"
                  w={90}
                  ta="right"
                  title={
                    m.daysWithoutTariff > 0
                      ? t('energy.costMissingDays', { days: m.daysWithoutTariff })
                      : undefined
                  }
                >
                  {f.euro(m.netEur)}
                </Text>
              </Group>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}
