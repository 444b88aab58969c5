import { Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useFormat, useT } from '~/lib/i18n';

/** "Samenvatting gegevens voorbije dag": import, export and production of yesterday in kWh. */
export function YesterdaySummary({
  data,
}: {
  data: { importWh: number; exportWh: number; productionWh: number; hasData: boolean };
}) {
  const t = useT();
  const f = useFormat();
  const cell = (label: string, wh: number, color: string) => (
    <Stack gap={0} align="center">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} c={color}>
        {f.kwh(wh)}
      </Text>
    </Stack>
  );
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">
          {t('energy.yesterday.title')}
        </Title>
      </Group>
      {data.hasData ? (
        <SimpleGrid cols={3}>
          {cell(t('energy.import'), data.importWh, 'red.7')}
          {cell(t('energy.export'), data.exportWh, 'green.7')}
          {cell(t('energy.production'), data.productionWh, 'orange.7')}
        </SimpleGrid>
      ) : (
        <Text size="sm" c="dimmed">
          {t('energy.yesterday.none')}
        </Text>
      )}
    </Card>
  );
}
