import { Card, SimpleGrid, Stack, Text } from '@mantine/core';
import { useFormat, useT } from '~/lib/i18n';

/**
 * Under the chart: import and export of the period, production, and what it costs at the tariffs of each day (or, when
 * more was fed in than taken, what the home receives).
 */
export function PeriodTotals({
  totals,
  cost,
}: {
  totals: { importWh: number; exportWh: number; productionWh: number };
  cost: { netEur: string; daysWithoutTariff: number } | null;
}) {
  const t = useT();
  const f = useFormat();
  const receivedEur = cost?.netEur.startsWith('-') && Number(cost.netEur) !== 0 ? cost.netEur.slice(1) : null;
  const item = (label: string, value: string, color?: string, testId?: string) => (
    <Stack gap={0} align="center">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} c={color} data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
  return (
    <Card withBorder>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        {item(t('energy.import'), f.kwh(totals.importWh), 'red.7', 'total-import')}
        {item(t('energy.export'), f.kwh(totals.exportWh), 'green.7', 'total-export')}
        {item(t('energy.production'), f.kwh(totals.productionWh), 'orange.7', 'total-production')}
        {/* more fed in than taken: money received, not a negative amount to pay */}
        {receivedEur
          ? item(t('energy.received'), f.euro(receivedEur), 'green.7', 'total-cost')
          : item(
              t('energy.cost'),
              cost ? f.euro(Number(cost.netEur) === 0 ? '0.00' : cost.netEur) : '–',
              undefined,
              'total-cost',
            )}
      </SimpleGrid>
      {cost && cost.daysWithoutTariff > 0 ? (
        <Text size="xs" c="dimmed" mt="xs" ta="center">
          {t('energy.costMissingDays', { days: cost.daysWithoutTariff })}
        </Text>
      ) : null}
    </Card>
  );
}
